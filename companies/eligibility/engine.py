"""Evaluating a company's figures against a rule set.

How a verdict is reached (docs/eligibility.md has the long version):

1. The sector picks the rule set's group; the legal form may switch figures off (Japan: capital
   does not apply to a sole proprietor).
2. Money figures in another currency are converted with the `Rate` given for that pair.
3. Each size class of the group (smallest first) is tested with the rule set's combination, in
   three-valued logic: a known figure passes or fails its limit, a missing one is unknown.
   "any" passes when one child passes and fails only when all fail; "all" fails when one child
   fails and passes only when all pass; otherwise the test is unknown.  A figure a class does
   not limit is neutral (it neither qualifies nor disqualifies).
4. The largest class decides eligibility (pass: eligible, fail: not eligible, "large",
   unknown: `eligible` is None).  The size class is the first class whose test does not fail,
   if that test passes; if it is unknown the size class is None even when eligibility is known.

Nothing is guessed: when a missing figure could change the verdict, the verdict is None and
the reasons say which figure is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from . import messages as m
from .errors import EligibilityInputError, MissingRate
from .messages import Reason, gettext_noop
from .schema import Group, Limit, Node, RuleSetSpec, parse, parse_date
from .vocabulary import (
    LEGAL_FORMS,
    MONEY_FIGURES,
    SECTORS,
    known_countries,
    rule_country,
)

_CURRENCY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


_KNOWN_COUNTRIES = frozenset(known_countries())


def _currency_code(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) != 3 or not set(value.upper()) <= _CURRENCY_CHARS:
        raise EligibilityInputError(
            f"{what}: {value!r} is not a three-letter currency code (e.g. JPY)",
            template=gettext_noop("%(what)s: %(value)s is not a three-letter currency code"),
            params={"what": what, "value": str(value)},
        )
    return value.upper()


@dataclass(frozen=True)
class Figures:
    """What is known of a company.  Money figures are Decimal, in `currency`; None = unknown."""

    country: str
    sector: str
    legal_form: str
    capital: Decimal | None = None
    sales: Decimal | None = None
    balance_sheet: Decimal | None = None
    employees: int | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Rate:
    """1 `from_currency` = `rate` `to_currency`, as published on `date` by `source`."""

    from_currency: str
    to_currency: str
    rate: Decimal
    date: date
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "from_currency", _currency_code(self.from_currency, "rate from_currency")
        )
        object.__setattr__(
            self, "to_currency", _currency_code(self.to_currency, "rate to_currency")
        )
        rate = self.rate
        if isinstance(rate, int) and not isinstance(rate, bool):
            rate = Decimal(rate)
        if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
            raise EligibilityInputError(
                f"rate {self.from_currency}->{self.to_currency}: must be a positive Decimal, "
                f"not {self.rate!r}",
                template=gettext_noop("exchange rate %(pair)s must be a positive number"),
                params={"pair": f"{self.from_currency}->{self.to_currency}"},
            )
        object.__setattr__(self, "rate", rate)
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            raise EligibilityInputError(
                f"rate {self.from_currency}->{self.to_currency}: date must be a date",
                template=gettext_noop("exchange rate %(pair)s needs the date it was published"),
                params={"pair": f"{self.from_currency}->{self.to_currency}"},
            )


@dataclass(frozen=True)
class Result:
    """The verdict.  `eligible` and `size_class` are None when the figures cannot decide them;
    `reasons` say why, step by step; `rate` is the exchange rate used, if any."""

    eligible: bool | None
    size_class: str | None
    rule_set: str
    reasons: list[Reason] = field(default_factory=list)
    rate: Rate | None = None
    group: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The stable public shape: exactly these four keys, reasons as English text."""
        return {
            "eligible": self.eligible,
            "size_class": self.size_class,
            "rule_set": self.rule_set,
            "reasons": [reason.text for reason in self.reasons],
        }


# -- selecting a rule set --------------------------------------------------------------------


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


# -- evaluating ------------------------------------------------------------------------------

_ABSENT = object()  # a figure the class does not limit, or that does not apply to the form


