"""Japanese companies invited from the registry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.exceptions import CompanyError
from companies.models import Company
from companies.services.applications import (
    application_invite,
)
from core.audit import audit_record
from core.models import AuditEvent, User
from programmes.models import Programme

from ...exceptions import DecisionRefused
from ...models import Decision
from .notify import _queue
from .record import O


def companies_invite(
    programme: Programme, *, companies: list[Company], by: User, reason: str = ""
) -> list[Decision]:
    """Invite companies of the registry (by sector, from the agency's lists): each becomes a
    selected participant and is asked to confirm, like any other. All or none."""
    if not companies:
        raise DecisionRefused(
            _("Choose at least one company."), errors={"companies": [_("None chosen.")]}
        )
    no_email = [str(company) for company in companies if not company.contact_email]
    if no_email:
        raise DecisionRefused(
            _("No contact e-mail for %(names)s: add one in the registry first.")
            % {"names": ", ".join(no_email)},
            errors={"companies": no_email},
        )
    reason = reason.strip() or _("Invited from the company registry")
    decisions = []
    with transaction.atomic():
        now = timezone.now()
        for company in companies:
            try:
                application = application_invite(
                    programme,
                    company,
                    by=by,
                    email=company.contact_email,
                    language="ja" if company.country == "JP" else "en",
                    reason=reason,
                )
            except CompanyError as exc:
                raise DecisionRefused(exc.message, errors=exc.errors) from exc
            decision = Decision.objects.create(
                application=application,
                outcome=O.SELECT,
                reason=reason,
                invited=True,
                decided_by=by,
                decided_at=now,
            )
            _queue(decision)
            decisions.append(decision)
            audit_record(
                AuditEvent.Action.DECISION,
                actor=by,
                obj=decision,
                label=str(company),
                programme=programme,
                detail={"outcome": O.SELECT, "application": application.pk, "invited": True},
            )
    return decisions
