"""The ranking, the decisions, the waiting list, the companies that may be invited."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from companies.models import Application, Company
from core.models import Organisation
from programmes.models import Programme

from ..assessment import ranking as ranking_rules
from ..models import Assignment, Decision, Score
from .facts import assessed_applications, assignment_scores, auto_scores, criterion_specs
from .round import S, assessment_for, criterion_list


@dataclass
class RankingEntry:
    application: Application
    row: ranking_rules.Row
    assignments: list[Assignment]
    decision: Decision | None
    failed_names: list[str] = field(default_factory=list)

    @property
    def counterpart(self) -> Organisation | None:
        return self.application.counterpart


def ranking(programme: Programme, *, counterpart: Organisation | None = None) -> list:
    """Every applicant of the round with its weighted mean, spread, failed thresholds, missing
    reviews and decision, best first."""
    assessment = assessment_for(programme)
    criteria = list(criterion_list(programme))
    specs = criterion_specs(criteria)
    names = {criterion.pk: criterion.display_name for criterion in criteria}
    applications = (
        assessed_applications(programme)
        .select_related("company", "counterpart", "programme", "decision", "frozen_facts")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("adviser").prefetch_related(
                    Prefetch("scores", queryset=Score.objects.all())
                ),
            )
        )
    )
    if counterpart is not None:
        applications = applications.filter(counterpart=counterpart)
    by_id = {}
    inputs = []
    for application in applications:
        auto = auto_scores(application, criteria)
        assignments = list(application.assignments.all())
        reviews = [
            ranking_rules.Review(
                adviser=assignment.adviser_id,
                scores=assignment_scores(assignment),
                complete=assignment.is_complete,
                recommendation=assignment.recommendation,
            )
            for assignment in assignments
        ]
        by_id[application.pk] = (application, assignments)
        inputs.append(ranking_rules.Applicant(id=application.pk, reviews=reviews, auto=auto))
    rows = ranking_rules.rank(
        inputs,
        specs,
        reviews_required=assessment.reviews_per_application,
        disagreement=assessment.disagreement,
    )
    entries = []
    for row in rows:
        application, assignments = by_id[row.id]
        entries.append(
            RankingEntry(
                application=application,
                row=row,
                assignments=assignments,
                decision=getattr(application, "decision", None),
                failed_names=[names[pk] for pk in row.failed],
            )
        )
    return entries


def decision_list(programme: Programme) -> QuerySet[Decision]:
    return Decision.objects.filter(application__programme=programme).select_related(
        "application__company", "application__counterpart", "decided_by__organisation"
    )


def selected_count(programme: Programme) -> int:
    """Companies selected and still taking part (invited Japanese companies not counted)."""
    return Decision.objects.filter(
        application__programme=programme,
        outcome=Decision.Outcome.SELECT,
        invited=False,
        application__status=S.SELECTED,
    ).count()


def waitlist(programme: Programme) -> QuerySet[Decision]:
    return Decision.objects.filter(
        application__programme=programme,
        outcome=Decision.Outcome.WAITLIST,
        application__status=S.WAITLISTED,
    ).order_by("waitlist_rank", "id")


def invitable_companies(programme: Programme, *, sector: str = "") -> QuerySet[Company]:
    """Japanese companies of the registry not yet taking part in the programme."""
    companies = Company.objects.filter(country="JP", merged_into__isnull=True).exclude(
        applications__programme=programme
    )
    if sector:
        companies = companies.filter(industries__icontains=f'"{sector}"')
    return companies.order_by("legal_name")


def conflict_withdrawal_list(programme: Programme) -> QuerySet:
    """The withdrawn conflicts of interest of the programme, latest first (staff read them)."""
    from ..models import ConflictWithdrawal

    return ConflictWithdrawal.objects.filter(programme=programme).select_related(
        "adviser", "company", "declared_by", "withdrawn_by"
    )
