"""Money figures in another currency are converted with the dated rate given, never a live one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from companies.eligibility import (
    EligibilityInputError,
    Figures,
    MissingRate,
    Rate,
    evaluate,
)

from .util import builtin

JP = builtin("jp-sme-basic-act-1999")
EU = builtin("eu-recommendation-2003-361")
USD_JPY = Rate("USD", "JPY", Decimal("150.25"), date(2026, 10, 1), "ECB reference rate")


def test_capital_in_usd_is_converted_and_the_rate_is_reported():
    figures = Figures("JP", "services", "company", capital=Decimal(300_000), currency="USD")
    result = evaluate(JP, figures, rates=[USD_JPY])
    assert result.rate == USD_JPY
    assert result.eligible is True  # USD 300,000 = JPY 45,075,000 ≤ 50M
    texts = result.to_json()["reasons"]
    assert texts[0] == (
        "converted capital USD 300,000 to JPY at 150.25 (rate of 2026-10-01, ECB reference rate)"
    )
    assert texts[1] == "capital JPY 45,075,000 ≤ 50,000,000 (services)"


def test_conversion_reason_without_a_source():
    rate = Rate("USD", "JPY", Decimal("150"), date(2026, 10, 1))
    figures = Figures("JP", "services", "company", capital=Decimal(1_000_000), currency="USD")
    result = evaluate(JP, figures, rates=[rate])
    assert result.to_json()["reasons"][0] == (
        "converted capital USD 1,000,000 to JPY at 150 (rate of 2026-10-01)"
    )


def test_converted_amount_exactly_at_the_limit_passes():
    rate = Rate("USD", "JPY", Decimal("150"), date(2026, 10, 1))
    at = Figures(
        "JP", "manufacturing", "company", capital=Decimal(2_000_000), employees=999, currency="USD"
    )
    above = Figures(
        "JP",
        "manufacturing",
        "company",
        capital=Decimal("2000000.01"),
        employees=999,
        currency="USD",
    )
    assert evaluate(JP, at, rates=[rate]).eligible is True
    assert evaluate(JP, above, rates=[rate]).eligible is False


def test_missing_rate_names_both_currencies():
    figures = Figures("JP", "services", "company", capital=Decimal(1), currency="USD")
    with pytest.raises(MissingRate) as caught:
        evaluate(JP, figures)
    assert (caught.value.from_currency, caught.value.to_currency) == ("USD", "JPY")
    assert str(caught.value) == "no exchange rate from USD to JPY was given"


def test_a_rate_for_another_pair_does_not_match():
    figures = Figures("JP", "services", "company", capital=Decimal(1), currency="USD")
    with pytest.raises(MissingRate):
        evaluate(JP, figures, rates=[Rate("JPY", "USD", Decimal("0.0066"), date(2026, 10, 1))])


def test_same_currency_needs_no_rate():
    figures = Figures("JP", "services", "company", capital=Decimal(1), currency="JPY")
    result = evaluate(JP, figures, rates=[USD_JPY])
    assert result.rate is None
    assert not [r for r in result.reasons if r.code == "converted"]


def test_employees_only_needs_no_rate_whatever_the_currency():
    figures = Figures("JP", "services", "company", employees=10, currency="USD")
    assert evaluate(JP, figures).eligible is True


def test_a_figure_that_does_not_apply_needs_no_rate():
    figures = Figures(
        "JP", "retail", "sole_proprietor", capital=Decimal(5), employees=3, currency="USD"
    )
    assert evaluate(JP, figures).size_class == "small"


def test_a_figure_the_rule_set_does_not_use_needs_no_rate():
    # The Japanese rule set has no turnover criterion.
    figures = Figures("JP", "retail", "company", sales=Decimal(5), employees=3, currency="USD")
    assert evaluate(JP, figures).eligible is True


def test_eu_figures_of_a_non_euro_member_state_are_converted():
    rate = Rate("PLN", "EUR", Decimal("0.2325"), date(2026, 9, 30), "ECB")
    figures = Figures(
        "PL",
        "retail",
        "company",
        employees=40,
        sales=Decimal(40_000_000),
        balance_sheet=Decimal(60_000_000),
        currency="PLN",
    )
    result = evaluate(EU, figures, rates=[rate])
    # PLN 40M = EUR 9.3M ≤ 10M: small.
    assert (result.eligible, result.size_class) == (True, "small")
    assert len([r for r in result.reasons if r.code == "converted"]) == 2


def test_two_different_rates_for_the_same_pair_are_refused():
    other = Rate("USD", "JPY", Decimal("149"), date(2026, 9, 30))
    figures = Figures("JP", "services", "company", capital=Decimal(1), currency="USD")
    with pytest.raises(EligibilityInputError, match="several rates from USD to JPY"):
        evaluate(JP, figures, rates=[USD_JPY, other])


def test_money_without_currency_is_refused():
    figures = Figures("JP", "services", "company", capital=Decimal(1))
    with pytest.raises(EligibilityInputError, match="capital given without a currency"):
        evaluate(JP, figures)


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-1), Decimal("NaN"), 1.5, "150"])
def test_rate_must_be_a_positive_decimal(bad):
    with pytest.raises(EligibilityInputError):
        Rate("USD", "JPY", bad, date(2026, 10, 1))


def test_rate_currencies_are_normalised_and_checked():
    assert Rate("usd", "jpy", Decimal(1), date(2026, 10, 1)).from_currency == "USD"
    with pytest.raises(EligibilityInputError, match="not a three-letter currency code"):
        Rate("US", "JPY", Decimal(1), date(2026, 10, 1))
