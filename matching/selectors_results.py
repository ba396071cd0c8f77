"""Selection results of a programme: the figures of the round and the companies chosen, as the
ministry reviewer (and agency staff) read them. Read-only, and deliberately narrow: counts,
final scores and decisions; never adviser comments, individual scores, decision reasons or
anyone's contact data (docs/assessment.md, "What a ministry reviewer sees")."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from companies.models import Application, Company
from core.models import Organisation
from programmes.models import Programme

from .models import Assignment, Decision
from .selectors import assessment_for, ranking

S = Application.Status
O = Decision.Outcome  # noqa: E741


@dataclass
class Figures:
    """How many applications reached each step. `received` counts every application sent in
    (drafts not counted, Japanese companies invited from the registry neither)."""

    received: int = 0
    sme_eligible: int = 0
    sme_ineligible: int = 0
    sme_unchecked: int = 0
    reviewed: int = 0
    selected: int = 0
    waitlisted: int = 0
    rejected: int = 0
    withdrawn: int = 0


@dataclass
class CounterpartFigures:
    counterpart: Organisation | None  # None: applied through the public form, no counterpart
    figures: Figures


@dataclass
class ChosenCompany:
    """A company selected or on the waiting list, with what the reviewer may read of it."""

    name: str
    country: str
    country_name: str
    counterpart: Organisation | None
    outcome: str
    outcome_label: str
    total: Decimal | None
    position: int | None
    waitlist_rank: int | None
    response_label: str


@dataclass
class SelectionResults:
    programme: Programme
    figures: Figures
    by_counterpart: list[CounterpartFigures]
    selected: list[ChosenCompany] = field(default_factory=list)
    waitlisted: list[ChosenCompany] = field(default_factory=list)
    invited: int = 0
    target_min: int = 0
    target_max: int = 0
    locked: bool = False


def _figures(applications) -> dict:
    """counterpart id (or None) → Figures, for the applications given, in one query."""
    reviewed = Assignment.objects.filter(application=OuterRef("pk"), completed_at__isnull=False)
    decided = Q(decision__isnull=False, decision__invited=False)
    rows = (
        applications.annotate(has_review=Exists(reviewed))
        .values("counterpart_id")
        .annotate(
            received=Count("pk"),
            sme_eligible=Count("pk", filter=Q(eligible=True)),
            sme_ineligible=Count("pk", filter=Q(eligible=False)),
            sme_unchecked=Count("pk", filter=Q(eligible__isnull=True)),
            reviewed=Count("pk", filter=Q(has_review=True)),
            selected=Count("pk", filter=decided & Q(decision__outcome=O.SELECT)),
            waitlisted=Count("pk", filter=decided & Q(decision__outcome=O.WAITLIST)),
            rejected=Count("pk", filter=decided & Q(decision__outcome=O.REJECT)),
            withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
        )
        .order_by()
    )
    return {row.pop("counterpart_id"): Figures(**row) for row in rows}


def _chosen(entry, decision: Decision) -> ChosenCompany:
    company: Company = entry.application.company
    return ChosenCompany(
        name=company.legal_name,
        country=company.country.code if company.country else "",
        country_name=company.country.name if company.country else "",
        counterpart=entry.application.counterpart,
        outcome=decision.outcome,
        outcome_label=decision.get_outcome_display(),
        total=entry.row.total,
        position=entry.row.position,
        waitlist_rank=decision.waitlist_rank,
        response_label=decision.get_response_display() if decision.response else "",
    )


def selection_results(programme: Programme) -> SelectionResults:
    """The figures of the programme's selection, overall and per counterpart organisation,
    and the companies selected and waitlisted with their final score (the mean of the complete
    reviews, out of 100) and place in the ranking."""
    received = Application.objects.unscoped("results page: can_read_results (staff, reviewers)")
    received = received.filter(programme=programme).exclude(status=S.DRAFT)
    received = received.exclude(decision__invited=True)
    per_counterpart = _figures(received)
    total = Figures()
    for figures in per_counterpart.values():
        for name in Figures.__dataclass_fields__:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
    organisations = Organisation.objects.in_bulk([pk for pk in per_counterpart if pk])
    by_counterpart = sorted(
        (
            CounterpartFigures(organisations.get(pk) if pk else None, figures)
            for pk, figures in per_counterpart.items()
        ),
        key=lambda item: (item.counterpart is None, item.counterpart and item.counterpart.name),
    )
    selected, waitlisted = [], []
    for entry in ranking(programme):
        decision = entry.decision
        if decision is None or decision.invited:
            continue
        if decision.outcome == O.SELECT:
            selected.append(_chosen(entry, decision))
        elif decision.outcome == O.WAITLIST:
            waitlisted.append(_chosen(entry, decision))
    waitlisted.sort(key=lambda c: (c.waitlist_rank is None, c.waitlist_rank or 0))
    assessment = assessment_for(programme)
    return SelectionResults(
        programme=programme,
        figures=total,
        by_counterpart=by_counterpart,
        selected=selected,
        waitlisted=waitlisted,
        invited=Decision.objects.filter(application__programme=programme, invited=True).count(),
        target_min=assessment.target_min,
        target_max=assessment.target_max,
        locked=assessment.is_locked,
    )
