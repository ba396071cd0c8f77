"""Checking a company's figures before they are judged: country, sector, legal form, amounts,
employees and currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import EligibilityInputError
from ..messages import gettext_noop
from ..schema import RuleSetSpec
from ..vocabulary import LEGAL_FORMS, MONEY_FIGURES, SECTORS, known_countries, rule_country
from .shapes import Figures, _currency_code

_KNOWN_COUNTRIES = frozenset(known_countries())


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
