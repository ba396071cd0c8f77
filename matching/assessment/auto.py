"""Criteria filled from the application: a score read off bands of a figure, or off a yes/no
answer. Rules are plain data, as stored on the criterion:

    {"bands": [["0", "1"], ["100000000", "3"], ["500000000", "5"]]}   from this value up: score
    {"yes": "0", "no": "5"}                                            by the answer
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

BAND_SOURCES = ("sales", "growth_rate", "years_in_business", "employees")
YES_NO_SOURCES = ("japanese_partner_experience", "exports")


@dataclass(frozen=True)
class RuleProblem:
    """Where a rule is wrong (line number from 1 for bands, or the answer) and what is wrong."""

    where: str
    message: str


def _number(text) -> Decimal:
    value = Decimal(str(text).replace(",", "").replace("\u00a0", "").replace(" ", ""))
    if not value.is_finite():
        raise InvalidOperation
    return value


def parse_bands(text: str) -> tuple[list[list[str]], list[RuleProblem]]:
    """Lines of "from value = score" (or "from value: score") into sorted bands."""
    bands: list[tuple[Decimal, Decimal]] = []
    problems: list[RuleProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for separator in ("=", ":", "→"):
            if separator in line:
                low, _sep, score = line.partition(separator)
                break
        else:
            problems.append(RuleProblem(f"line {number}", "expected “from value = score”"))
            continue
        try:
            bands.append((_number(low), _number(score)))
        except (InvalidOperation, ValueError):
            problems.append(
                RuleProblem(f"line {number}", "the value and the score must be numbers")
            )
    lows = [low for low, _score in bands]
    if len(set(lows)) != len(lows):
        problems.append(RuleProblem("bands", "two bands start at the same value"))
    if not bands and not problems:
        problems.append(RuleProblem("bands", "give at least one band"))
    bands.sort()
    return [[_text(low), _text(score)] for low, score in bands], problems


def bands_text(bands: list[list[str]]) -> str:
    return "\n".join(f"{low} = {score}" for low, score in bands)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def rule_scores(rule: dict) -> list[Decimal]:
    """Every score a rule can give (to check them against the criterion's scale)."""
    if "bands" in rule:
        return [Decimal(score) for _low, score in rule["bands"]]
    return [Decimal(rule[key]) for key in ("yes", "no") if rule.get(key) not in (None, "")]


def auto_score(source: str, rule: dict, value) -> Decimal | None:
    """The score for `value` (a number for band sources, a bool for yes/no sources); None when
    the application does not give the value or the rule has no band for it."""
    if value is None or not rule:
        return None
    if source in YES_NO_SOURCES:
        chosen = rule.get("yes" if value else "no")
        return Decimal(chosen) if chosen not in (None, "") else None
    number = Decimal(str(value))
    # The highest band starting at or below the value, whatever order the bands are stored in
    # (the services store them sorted; a rule edited elsewhere may not be).
    reached = [
        (Decimal(low), Decimal(band_score))
        for low, band_score in rule.get("bands", [])
        if number >= Decimal(low)
    ]
    return max(reached)[1] if reached else None