_PARSED: dict[int, tuple[Mapping[str, Any], RuleSetSpec, dict]] = {}


def _parsed(rule_set: Mapping[str, Any]) -> tuple[RuleSetSpec, dict]:
    """The parsed rule set and its plans (see `_Plan`), kept for the same dict object: judging
    10,000 companies by one rule set parses it once. (Callers do not change a rule-set dict
    after passing it in.)"""
    cached = _PARSED.get(id(rule_set))
    if cached is not None and cached[0] is rule_set:
        return cached[1], cached[2]
    spec = parse(rule_set)
    if len(_PARSED) >= 64:
        _PARSED.clear()
    _PARSED[id(rule_set)] = (rule_set, spec, {})
    return spec, _PARSED[id(rule_set)][2]


class _Plan:
    """What a rule set asks of every company of one sector and legal form, worked out once per
    rule set: the group, the figures judged, the fixed reasons, each class's limits, and the
    outcome of the combination for each pattern of passed / failed / missing figures met so
    far (a handful for 10,000 companies)."""

    def __init__(self, spec: RuleSetSpec, sector: str, legal_form: str):
        self.group = group = spec.groups[spec.sectors[sector]]
        self.dropped = dropped = spec.not_applicable.get(legal_form, frozenset())
        combination = spec.combination.figures()
        self.judged = [
            f
            for f in combination
            if f not in dropped and any(f in limits for limits in group.classes.values())
        ]
        self.not_applicable = tuple(
            Reason(
                code="not_applicable",
                template=m.NOT_APPLICABLE,
                params={
                    "figure": m.FIGURE_LABELS[figure],
                    "legal_form": m.LEGAL_FORM_LABELS[legal_form],
                },
                translate=("figure", "legal_form"),
                figure=figure,
            )
            for figure in combination
            if figure in dropped
        )
        self.notes = tuple(
            Reason(code="note", template=note) for note in (*group.notes, *spec.notes)
        )
        self.figures = tuple(dict.fromkeys(combination))
        # Per class: the limit of each figure of the combination, None where the figure is
        # neutral (not limited by the class, or not applicable to the legal form).
        self.classes = [
            (
                size,
                tuple(None if f in dropped or f not in limits else limits[f] for f in self.figures),
            )
            for size, limits in group.classes.items()
        ]
        self.limited = {
            f: [(size, limits[f]) for size, limits in group.classes.items() if f in limits]
            for f in self.judged
        }
        self.combination = spec.combination
        self.outcomes: dict[tuple, tuple[bool | None, list[str]]] = {}

    def outcome(self, limits: tuple, values: Mapping[str, Any]) -> tuple[bool | None, list[str]]:
        """`_test` of the combination for one class; remembered per pattern of leaf results."""
        pattern = tuple(
            _ABSENT
            if limit is None
            else (None if (value := values[f]) is None else limit.accepts(value))
            for f, limit in zip(self.figures, limits, strict=True)
        )
        found = self.outcomes.get(pattern)
        if found is None:
            leaves = dict(zip(self.figures, pattern, strict=True))
            found = self.outcomes[pattern] = _test(self.combination, leaves.__getitem__)
        return found


def _plan(spec: RuleSetSpec, plans: dict, sector: str, legal_form: str) -> _Plan:
    plan = plans.get((sector, legal_form))
    if plan is None:
        plan = plans[sector, legal_form] = _Plan(spec, sector, legal_form)
    return plan


