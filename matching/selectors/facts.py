"""Criteria filled from the application: the facts (live, or frozen at the lock), the rates
used, the automatic scores and a review's running total."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from companies.models import Application, Company
from companies.selectors import exchange_rate_on
from programmes.models import Programme

from ..assessment import auto as auto_rules
from ..assessment import ranking as ranking_rules
from ..models import Assignment, Criterion, FrozenFacts
from .round import ASSESSABLE


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
        Application.objects.unscoped("the ranking: staff pages (can_manage_assessment)")
        .filter(programme=programme)
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
