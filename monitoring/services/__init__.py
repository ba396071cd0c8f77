"""Every write of the monitoring app (see the modules): survey links and answers
(``surveys``), the meeting's outcome level (``outcomes``), invitations and reminders
(``reminders``)."""

from .outcomes import outcome_derive, outcome_settle
from .reminders import survey_mail_send, survey_mails_queue
from .surveys import (
    survey_answer,
    survey_check_open,
    survey_link_resolve,
    survey_links_issue,
)

__all__ = [
    "outcome_derive",
    "outcome_settle",
    "survey_answer",
    "survey_check_open",
    "survey_link_resolve",
    "survey_links_issue",
    "survey_mail_send",
    "survey_mails_queue",
]
