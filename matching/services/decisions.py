"""Selection decisions and what follows them: telling the companies (in their language, with
their private link), their confirmation or decline, promotion from the waiting list, and the
invitation of Japanese companies from the registry. Every status change is kept in the
application's trail with its reason."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.exceptions import CompanyError
from companies.models import Application, Company
from companies.services.applications import (
    application_decide,
    application_invite,
    application_transition,
    private_link,
)
from core.models import User
from programmes.models import Programme

from .. import selectors
from ..exceptions import DecisionRefused, ParticipationRefused
from ..models import Decision
from .round import assessment_get_or_create

S = Application.Status
O = Decision.Outcome  # noqa: E741
OUTCOME_STATUS = {O.SELECT: S.SELECTED, O.WAITLIST: S.WAITLISTED, O.REJECT: S.REJECTED}


def _missing_reviews(programme: Programme, ids: list[int]) -> dict[int, int]:
    required = assessment_get_or_create(programme).reviews_per_application
    rows = (
        Application.objects.filter(pk__in=ids)
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
        Application.objects.filter(programme=programme, pk__in=ids)
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
            current = Application.objects.filter(pk__in=ids, status=S.SELECTED).count()
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
    return decisions


# --- telling the companies ----------------------------------------------------------------------

SUBJECTS = {
    O.SELECT: lambda title: _("You are selected: %(title)s") % {"title": title},
    O.WAITLIST: lambda title: _("You are on the waiting list: %(title)s") % {"title": title},
    O.REJECT: lambda title: _("Your application: %(title)s") % {"title": title},
}


def _stands(decision: Decision) -> bool:
    """The decision is still the applicant's status (not withdrawn or changed since)."""
    return decision.application.status == OUTCOME_STATUS[decision.outcome]


def _queue(decision: Decision) -> bool:
    """Queue the e-mail telling the company, once the transaction commits; False when there is
    no address to send it to. Each company is its own task: one failing stops no other."""
    from ..tasks import decision_notify

    if not decision.application.email:
        return False
    decision_id = decision.pk

    def queue_decision_notify():
        decision_notify.delay(decision_id=decision_id)

    transaction.on_commit(queue_decision_notify, robust=True)
    return True


def decision_send(decision_id: int) -> bool:
    """E-mail one decision to its company (in its language, with its private link) and mark it
    told, only once the e-mail went. Nothing is sent for a decision already told, gone, or no
    longer the applicant's status. The decision's row is held while sending, so two runs at once
    send one e-mail; a failure leaves it untold and raises."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .filter(pk=decision_id, notified_at__isnull=True)
            .select_related("application__company", "application__programme")
            .first()
        )
        if decision is None or not _stands(decision) or not decision.application.email:
            return False
        application = decision.application
        with translation.override(application.language or "en"):
            programme = application.programme
            context = {
                "decision": decision,
                "application": application,
                "company": application.company,
                "programme": programme,
                "link": private_link(application),
            }
            if decision.invited:
                subject = _("Invitation to take part: %(title)s") % {
                    "title": programme.display_title
                }
            else:
                subject = SUBJECTS[decision.outcome](programme.display_title)
            body = render_to_string("matching/email/decision.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
        Decision.objects.filter(pk=decision.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
    return True


def _untold(programme: Programme):
    """The decisions not yet told whose outcome is still the applicant's status."""
    return (
        Decision.objects.filter(application__programme=programme, notified_at__isnull=True)
        .filter(
            Q(outcome=O.SELECT, application__status=S.SELECTED)
            | Q(outcome=O.WAITLIST, application__status=S.WAITLISTED)
            | Q(outcome=O.REJECT, application__status=S.REJECTED)
        )
        .select_related("application__company")
        .order_by("application__company__legal_name", "pk")
    )


def _nothing_to_tell(programme: Programme) -> DecisionRefused:
    recorded = Decision.objects.filter(application__programme=programme)
    if not recorded.exists():
        message = _(
            "No decision is recorded yet: select, waitlist or reject applicants in the ranking "
            "first. Nothing was sent."
        )
    elif not recorded.filter(notified_at__isnull=True).exists():
        message = _("Every decision has already been told: nothing to send.")
    else:
        message = _(
            "The decisions not yet told are no longer the applicants' status (withdrawn or "
            "changed since): nothing to send."
        )
    return DecisionRefused(message, code="nothing_to_tell")


def decisions_notify_preview(programme: Programme) -> dict:
    """What "Tell the companies" would send, before it does: the e-mails by kind and language
    (`groups`: kind, language, count), the companies without an address, and how many were
    already told. Raises DecisionRefused (code `nothing_to_tell`) when it would send nothing."""
    pending = list(_untold(programme))
    if not pending:
        raise _nothing_to_tell(programme)
    counts: dict[tuple[str, str], int] = {}
    without_email = []
    for decision in pending:
        if not decision.application.email:
            without_email.append(str(decision.application.company))
            continue
        kind = "invitation" if decision.invited else decision.outcome
        key = (kind, decision.application.language or "en")
        counts[key] = counts.get(key, 0) + 1
    order = ["invitation", O.SELECT, O.WAITLIST, O.REJECT]
    groups = [
        {"kind": kind, "language": language, "count": count}
        for (kind, language), count in sorted(
            counts.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
        )
    ]
    told = Decision.objects.filter(
        application__programme=programme, notified_at__isnull=False
    ).count()
    return {
        "groups": groups,
        "to_send": sum(counts.values()),
        "without_email": without_email,
        "already_told": told,
    }


def decisions_notify(programme: Programme, *, by: User) -> dict:
    """Queue the e-mail of every decision not yet told to its company, one task each. A
    decision counts as told only once its e-mail went, so running this again queues the ones a
    failure left untold (and a task queued twice still sends once). Raises DecisionRefused
    (code `nothing_to_tell`, with the reason) when there is no decision to tell."""
    queued, no_email = 0, []
    with transaction.atomic():
        pending = list(_untold(programme))
        if not pending:
            raise _nothing_to_tell(programme)
        for decision in pending:
            if _queue(decision):
                queued += 1
            else:
                no_email.append(str(decision.application.company))
    return {"queued": queued, "without_email": no_email}


# --- the company's answer -----------------------------------------------------------------------


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
        application = Application.objects.select_for_update().get(pk=application.pk)
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
    return decision


# --- Japanese companies invited from the registry -----------------------------------------------


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
    return decisions
