"""The company's answer (confirm or decline) and promotion from the waiting list."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Application
from companies.services.applications import (
    application_decide,
    application_transition,
)
from core.audit import audit_record
from core.models import AuditEvent, User
from programmes.models import Programme

from ... import selectors
from ...exceptions import DecisionRefused, ParticipationRefused
from ...models import Decision
from ..round import assessment_get_or_create
from .notify import _queue
from .record import O, S


def participation_respond(
    application: Application, *, response: str, by: User | None = None, note: str = ""
) -> Decision:
    """A selected company confirms or declines (through its private link, signed in, or staff
    on its behalf). A decline withdraws the application; staff then may promote the next."""
    if response not in Decision.Response.values:
        raise ParticipationRefused(
            _("Answer “confirmed” or “declined”."), errors={"response": [response]}
        )
    with transaction.atomic():
        application = (
            Application.objects.unscoped("locks the row the caller already holds")
            .select_for_update()
            .get(pk=application.pk)
        )
        decision = Decision.objects.filter(application=application).first()
        if decision is None or decision.outcome != O.SELECT or application.status != S.SELECTED:
            raise ParticipationRefused(
                _("Only a selected company can confirm or decline participation.")
            )
        if decision.response == response:
            return decision
        if response == Decision.Response.DECLINED:
            application_transition(
                application,
                to=S.WITHDRAWN,
                by=by,
                reason=_("Declined participation") + (f": {note.strip()}" if note.strip() else ""),
            )
        decision.response = response
        decision.response_note = note.strip()[:500]
        decision.responded_at = timezone.now()
        decision.save(update_fields=["response", "response_note", "responded_at"])
    return decision


def waitlist_promote(programme: Programme, *, by: User, reason: str = "") -> Decision:
    """Select the first company on the waiting list (when a place is free) and tell it."""
    assessment = assessment_get_or_create(programme)
    with transaction.atomic():
        type(assessment).objects.select_for_update().get(pk=assessment.pk)
        decision = selectors.waitlist(programme).select_related("application__company").first()
        if decision is None:
            raise DecisionRefused(_("Nobody is on the waiting list."), code="waitlist_empty")
        if selectors.selected_count(programme) >= assessment.target_max:
            raise DecisionRefused(
                _("The programme already has %(max)s selected companies, its most.")
                % {"max": assessment.target_max},
                code="over_target",
            )
        reason = reason.strip() or _("Promoted from the waiting list")
        application_decide(decision.application, to=S.SELECTED, by=by, reason=reason)
        decision.outcome = O.SELECT
        decision.promoted = True
        decision.waitlist_rank = None
        decision.reason = reason
        decision.decided_by = by
        decision.decided_at = timezone.now()
        decision.response = ""
        decision.responded_at = None
        decision.notified_at = None
        decision.save()
        decision.application.refresh_from_db()
        _queue(decision)
        audit_record(
            AuditEvent.Action.DECISION,
            actor=by,
            obj=decision,
            label=str(decision.application.company),
            programme=programme,
            detail={"outcome": O.SELECT, "application": decision.application_id, "promoted": True},
        )
    return decision
