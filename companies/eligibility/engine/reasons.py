"""The reasons of a verdict that depend on the figures: each figure compared with its limit,
and the figures whose absence leaves a question open."""

from __future__ import annotations

from typing import Any

from .. import messages as m
from ..messages import Reason
from ..schema import Group, Limit, RuleSetSpec
from ..vocabulary import MONEY_FIGURES


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
