"""What is worked out once per rule set, kept per process: the parsed rule set with its plans
(`_PARSED`, the one cache of them), and each plan's outcomes per pattern of leaf results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import messages as m
from ..messages import Reason
from ..schema import RuleSetSpec, parse
from .logic import _ABSENT, _test

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
