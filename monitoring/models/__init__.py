"""Monitoring data: a programme's survey settings, the private survey links of a meeting's
three respondents (the Japanese company, the overseas company, the interpreter), their answers,
the reminders sent, and each meeting's outcome level (derived by monitoring/levels.py, settled
by staff where the respondents disagree).

One module per part: choices (level meanings, respondents, transactions), monitoring_settings,
surveys (links, responses, reminders), outcomes, follow_ups (cases and notes), return_sales,
follow_up_surveys, reports.
"""

from .choices import LEVEL_MEANINGS, RespondentKind, Transaction
from .follow_up_surveys import FollowUpSurvey
from .follow_ups import FollowUp, FollowUpNote
from .monitoring_settings import MonitoringSettings
from .outcomes import MeetingOutcome, User
from .reports import Report, report_path
from .return_sales import ReturnSale
from .surveys import SurveyLink, SurveyReminder, SurveyResponse

__all__ = [
    "LEVEL_MEANINGS",
    "FollowUp",
    "FollowUpNote",
    "FollowUpSurvey",
    "MeetingOutcome",
    "MonitoringSettings",
    "Report",
    "RespondentKind",
    "ReturnSale",
    "SurveyLink",
    "SurveyReminder",
    "SurveyResponse",
    "Transaction",
    "User",
    "report_path",
]
