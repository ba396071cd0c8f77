"""Selecting the rule set of a country valid on a day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ..errors import EligibilityInputError
from ..messages import gettext_noop
from ..schema import parse_date
from ..vocabulary import rule_country


def select_rule_set(
    rule_sets: Iterable[Mapping[str, Any]],
    *,
    country: str,
    on: date,
    kind: str | None = "law",
) -> dict | None:
    """The rule set of `country` (a member state's code counts as "EU") valid on the day `on`:
    ``valid_from <= on <= valid_until``, both ends inclusive, no `valid_until` meaning open.

    Only rule sets of `kind` are considered ("law" by default, a missing "kind" counting as
    "law"; pass ``kind="programme"`` for programme-specific ones, None for both).  Returns None
    when none applies; raises `EligibilityInputError` when several do (overlapping validity is a
    data error, and picking one would be a guess).
    """
    if isinstance(on, datetime):
        on = on.date()
    if not isinstance(on, date):
        raise EligibilityInputError(
            f"on: {on!r} is not a date",
            template=gettext_noop("the date to select a rule set for is missing"),
        )
    target = rule_country(country)
    found = []
    for rule_set in rule_sets:
        if rule_set.get("country") != target:
            continue
        if kind is not None and rule_set.get("kind", "law") != kind:
            continue
        valid_from = parse_date(rule_set.get("valid_from"))
        raw_until = rule_set.get("valid_until")
        valid_until = parse_date(raw_until) if raw_until is not None else None
        if valid_from is None or (raw_until is not None and valid_until is None):
            raise EligibilityInputError(
                f"rule set {rule_set.get('name')!r}: valid_from/valid_until must be YYYY-MM-DD",
                template=gettext_noop("rule set %(name)s has an invalid validity period"),
                params={"name": str(rule_set.get("name"))},
            )
        if valid_from <= on and (valid_until is None or on <= valid_until):
            found.append(rule_set)
    if len(found) > 1:
        names = ", ".join(str(r.get("name")) for r in found)
        raise EligibilityInputError(
            f"several rule sets for {target} are valid on {on.isoformat()}: {names}",
            template=gettext_noop(
                "several rule sets for %(country)s are valid on %(date)s: %(names)s"
            ),
            params={"country": target, "date": on.isoformat(), "names": names},
        )
    return dict(found[0]) if found else None
