"""The scheduling app's exception family: runs that cannot start, schedules that cannot be
published."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError, NotAllowed


class SchedulingError(ApplicationError):
    """Every refusal of the scheduling app."""

    default_message = _("The programme cannot be scheduled.")
    code = "scheduling"


class NoSession(SchedulingError):
    default_message = _(
        "The programme has no business-meeting session with meeting slots: add one (with its "
        "meeting length and meetings per day) first."
    )
    code = "no_session"


class NoParticipants(SchedulingError):
    default_message = _("No company is selected and taking part.")
    code = "no_participants"


class NoPositiveScore(SchedulingError):
    default_message = _(
        "No pair of companies has a positive score: collect meeting requests or adviser "
        "scores first."
    )
    code = "no_positive_score"


class ContradictorySettings(SchedulingError):
    default_message = _("The scheduling settings contradict each other.")
    code = "contradictory_settings"


class PublishRefused(SchedulingError):
    default_message = _("The schedule could not be published.")
    code = "publish_refused"


class RequestRefused(SchedulingError):
    default_message = _("The meeting request could not be saved.")
    code = "request_refused"


class RequestsClosed(RequestRefused):
    default_message = _("Meeting requests are closed.")
    code = "requests_closed"


class NotParticipant(RequestRefused):
    default_message = _("This company does not take part in the programme.")
    code = "not_participant"


class NotYourCompany(RequestRefused, NotAllowed):
    default_message = _("You may answer only for your own company.")
    code = "permission_denied"


class InputRefused(SchedulingError):
    default_message = _("The scheduling input could not be saved.")
    code = "invalid"


class MeetingRefused(SchedulingError):
    """A hand edit or a day-of change that breaks a rule: nothing was saved."""

    default_message = _("The meeting could not be changed.")
    code = "meeting_refused"


class MeetingConflict(MeetingRefused):
    """Another meeting already holds the company, table or interpreter in that slot."""

    default_message = _(
        "Another meeting already takes this company, table or interpreter in that slot: "
        "nothing was saved. Reload the grid and try again."
    )
    code = "conflict"


class RepairRefused(SchedulingError):
    default_message = _("The schedule could not be repaired.")
    code = "repair_refused"
