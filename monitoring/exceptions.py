"""The monitoring app's exception family: survey answers and outcome settlements refused."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class MonitoringError(ApplicationError):
    """Every refusal of the monitoring app."""

    default_message = _("The outcome could not be recorded.")
    code = "monitoring"


class LinkInvalid(MonitoringError):
    default_message = _(
        "This survey link is not valid. Use the link from your e-mail or your agenda."
    )
    code = "link_invalid"


class SurveyClosed(MonitoringError):
    default_message = _("The survey for this meeting is closed: answers can no longer be changed.")
    code = "survey_closed"


class NotSurveyed(MonitoringError):
    default_message = _("This meeting is not surveyed.")
    code = "not_surveyed"


class AnswerRefused(MonitoringError):
    default_message = _("The answer could not be saved.")
    code = "invalid"


class AlreadyAnswered(AnswerRefused):
    default_message = _("This meeting already has your answer: open your survey link to change it.")
    code = "already_answered"


class SettleRefused(MonitoringError):
    default_message = _("The outcome level could not be settled.")
    code = "settle_refused"


class FollowUpRefused(MonitoringError):
    default_message = _("The follow-up could not be saved.")
    code = "follow_up_refused"


class ReportRefused(MonitoringError):
    default_message = _("The report could not be requested.")
    code = "report_refused"


class ReportEmpty(ReportRefused):
    default_message = _(
        "No meetings were held in this period and selection: there is nothing to report. "
        "Choose another period, programme kind or country."
    )
    code = "report_empty"


class ReturnSaleRefused(MonitoringError):
    default_message = _("The return sales could not be saved.")
    code = "return_sale_refused"
