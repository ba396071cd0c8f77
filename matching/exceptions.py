"""The matching app's exception family: assessment rounds, scores and selection decisions."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError, NotAllowed


class AssessmentError(ApplicationError):
    """Every refusal of the matching app."""

    default_message = _("The assessment could not be changed.")


class RoundLocked(AssessmentError):
    default_message = _(
        "The assessment round is locked: scores and assignments can no longer change."
    )
    code = "round_locked"


class NotAssigned(AssessmentError, NotAllowed):
    default_message = _("This application is not assigned to you.")
    code = "not_assigned"


class ConflictNotYours(AssessmentError, NotAllowed):
    default_message = _(
        "Only programme staff and the adviser who declared it may withdraw this conflict of "
        "interest."
    )


class ScoreOutOfScale(AssessmentError):
    default_message = _("A score is outside the criterion's scale.")
    code = "out_of_scale"


class DecisionRefused(AssessmentError):
    default_message = _("The decision could not be recorded.")
    code = "decision_refused"


class ParticipationRefused(AssessmentError):
    default_message = _("The answer could not be recorded.")
    code = "participation_refused"
