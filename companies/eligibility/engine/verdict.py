"""`evaluate`: judging a company's figures by a rule set (the semantics are in the package
docstring, companies/eligibility/engine/__init__.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import messages as m
from ..messages import Reason
from .conversion import _convert
from .inputs import _checked_values
from .plans import _parsed, _plan
from .reasons import _comparison, _missing
from .shapes import Figures, Rate, Result


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
