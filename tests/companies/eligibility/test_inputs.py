"""Bad input is refused with a message saying what is wrong and what is allowed."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from companies.eligibility import (
    BUILTIN_RULE_SETS,
    EligibilityInputError,
    Figures,
    evaluate,
)

from .util import builtin

JP = builtin("jp-sme-basic-act-1999")


def test_unknown_sector_lists_the_allowed_ones():
    with pytest.raises(EligibilityInputError) as caught:
        evaluate(JP, Figures("JP", "mining", "company", employees=1))
    assert str(caught.value) == (
        "unknown sector 'mining'; allowed: manufacturing, construction, transport, agriculture, "
        "wholesale, retail, services, software, rubber, inns, other"
    )
    assert isinstance(caught.value, ValueError)
    assert caught.value.params["value"] == "'mining'"


def test_unknown_legal_form_lists_the_allowed_ones():
    with pytest.raises(EligibilityInputError, match="allowed: company, sole_proprietor"):
        evaluate(JP, Figures("JP", "retail", "partnership", employees=1))


def test_unknown_country_lists_the_allowed_ones():
    with pytest.raises(EligibilityInputError, match=r"unknown country 'ID'; allowed: AT, BE"):
        evaluate(JP, Figures("ID", "retail", "company", employees=1))


def test_figures_of_another_country_than_the_rule_set():
    with pytest.raises(
        EligibilityInputError, match="rule set jp-sme-basic-act-1999 applies to JP, not RU"
    ):
        evaluate(JP, Figures("RU", "retail", "company", employees=1))


def test_country_code_case_does_not_matter():
    assert evaluate(JP, Figures("jp", "retail", "company", employees=1)).eligible is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capital", Decimal(-1), "capital must not be negative (-1)"),
        ("sales", Decimal("-0.01"), "sales must not be negative (-0.01)"),
        ("employees", -1, "employees must not be negative (-1)"),
        ("capital", 1.5, "capital must be a Decimal amount, not 1.5"),
        ("capital", Decimal("Infinity"), "capital must be a Decimal amount"),
        ("employees", 2.0, "employees must be a whole number, not 2.0"),
        ("employees", True, "employees must be a whole number, not True"),
    ],
)
def test_negative_or_mistyped_figures_are_refused(field, value, message):
    figures = Figures("JP", "retail", "company", currency="JPY", **{field: value})
    with pytest.raises(EligibilityInputError) as caught:
        evaluate(JP, figures)
    assert str(caught.value).startswith(message)


def test_integer_money_is_accepted_as_decimal():
    figures = Figures("JP", "retail", "company", capital=50_000_000, currency="JPY")
    assert evaluate(JP, figures).eligible is True


def test_zero_figures_are_valid():
    figures = Figures("JP", "retail", "company", capital=Decimal(0), employees=0, currency="JPY")
    assert (evaluate(JP, figures).eligible, evaluate(JP, figures).size_class) == (True, "small")


def test_evaluate_does_not_change_the_rule_sets():
    before = copy.deepcopy(BUILTIN_RULE_SETS)
    for rule_set in BUILTIN_RULE_SETS:
        country = "DE" if rule_set["country"] == "EU" else rule_set["country"]
        evaluate(rule_set, Figures(country, "retail", "company", employees=3))
    assert before == BUILTIN_RULE_SETS
