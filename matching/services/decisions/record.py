"""Recording the selection decisions of a counterpart's applicants: select, waiting list,
reject."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.exceptions import CompanyError
from companies.models import Application
from companies.services.applications import (
    application_decide,
)
from core.audit import audit_record
from core.models import AuditEvent, User
from programmes.models import Programme

from ... import selectors
from ...exceptions import DecisionRefused
from ...models import Decision
from ..round import assessment_get_or_create

# Why reading this model without a user is safe here (core/scoping.py).
STAFF = "staff record decisions on applicants of their round"

S = Application.Status
O = Decision.Outcome  # noqa: E741
OUTCOME_STATUS = {O.SELECT: S.SELECTED, O.WAITLIST: S.WAITLISTED, O.REJECT: S.REJECTED}


def _missing_reviews(programme: Programme, ids: list[int]) -> dict[int, int]:
    required = assessment_get_or_create(programme).reviews_per_application
    rows = (
        Application.objects.unscoped(STAFF)
        .filter(pk__in=ids)
        .annotate(
            assigned=Count("assignments", distinct=True),
            done=Count(
                "assignments", filter=Q(assignments__completed_at__isnull=False), distinct=True
            ),
        )
        .values_list("pk", "assigned", "done")
    )
    return {pk: max(required, assigned) - done for pk, assigned, done in rows}


def decision_record(
    programme: Programme,
    *,
    applications: list[Application],
    outcome: str,
    reason: str,
    by: User,
    override_reason: str = "",
) -> list[Decision]:
    """Select, waitlist or reject applicants, all or none. A decision on an applicant still
    missing reviews needs an override reason; selections stay within the programme's target."""
    errors: dict[str, list[str]] = {}
    if outcome not in O.values:
        errors["outcome"] = [_("Choose select, waitlist or reject.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the decision: it is kept on record.")]
    if not applications:
        errors["applications"] = [_("Choose at least one applicant.")]
    if errors:
        raise DecisionRefused(_("The decision could not be recorded."), errors=errors)
    ids = [application.pk for application in applications]
    in_round = set(
        Application.objects.unscoped(STAFF)
        .filter(programme=programme, pk__in=ids)
        .filter(Q(pk__in=selectors.pool(programme).values("pk")) | Q(decision__isnull=False))
        .exclude(decision__invited=True)
        .values_list("pk", flat=True)
    )
    outside = [a for a in applications if a.pk not in in_round]
    if outside:
        raise DecisionRefused(
            _("Not in this programme's assessment round: %(names)s.")
            % {"names": ", ".join(str(a.company) for a in outside)},
            errors={"applications": [str(a.company) for a in outside]},
        )
    missing = {pk: n for pk, n in _missing_reviews(programme, ids).items() if n > 0}
    if missing and not override_reason.strip():
        names = [str(a.company) for a in applications if a.pk in missing]
        raise DecisionRefused(
            _("Reviews are still missing for %(names)s. Wait for them, or give a reason to decide "
              "without them.") % {"names": ", ".join(names)},
            errors={"override_reason": [_("Required when reviews are missing.")]},
            code="reviews_missing",
        )  # fmt: skip
    assessment = assessment_get_or_create(programme)
    with transaction.atomic():
        # One decision at a time per programme, so two people cannot both fill the last place.
        type(assessment).objects.select_for_update().get(pk=assessment.pk)
        if outcome == O.SELECT:
            current = (
                Application.objects.unscoped(STAFF).filter(pk__in=ids, status=S.SELECTED).count()
            )
            after = selectors.selected_count(programme) + len(set(ids)) - current
            if after > assessment.target_max:
                raise DecisionRefused(
                    _("This would select %(after)s companies; the programme takes at most "
                      "%(max)s.") % {"after": after, "max": assessment.target_max},
                    errors={"applications": [_("Over the programme's target.")]},
                    code="over_target",
                )  # fmt: skip
        next_rank = (
            Decision.objects.filter(application__programme=programme, outcome=O.WAITLIST)
            .exclude(waitlist_rank=None)
            .order_by("-waitlist_rank")
            .values_list("waitlist_rank", flat=True)
            .first()
            or 0
        )
        now = timezone.now()
        decisions = []
        note = reason.strip()
        if missing:
            note = _("%(reason)s (decided with reviews missing: %(why)s)") % {
                "reason": note,
                "why": override_reason.strip(),
            }
        for application in applications:
            try:
                application_decide(application, to=OUTCOME_STATUS[outcome], by=by, reason=note)
            except CompanyError as exc:
                raise DecisionRefused(
                    _("%(company)s: %(problem)s")
                    % {"company": application.company, "problem": exc.message},
                    errors={"applications": [str(application.company)]},
                ) from exc
            existing = Decision.objects.filter(application=application).first()
            unchanged = existing is not None and existing.outcome == outcome
            rank = None
            if outcome == O.WAITLIST:
                if unchanged and existing.waitlist_rank:
                    rank = existing.waitlist_rank
                else:
                    next_rank += 1
                    rank = next_rank
            decision, _created = Decision.objects.update_or_create(
                application=application,
                defaults={
                    "outcome": outcome,
                    "reason": reason.strip(),
                    "override_reason": override_reason.strip() if application.pk in missing else "",
                    "waitlist_rank": rank,
                    "decided_by": by,
                    "decided_at": now,
                    "notified_at": existing.notified_at if unchanged else None,
                    "response": existing.response if unchanged else "",
                    "responded_at": existing.responded_at if unchanged else None,
                    "promoted": False,
                },
            )
            decisions.append(decision)
            audit_record(
                AuditEvent.Action.DECISION,
                actor=by,
                obj=decision,
                label=str(application.company),
                programme=programme,
                detail={
                    "outcome": outcome,
                    "application": application.pk,
                    "reviews_missing": application.pk in missing,
                },
            )
    return decisions