def evaluate(
    rule_set: Mapping[str, Any], figures: Figures, *, rates: Sequence[Rate] = ()
) -> Result:
    """Judge `figures` by `rule_set`; see the module docstring for the semantics.

    Raises `EligibilityInputError` for an unknown sector, legal form or country, a country the
    rule set does not cover, negative or mistyped figures, or an invalid rule set; `MissingRate`
    when a money figure the rule set needs is in another currency and `rates` has no rate for
    that pair.
    """
    spec, plans = _parsed(rule_set)
    values = _checked_values(spec, figures)
    plan = _plan(spec, plans, figures.sector, figures.legal_form)
    group = plan.group
    judged = plan.judged

    reasons: list[Reason] = []
    rate = _convert(spec, figures, values, judged, rates, reasons)
    reasons.extend(plan.not_applicable)

    for figure in judged:
        if values[figure] is not None:
            reasons.append(_comparison(spec, group, figure, values[figure], plan.limited[figure]))

    outcomes = {size: plan.outcome(limits, values) for size, limits in plan.classes}
    top_value, top_missing = outcomes[group.top_class]
    eligible: bool | None = top_value
    size_class: str | None = None
    if top_value is False:
        size_class = "large"
        reasons.append(
            Reason(
                code="decision",
                template=m.NOT_ELIGIBLE,
                params={"group": group.label},
                translate=("group",),
            )
        )
    elif top_value is None:
        reasons.extend(_missing(m.CANNOT_DECIDE, "missing", top_missing))
    else:
        for size, (value, missing) in outcomes.items():
            if value is False:
                continue
            if value is True:
                size_class = size
                reasons.append(
                    Reason(
                        code="decision",
                        template=m.ELIGIBLE,
                        params={"size_class": m.SIZE_CLASS_LABELS[size]},
                        translate=("size_class",),
                    )
                )
            else:
                reasons.append(Reason(code="decision", template=m.ELIGIBLE_SIZE_UNKNOWN))
                reasons.extend(_missing(m.SIZE_NOT_DECIDED, "size_missing", missing))
            break

    reasons.extend(plan.notes)

    return Result(
        eligible=eligible,
        size_class=size_class,
        rule_set=spec.name,
        reasons=reasons,
        rate=rate,
        group=group.key,
    )


def _input_error(message: str, template: str, **params: Any) -> EligibilityInputError:
    return EligibilityInputError(message % params, template=template, params=params)


def _checked_values(spec: RuleSetSpec, figures: Figures) -> dict[str, Any]:
    if not isinstance(figures, Figures):
        raise EligibilityInputError(f"figures must be a Figures, not {type(figures).__name__}")
    country = str(figures.country).strip().upper() if isinstance(figures.country, str) else None
    if country not in _KNOWN_COUNTRIES:
        countries = known_countries()
        template = gettext_noop("unknown country %(value)s; allowed: %(allowed)s")
        raise _input_error(
            template, template, value=repr(figures.country), allowed=", ".join(countries)
        )
    if rule_country(country) != spec.country:
        template = gettext_noop("rule set %(name)s applies to %(rule_country)s, not %(country)s")
        raise _input_error(
            template, template, name=spec.name, rule_country=spec.country, country=country
        )
    if figures.sector not in SECTORS:
        template = gettext_noop("unknown sector %(value)s; allowed: %(allowed)s")
        raise _input_error(
            template, template, value=repr(figures.sector), allowed=", ".join(SECTORS)
        )
    if figures.legal_form not in LEGAL_FORMS:
        template = gettext_noop("unknown legal form %(value)s; allowed: %(allowed)s")
        raise _input_error(
            template, template, value=repr(figures.legal_form), allowed=", ".join(LEGAL_FORMS)
        )

    values: dict[str, Any] = {}
    for figure in MONEY_FIGURES:
        value = getattr(figures, figure)
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
            template = gettext_noop("%(figure)s must be a Decimal amount, not %(value)s")
            raise _input_error(template, template, figure=figure, value=repr(value))
        if value is not None and value < 0:
            template = gettext_noop("%(figure)s must not be negative (%(value)s)")
            raise _input_error(template, template, figure=figure, value=str(value))
        values[figure] = value
    employees = figures.employees
    if employees is not None and (isinstance(employees, bool) or not isinstance(employees, int)):
        template = gettext_noop("employees must be a whole number, not %(value)s")
        raise _input_error(template, template, value=repr(employees))
    if employees is not None and employees < 0:
        template = gettext_noop("employees must not be negative (%(value)s)")
        raise _input_error(template, template, value=str(employees))
    values["employees"] = employees

    if figures.currency is None:
        given = [f for f in MONEY_FIGURES if values[f] is not None]
        if given:
            template = gettext_noop("%(figures)s given without a currency")
            raise _input_error(template, template, figures=", ".join(given))
    else:
        _currency_code(figures.currency, "figures currency")
    return values


