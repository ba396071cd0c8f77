"""The arithmetic that turns requests, adviser scores and time windows into the optimiser's
numbers. Pure: no Django, no database; docs/scheduling.md explains every rule here.

- ``pair_score``: one pair's combined score and how it was combined.
- ``free_slots``: the slots of a company not overlapping anything it is busy with.
- ``spread``: min / mean / max of meetings per company.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

MUST, LIKE, NO = "must", "like", "no"


@dataclass(frozen=True)
class Weights:
    must: int = 10
    like: int = 4
    mutual: int = 2
    base: int = 0
    adviser: int = 1


@dataclass(frozen=True)
class Combined:
    """``score`` > 0 means the pair may meet; ``excluded`` says why it never can (``blocked``,
    ``declined_by_domestic``, ``declined_by_overseas``) or is empty; ``parts`` lists the terms
    [(term, points)] that add up to the score."""

    score: int
    excluded: str = ""
    parts: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @property
    def positive(self) -> bool:
        return not self.excluded and self.score > 0


def _points(preference: str, weights: Weights) -> int:
    return {MUST: weights.must, LIKE: weights.like}.get(preference, 0)


def pair_score(
    *,
    domestic_wants: str = "",
    overseas_wants: str = "",
    adjustment: int = 0,
    blocked: bool = False,
    weights: Weights = Weights(),
) -> Combined:
    """Combine both sides' requests ("must" / "like" / "no" / "" for no answer) and an adviser's
    signed adjustment into one integer score.

    A block or a "not interested" from either side excludes the pair whatever the points.
    Otherwise: points of the Japanese side's request + points of the overseas side's request
    (+ the mutual bonus when both asked), or the base points when neither asked; then
    + adviser weight × adjustment. A score of 0 or less means the pair cannot meet."""
    if blocked:
        return Combined(0, "blocked")
    if domestic_wants == NO:
        return Combined(0, "declined_by_domestic")
    if overseas_wants == NO:
        return Combined(0, "declined_by_overseas")
    parts: list[tuple[str, int]] = []
    if domestic_wants:
        parts.append((f"domestic_{domestic_wants}", _points(domestic_wants, weights)))
    if overseas_wants:
        parts.append((f"overseas_{overseas_wants}", _points(overseas_wants, weights)))
    if domestic_wants and overseas_wants and weights.mutual:
        parts.append(("mutual", weights.mutual))
    if not parts and weights.base:
        parts.append(("base", weights.base))
    if adjustment:
        parts.append(("adviser", weights.adviser * adjustment))
    return Combined(sum(points for _term, points in parts), "", tuple(parts))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [start, end) share some time."""
    return a_start < b_end and b_start < a_end


def free_slots(
    slots: Sequence[tuple[int, datetime, datetime]],
    busy: Iterable[tuple[datetime, datetime]],
) -> list[int]:
    """The numbers of the slots (number, start, end) that overlap none of the busy intervals."""
    busy = list(busy)
    return [
        number
        for number, start, end in slots
        if not any(overlaps(start, end, b_start, b_end) for b_start, b_end in busy)
    ]


def spread(counts: Iterable[int]) -> dict:
    """{"min", "mean", "max"} of meetings per company (zeros included); all 0 for nobody."""
    values = list(counts)
    if not values:
        return {"min": 0, "mean": 0.0, "max": 0}
    return {"min": min(values), "mean": round(sum(values) / len(values), 2), "max": max(values)}
