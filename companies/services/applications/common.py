"""What every part of the application flow shares: the statuses and their allowed moves, the
lock reason, the trail (ApplicationEvent) and the form's open / deadline check."""

from django.utils.translation import gettext as _

from companies.exceptions import ApplicationClosed
from companies.models import Application, ApplicationEvent, ApplicationForm

# Why reading this model without a user is safe here (core/scoping.py).
LOCK = "locks the application the caller already obtained"

S = Application.Status

# Staff move applications along these steps (and back where a correction makes sense).
# Selected, waitlisted and rejected are not among them: only a selection decision reaches them
# (matching.services.decisions, through application_decide), so that every such status has
# its decision, its reason and stays within the programme's target.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.WITHDRAWN),
    S.SUBMITTED: (S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN),
    S.ELIGIBLE: (S.SHORTLISTED, S.INELIGIBLE, S.WITHDRAWN),
    S.INELIGIBLE: (S.ELIGIBLE, S.WITHDRAWN),
    S.SHORTLISTED: (S.ELIGIBLE, S.WITHDRAWN),
    S.SELECTED: (S.WITHDRAWN,),
    S.WAITLISTED: (S.WITHDRAWN,),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}
SELECTION_STATUSES = (S.SELECTED, S.WAITLISTED, S.REJECTED)
# Where a selection decision may move an applicant from: the assessed, and the decided (a
# decision may be changed).
DECIDABLE = (S.ELIGIBLE, S.SHORTLISTED, *SELECTION_STATUSES)
APPLICANT_EDITABLE = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE)


def _actor(by) -> str:
    return by.display_name() if by is not None else _("the applicant")


def _event(application, kind, *, by=None, actor=None, changes=None, reason="", frm="", to=""):
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        by=by,
        actor=actor or _actor(by),
        changes=changes or {},
        reason=reason,
        from_status=frm,
        to_status=to,
    )


def _check_form_open(form: ApplicationForm, *, starting: bool) -> None:
    if starting and not form.is_open:
        raise ApplicationClosed(_("This programme is not accepting applications."))
    if not form.accepts_changes():
        raise ApplicationClosed(_("The deadline for applications has passed."))
