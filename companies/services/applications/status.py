"""Status changes: staff moves along the flow (and withdrawals), and the selection statuses
set by a selection decision."""

from django.db import transaction
from django.utils.translation import gettext as _

from companies.exceptions import StatusChangeRefused
from companies.models import Application, ApplicationEvent

from .common import DECIDABLE, LOCK, SELECTION_STATUSES, TRANSITIONS, S, _event


def application_transition(
    application: Application, *, to: str, by, reason: str = ""
) -> Application:
    """Staff move an application along the status flow; every move is kept with its reason.
    The applicant (by=None) and its counterpart may only withdraw it. Selection statuses are
    refused here: a selection decision sets them (application_decide)."""
    if to not in S.values:
        raise StatusChangeRefused(
            _("Unknown status “%(status)s”.") % {"status": to}, errors={"status": [to]}
        )
    staff = by is not None and by.is_agency_staff
    if not staff and to != S.WITHDRAWN:
        raise StatusChangeRefused(_("Only programme staff can change the status."))
    with transaction.atomic():
        application = Application.objects.unscoped(LOCK).select_for_update().get(pk=application.pk)
        if to == application.status:
            return application
        if to in SELECTION_STATUSES and application.status in DECIDABLE:
            raise StatusChangeRefused(
                _("Select, waitlist or reject an applicant on the assessment's ranking page: "
                  "a decision keeps its reason and the programme's target."),
                errors={"status": [_("Decided on the ranking page.")]},
            )  # fmt: skip
        if to not in TRANSITIONS.get(application.status, ()):
            raise StatusChangeRefused(
                _("An application that is %(current)s cannot become %(target)s.")
                % {
                    "current": application.get_status_display(),
                    "target": S(to).label,
                },
                errors={"status": [_("Not allowed from the current status.")]},
            )
        if (
            staff
            and application.status in (S.INELIGIBLE,)
            and to == S.ELIGIBLE
            and not reason.strip()
        ):
            raise StatusChangeRefused(
                _("Give a reason to accept an application the SME check found not eligible."),
                errors={"reason": [_("A reason is required for this change.")]},
            )
        _status_set(application, to=to, by=by, reason=reason)
    return application


def application_decide(application: Application, *, to: str, by, reason: str) -> Application:
    """Set a selection status (selected, waitlisted, rejected). Only the selection service
    (matching.services.decisions) calls this, inside its transaction, with the decision it
    records; it has checked the target and the reviews."""
    if to not in SELECTION_STATUSES:
        raise StatusChangeRefused(
            _("Unknown status “%(status)s”.") % {"status": to}, errors={"status": [to]}
        )
    with transaction.atomic():
        application = Application.objects.unscoped(LOCK).select_for_update().get(pk=application.pk)
        if to == application.status:
            return application
        if application.status not in DECIDABLE:
            raise StatusChangeRefused(
                _("An application that is %(current)s cannot become %(target)s.")
                % {"current": application.get_status_display(), "target": S(to).label},
                errors={"status": [_("Not allowed from the current status.")]},
            )
        _status_set(application, to=to, by=by, reason=reason)
    return application


def _status_set(application: Application, *, to: str, by, reason: str) -> None:
    frm = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    _event(
        application,
        ApplicationEvent.Kind.STATUS,
        by=by,
        actor=None if by else application.email or None,
        frm=frm,
        to=to,
        reason=reason.strip(),
    )
