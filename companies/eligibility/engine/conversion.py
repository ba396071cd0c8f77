"""Converting money figures into the rule set's currency with the `Rate` given for the pair."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import messages as m
from ..errors import EligibilityInputError, MissingRate
from ..messages import Reason, gettext_noop
from ..schema import RuleSetSpec
from ..vocabulary import MONEY_FIGURES
from .inputs import _input_error
from .shapes import Figures, Rate


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
