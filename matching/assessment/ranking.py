"""From scores to a ranking.

Each score is first put on a common footing: its place on the criterion's scale (0 at the lowest
score, 1 at the highest). An adviser's total for an applicant is the weighted mean of those
places over the criteria scored, times 100. An applicant's total is the mean of the totals of
its complete reviews; the spread is the highest minus the lowest of them. A criterion fails when
the mean of the scores it got is below the criterion's threshold, whatever the total."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .assign import order_key

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: Hashable
    weight: Decimal
    scale_min: Decimal
    scale_max: Decimal
    threshold: Decimal | None = None


@dataclass
class Review:
    adviser: Hashable
    scores: dict[Hashable, Decimal]  # criterion id → score (automatic ones included)
    complete: bool
    recommendation: str = ""


@dataclass
class Applicant:
    id: Hashable
    reviews: list[Review]
    auto: dict[Hashable, Decimal] = field(default_factory=dict)  # scores read off the application


@dataclass
class Row:
    id: Hashable
    total: Decimal | None
    spread: Decimal | None
    disagreement: bool
    means: dict[Hashable, Decimal]
    failed: list[Hashable]
    reviews_done: int
    reviews_missing: int
    recommendations: dict[str, int]
    position: int | None = None

    @property
    def passes(self) -> bool:
        return not self.failed


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def review_total(criteria: Sequence[CriterionSpec], scores: dict) -> Decimal | None:
    """Weighted mean place on the scales of the criteria scored, out of 100."""
    weighted = Decimal(0)
    weights = Decimal(0)
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            continue
        span = criterion.scale_max - criterion.scale_min
        weighted += criterion.weight * (Decimal(score) - criterion.scale_min) / span
        weights += criterion.weight
    if not weights:
        return None
    return _round(HUNDRED * weighted / weights)


def is_complete(criteria: Sequence[CriterionSpec], scores: dict) -> bool:
    return all(scores.get(criterion.id) is not None for criterion in criteria)


def rank(
    applicants: Sequence[Applicant],
    criteria: Sequence[CriterionSpec],
    *,
    reviews_required: int,
    disagreement: Decimal,
) -> list[Row]:
    """One row per applicant, best total first (applicants with no complete review last);
    equal totals share a position."""
    rows = []
    for applicant in applicants:
        complete = [review for review in applicant.reviews if review.complete]
        totals = [
            total
            for total in (
                review_total(criteria, {**review.scores, **applicant.auto}) for review in complete
            )
            if total is not None
        ]
        means: dict[Hashable, Decimal] = {}
        exact: dict[Hashable, Decimal] = {}  # thresholds compare the mean before rounding
        for criterion in criteria:
            if criterion.id in applicant.auto:
                means[criterion.id] = exact[criterion.id] = applicant.auto[criterion.id]
                continue
            values = [
                Decimal(review.scores[criterion.id])
                for review in complete
                if review.scores.get(criterion.id) is not None
            ]
            if values:
                exact[criterion.id] = sum(values) / len(values)
                means[criterion.id] = _round(exact[criterion.id])
        failed = [
            criterion.id
            for criterion in criteria
            if criterion.threshold is not None
            and criterion.id in exact
            and exact[criterion.id] < criterion.threshold
        ]
        spread = _round(max(totals) - min(totals)) if len(totals) > 1 else None
        recommendations: dict[str, int] = {}
        for review in complete:
            if review.recommendation:
                recommendations[review.recommendation] = (
                    recommendations.get(review.recommendation, 0) + 1
                )
        rows.append(
            Row(
                id=applicant.id,
                total=_round(sum(totals) / len(totals)) if totals else None,
                spread=spread,
                disagreement=spread is not None and spread >= disagreement,
                means=means,
                failed=failed,
                reviews_done=len(complete),
                reviews_missing=max(reviews_required, len(applicant.reviews)) - len(complete),
                recommendations=recommendations,
            )
        )
    rows.sort(key=lambda row: (row.total is None, -(row.total or 0), order_key(row.id)))
    position = 0
    previous = None
    for index, row in enumerate(rows, start=1):
        if row.total is None:
            break
        if row.total != previous:
            position = index
            previous = row.total
        row.position = position
    return rows