def _convert(
    spec: RuleSetSpec,
    figures: Figures,
    values: dict[str, Any],
    judged: list[str],
    rates: Sequence[Rate],
    reasons: list[Reason],
) -> Rate | None:
    """Convert, in place, the money figures the rule set will judge into its currency."""
    to_convert = [f for f in judged if f in MONEY_FIGURES and values[f] is not None]
    if not to_convert:
        return None
    source = figures.currency.upper()
    if source == spec.currency:
        return None
    matching = []
    for rate in rates:
        if not isinstance(rate, Rate):
            raise EligibilityInputError(f"rates must hold Rate objects, not {type(rate).__name__}")
        if rate.from_currency == source and rate.to_currency == spec.currency:
            matching.append(rate)
    if not matching:
        raise MissingRate(source, spec.currency)
    if len({(r.rate, r.date) for r in matching}) > 1:
        template = gettext_noop(
            "several rates from %(from_currency)s to %(to_currency)s were given; pass one"
        )
        raise _input_error(template, template, from_currency=source, to_currency=spec.currency)
    rate = matching[0]
    for figure in to_convert:
        params: dict[str, Any] = {
            "figure": m.FIGURE_LABELS[figure],
            "from_currency": source,
            "value": values[figure],
            "to_currency": spec.currency,
            "rate": rate.rate,
            "date": rate.date.isoformat(),
        }
        if rate.source:
            params["source"] = rate.source
        reasons.append(
            Reason(
                code="converted",
                template=m.CONVERTED if rate.source else m.CONVERTED_NO_SOURCE,
                params=params,
                translate=("figure",),
                figure=figure,
            )
        )
        values[figure] = values[figure] * rate.rate
    return rate


def _test(node: Node, leaf) -> tuple[bool | None, list[str]]:
    """Three-valued test of `node`; with an unknown result, the missing figures that matter
    (those under a child that is itself unknown)."""
    results: list[tuple[bool | None, list[str]]] = []
    for child in node.children:
        if isinstance(child, str):
            value = leaf(child)
            if value is _ABSENT:
                continue  # neutral: the identity of the operator
            results.append((value, [child] if value is None else []))
        else:
            results.append(_test(child, leaf))
    decisive = node.op == "any"  # a True decides "any", a False decides "all"
    if any(value is decisive for value, _ in results):
        return decisive, []
    unknown = [missing for value, missing in results if value is None]
    if not unknown:
        return (not decisive), []
    merged: list[str] = []
    for missing in unknown:
        merged.extend(f for f in missing if f not in merged)
    return None, merged


def _comparison(
    spec: RuleSetSpec, group: Group, figure: str, value: Any, limited: list[tuple[str, Limit]]
) -> Reason:
    """Compare `value` with the tightest class limit it meets, or with the largest limit it
    fails (`limited`: the classes that limit the figure, smallest first, with their limit)."""
    passed = None
    for size, limit in limited:
        if limit.accepts(value):
            passed = (size, limit)
            break
    size, limit = passed if passed is not None else limited[-1]
    op = limit.op_pass if passed is not None else limit.op_fail
    params: dict[str, Any] = {"value": value, "op": op, "limit": limit.value, "group": group.label}
    translate = ["group"]
    if figure in MONEY_FIGURES:
        params["currency"] = spec.currency
    if size == group.top_class:
        template = m.COMPARED[figure]
    else:
        template = m.COMPARED_WITH_CLASS[figure]
        params["size_class"] = m.SIZE_CLASS_LABELS[size]
        translate.append("size_class")
    if figure == "employees":
        params["limit"] = int(limit.value)
    return Reason(
        code="pass" if passed is not None else "fail",
        template=template,
        params=params,
        translate=tuple(translate),
        figure=figure,
    )


def _missing(template: str, code: str, figures: list[str]) -> list[Reason]:
    return [
        Reason(
            code=code,
            template=template,
            params={"figure": m.FIGURE_LABELS[f]},
            translate=("figure",),
            figure=f,
        )
        for f in figures
    ]
