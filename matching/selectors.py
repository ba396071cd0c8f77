"""Reads of the assessment round, already scoped to what the user may see.

Agency staff see every assignment, score and decision. An adviser sees the applications assigned
to them and nothing else (another adviser's review answers 404). Everyone else sees none."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
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
from .models import Assessment, Assignment, Conflict, Criterion, Decision, FrozenFacts, Score
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
    return conflicts.filter(adviser=user, programme__in=programme_ids_with_role(user, Role.ADVISER))


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


@dataclass(frozen=True)
class AutoFact:
    """What an automatic criterion reads from an application, its score, and what the value
    came from: for sales the company's own figure and the dated rate used, for years in
    business the founding year and the programme's start. `frozen_at` is set when the value
    is the one kept at the round's lock."""

    value: object = None  # Decimal (sales, growth), int (employees, years), bool (yes / no)
    score: Decimal | None = None
    sales: Decimal | None = None
    currency: str = ""
    to_currency: str = ""
    rate: Decimal | None = None
    rate_date: date | None = None
    inverse: bool = False  # the rate is from the bands' currency to the company's
    founded: int | None = None
    start: int | None = None
    frozen_at: datetime | None = None

    def as_json(self) -> dict:
        def text(value):
            return None if value is None else str(value)

        return {
            "value": text(self.value) if isinstance(self.value, Decimal) else self.value,
            "score": text(self.score),
            "sales": text(self.sales),
            "currency": self.currency,
            "to_currency": self.to_currency,
            "rate": text(self.rate),
            "rate_date": self.rate_date.isoformat() if self.rate_date else None,
            "inverse": self.inverse,
            "founded": self.founded,
            "start": self.start,
        }

    @classmethod
    def from_json(cls, data: dict, source: str, frozen_at: datetime) -> "AutoFact":
        def number(value):
            return None if value in (None, "") else Decimal(value)

        value = data.get("value")
        if source in (Criterion.Source.SALES, Criterion.Source.GROWTH):
            value = number(value)
        return cls(
            value=value,
            score=number(data.get("score")),
            sales=number(data.get("sales")),
            currency=data.get("currency") or "",
            to_currency=data.get("to_currency") or "",
            rate=number(data.get("rate")),
            rate_date=date.fromisoformat(data["rate_date"]) if data.get("rate_date") else None,
            inverse=bool(data.get("inverse")),
            founded=data.get("founded"),
            start=data.get("start"),
            frozen_at=frozen_at,
        )


def _sales_fact(company: Company, currency: str, on: date) -> AutoFact:
    """Sales in the bands' currency, at the latest staff-entered rate dated on or before `on`."""
    if company.sales is None or not company.currency:
        return AutoFact()
    given = {"sales": company.sales, "currency": company.currency, "to_currency": currency}
    if not currency or company.currency == currency:
        return AutoFact(value=company.sales, **given)
    rate = exchange_rate_on(company.currency, currency, on)
    if rate is not None:
        return AutoFact(
            value=company.sales * rate.rate, rate=rate.rate, rate_date=rate.date, **given
        )
    inverse = exchange_rate_on(currency, company.currency, on)
    if inverse is not None and inverse.rate:
        return AutoFact(
            value=company.sales / inverse.rate,
            rate=inverse.rate,
            rate_date=inverse.date,
            inverse=True,
            **given,
        )
    return AutoFact(**given)


def _live_fact(application: Application, criterion: Criterion, on: date) -> AutoFact:
    company = application.company
    source = criterion.source
    if source == Criterion.Source.SALES:
        fact = _sales_fact(company, criterion.auto_rule.get("currency", ""), on)
    elif source == Criterion.Source.YEARS:
        start = application.programme.start_date.year
        years = max(0, start - company.year_founded) if company.year_founded else None
        fact = AutoFact(value=years, founded=company.year_founded, start=start)
    else:
        value = {
            Criterion.Source.GROWTH: company.growth_rate,
            Criterion.Source.EMPLOYEES: company.employees,
            Criterion.Source.JAPANESE_PARTNERS: company.japanese_partner_experience,
            Criterion.Source.EXPORTS: company.exports,
        }.get(source)
        fact = AutoFact(value=value)
    score = auto_rules.auto_score(source, criterion.auto_rule, fact.value)
    return replace(fact, score=score)


def frozen_facts_of(application: Application) -> FrozenFacts | None:
    """The values kept for the application when the round was locked (None while it is open,
    or for an application that joined the round after the lock)."""
    try:
        return application.frozen_facts
    except FrozenFacts.DoesNotExist:
        return None


def live_auto_facts(application: Application, criteria, *, on: date) -> dict:
    """criterion id → AutoFact read from the company's record now, with the rates of `on`."""
    return {
        criterion.pk: _live_fact(application, criterion, on)
        for criterion in criteria
        if criterion.is_automatic
    }


def assessed_applications(programme: Programme) -> QuerySet[Application]:
    """The applicants the ranking lists: those of the round, and those decided on."""
    return (
        Application.objects.filter(programme=programme)
        .filter(Q(status__in=ASSESSABLE) | Q(decision__isnull=False))
        .exclude(decision__invited=True)
    )


def auto_facts(application: Application, criteria, *, on: date | None = None) -> dict:
    """criterion id → AutoFact, for the automatic criteria: the values kept at the lock while
    the round is locked, else read live from the company's record (rates as of `on`, today
    by default)."""
    frozen = frozen_facts_of(application)
    on = on or timezone.localdate()
    facts = {}
    for criterion in criteria:
        if not criterion.is_automatic:
            continue
        kept = frozen.facts.get(str(criterion.pk)) if frozen is not None else None
        if kept is not None:
            facts[criterion.pk] = AutoFact.from_json(kept, criterion.source, frozen.frozen_at)
        else:
            facts[criterion.pk] = _live_fact(application, criterion, on)
    return facts


def application_facts(application: Application, criterion: Criterion):
    """The value a criterion filled from the application reads (None when not given)."""
    fact = auto_facts(application, [criterion]).get(criterion.pk)
    return None if fact is None else fact.value


def auto_scores(application: Application, criteria) -> dict[int, Decimal]:
    """criterion id → score, for the automatic criteria the application answers."""
    return {
        pk: fact.score
        for pk, fact in auto_facts(application, criteria).items()
        if fact.score is not None
    }


@dataclass(frozen=True)
class RateUsed:
    """1 `currency` = `rate` `to_currency`, the rate dated `on`."""

    currency: str
    to_currency: str
    rate: Decimal
    on: date


def frozen_rates(programme: Programme) -> list[RateUsed]:
    """The distinct exchange rates the frozen scores of the programme were read with."""
    rates = set()
    for facts in FrozenFacts.objects.filter(programme=programme).values_list("facts", flat=True):
        for kept in facts.values():
            if not kept.get("rate"):
                continue
            pair = (kept["currency"], kept["to_currency"])
            frm, to = reversed(pair) if kept.get("inverse") else pair
            rates.add(
                RateUsed(frm, to, Decimal(kept["rate"]), date.fromisoformat(kept["rate_date"]))
            )
    return sorted(rates, key=lambda r: (r.currency, r.to_currency, r.on))


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
    from .models import ConflictWithdrawal

    return ConflictWithdrawal.objects.filter(programme=programme).select_related(
        "adviser", "company", "declared_by", "withdrawn_by"
    )
