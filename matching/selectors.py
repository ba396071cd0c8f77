"""Reads of the assessment round, already scoped to what the user may see.

Agency staff see every assignment, score and decision. An adviser sees the applications assigned
to them and nothing else (another adviser's review answers 404). Everyone else sees none."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from companies.models import Application, Company
from companies.selectors import exchange_rate_on
from core.models import Organisation, User
from programmes.models import Programme, ProgrammeOrganisation, ProgrammeRole, Role
from programmes.selectors import programme_ids_with_role

from .assessment import auto as auto_rules
from .assessment import ranking as ranking_rules
from .models import Assessment, Assignment, Conflict, Criterion, Decision, Score
from .rules import can_manage_assessment

S = Application.Status
# Applications advisers assess: eligible ones, and those already decided on.
ASSESSABLE = (S.ELIGIBLE, S.SHORTLISTED, S.SELECTED, S.WAITLISTED, S.REJECTED)
UNDECIDED = (S.ELIGIBLE, S.SHORTLISTED)


def assessment_for(programme: Programme) -> Assessment:
    """The round's settings; the defaults (unsaved) until staff change them."""
    return Assessment.objects.filter(programme=programme).first() or Assessment(programme=programme)


def criterion_list(programme: Programme) -> QuerySet[Criterion]:
    return Criterion.objects.filter(programme=programme)


def criterion_get(programme: Programme, pk) -> Criterion:
    try:
        return criterion_list(programme).get(pk=pk)
    except (Criterion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such criterion.") from exc


def adviser_list(programme: Programme) -> QuerySet[User]:
    """People invited as advisers, in person or through their organisation."""
    people = ProgrammeRole.objects.filter(programme=programme, role=Role.ADVISER).values("user_id")
    organisations = ProgrammeOrganisation.objects.filter(
        programme=programme, role=Role.ADVISER
    ).values("organisation_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=people) | Q(organisation_id__in=organisations))
        .order_by("last_name", "first_name", "username")
    )


def pool(programme: Programme) -> QuerySet[Application]:
    """The applications of the round: assessable, and not invited from the registry."""
    return (
        Application.objects.filter(programme=programme, status__in=ASSESSABLE)
        .exclude(decision__invited=True)
        .select_related("company", "counterpart")
    )


def conflict_list_for_user(user: User, programme: Programme) -> QuerySet[Conflict]:
    conflicts = Conflict.objects.filter(programme=programme).select_related(
        "programme", "adviser__organisation", "company", "declared_by__organisation"
    )
    if can_manage_assessment(user, programme):
        return conflicts
    if not user.is_authenticated:
        return conflicts.none()
    return conflicts.filter(
        adviser=user, programme__in=programme_ids_with_role(user, Role.ADVISER)
    )


def conflict_get_for_user(user: User, pk) -> Conflict:
    conflict = (
        Conflict.objects.filter(pk=pk).select_related("programme").first()
        if str(pk).isdigit()
        else None
    )
    if (
        conflict is None
        or not conflict_list_for_user(user, conflict.programme).filter(pk=conflict.pk).exists()
    ):
        raise Http404("No such conflict.")
    return conflict


def conflicted_companies(programme: Programme, adviser: User) -> QuerySet[Company]:
    return Company.objects.filter(conflicts__programme=programme, conflicts__adviser=adviser)


def assignment_list_for_user(user: User, programme: Programme | None = None) -> QuerySet:
    assignments = Assignment.objects.select_related(
        "application__company",
        "application__counterpart",
        "application__programme",
        "adviser__organisation",
        "assigned_by__organisation",
        "programme",
    )
    if programme is not None:
        assignments = assignments.filter(programme=programme)
    if not user.is_authenticated:
        return assignments.none()
    if user.is_agency_staff:
        return assignments
    # An adviser sees their reviews only while they advise the programme.
    return assignments.filter(
        adviser=user, programme__in=programme_ids_with_role(user, Role.ADVISER)
    )


def assignment_get_for_user(user: User, pk) -> Assignment:
    try:
        return assignment_list_for_user(user).get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such review.") from exc


# --- criteria filled from the application ----------------------------------------------------


def _converted_sales(company: Company, currency: str) -> Decimal | None:
    if company.sales is None or not company.currency:
        return None
    if not currency or company.currency == currency:
        return company.sales
    today = timezone.localdate()
    rate = exchange_rate_on(company.currency, currency, today)
    if rate is not None:
        return company.sales * rate.rate
    inverse = exchange_rate_on(currency, company.currency, today)
    if inverse is not None and inverse.rate:
        return company.sales / inverse.rate
    return None


def application_facts(application: Application, criterion: Criterion):
    """The value a criterion filled from the application reads (None when not given)."""
    company = application.company
    source = criterion.source
    if source == Criterion.Source.SALES:
        return _converted_sales(company, criterion.auto_rule.get("currency", ""))
    if source == Criterion.Source.YEARS:
        if not company.year_founded:
            return None
        return max(0, application.programme.start_date.year - company.year_founded)
    if source == Criterion.Source.GROWTH:
        return company.growth_rate
    if source == Criterion.Source.EMPLOYEES:
        return company.employees
    if source == Criterion.Source.JAPANESE_PARTNERS:
        return company.japanese_partner_experience
    if source == Criterion.Source.EXPORTS:
        return company.exports
    return None


def auto_scores(application: Application, criteria) -> dict[int, Decimal]:
    """criterion id → score, for the automatic criteria the application answers."""
    scores = {}
    for criterion in criteria:
        if not criterion.is_automatic:
            continue
        score = auto_rules.auto_score(
            criterion.source, criterion.auto_rule, application_facts(application, criterion)
        )
        if score is not None:
            scores[criterion.pk] = score
    return scores


def criterion_specs(criteria) -> list[ranking_rules.CriterionSpec]:
    return [
        ranking_rules.CriterionSpec(
            id=criterion.pk,
            weight=criterion.weight,
            scale_min=Decimal(criterion.scale_min),
            scale_max=Decimal(criterion.scale_max),
            threshold=criterion.threshold,
        )
        for criterion in criteria
    ]


def assignment_scores(assignment: Assignment) -> dict[int, Decimal]:
    return {score.criterion_id: score.value for score in assignment.scores.all()}


def running_total(assignment: Assignment, criteria, auto: dict) -> Decimal | None:
    scores = {**assignment_scores(assignment), **auto}
    return ranking_rules.review_total(criterion_specs(criteria), scores)


# --- the ranking ------------------------------------------------------------------------------


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
        Application.objects.filter(programme=programme)
        .filter(Q(status__in=ASSESSABLE) | Q(decision__isnull=False))
        .exclude(decision__invited=True)
        .select_related("company", "counterpart", "programme", "decision")
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
    from .models import ConflictWithdrawal

    return ConflictWithdrawal.objects.filter(programme=programme).select_related(
        "adviser", "company", "declared_by", "withdrawn_by"
    )
