"""Properties that must hold for every shipped rule set, sector, legal form and figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from companies.eligibility import (
    BUILTIN_RULE_SETS,
    LEGAL_FORMS,
    SECTORS,
    SIZE_CLASSES,
    Figures,
    Rate,
    evaluate,
)

from .util import COUNTRY_OF, CURRENCY

NAMES = [rs["name"] for rs in BUILTIN_RULE_SETS]
BY_NAME = {rs["name"]: rs for rs in BUILTIN_RULE_SETS}
MONEY = ("capital", "sales", "balance_sheet")


def _boundaries(kind: str) -> list[int]:
    """Every limit in the shipped data, with its neighbours, so draws hit the edges often."""
    found = set()
    for rs in BUILTIN_RULE_SETS:
        for group in rs["definition"]["groups"].values():
            for size in ("micro", "small", "medium"):
                for figure, limit in group.get(size, {}).items():
                    if (figure == "employees") == (kind == "employees"):
                        value = limit if isinstance(limit, int) else next(iter(limit.values()))
                        found.update({value - 1, value, value + 1})
    return sorted(found)


employees_st = st.one_of(st.integers(0, 2000), st.sampled_from(_boundaries("employees")))
money_st = st.one_of(st.integers(0, 10**12), st.sampled_from(_boundaries("money"))).map(Decimal)


@st.composite
def complete_figures(draw, name=None):
    name = name or draw(st.sampled_from(NAMES))
    country = COUNTRY_OF[name]
    figures = Figures(
        country=country,
        sector=draw(st.sampled_from(SECTORS)),
        legal_form=draw(st.sampled_from(LEGAL_FORMS)),
        capital=draw(money_st),
        sales=draw(money_st),
        balance_sheet=draw(money_st),
        employees=draw(employees_st),
        currency=CURRENCY.get(country, "EUR"),
    )
    return name, figures


def rank(size):
    return SIZE_CLASSES.index(size)


@settings(max_examples=300)
@given(complete_figures(), st.sets(st.sampled_from([*MONEY, "employees"])))
def test_a_decided_verdict_never_depends_on_a_missing_figure(drawn, hidden):
    """Never guess: if the verdict (or the size) is given without some figures, every value
    those figures could take gives the same verdict (and size)."""
    name, full = drawn
    partial = replace(full, **dict.fromkeys(hidden))
    rule_set = BY_NAME[name]
    with_all, without = evaluate(rule_set, full), evaluate(rule_set, partial)
    assert with_all.eligible is not None and with_all.size_class is not None
    assert without.eligible in (None, with_all.eligible)
    assert without.size_class in (None, with_all.size_class)
    if without.eligible is None:
        assert without.size_class is None
        assert any(r.code == "missing" for r in without.reasons)


@settings(max_examples=200)
@given(complete_figures(), st.sampled_from([*MONEY, "employees"]), st.integers(1, 10**10))
def test_a_bigger_figure_never_makes_a_company_smaller(drawn, figure, more):
    name, figures = drawn
    bigger = getattr(figures, figure) + (more if figure == "employees" else Decimal(more))
    before = evaluate(BY_NAME[name], figures)
    after = evaluate(BY_NAME[name], replace(figures, **{figure: bigger}))
    assert rank(after.size_class) >= rank(before.size_class)
    assert (after.eligible is True) <= (before.eligible is True)


JP_LIMITS = {  # group -> (capital, employees), from the SME Basic Act and the sub-sector orders
    "manufacturing": (300_000_000, 300),
    "wholesale": (100_000_000, 100),
    "retail": (50_000_000, 50),
    "services": (50_000_000, 100),
    "software": (300_000_000, 300),
    "rubber": (300_000_000, 900),
    "inns": (50_000_000, 200),
}


@given(
    complete_figures("jp-sme-basic-act-1999"),
    st.booleans(),
    st.booleans(),
)
def test_japan_is_eligible_whenever_one_known_criterion_passes(drawn, drop_capital, drop_emp):
    _, figures = drawn
    rule_set = BY_NAME["jp-sme-basic-act-1999"]
    group = rule_set["definition"]["sectors"][figures.sector]
    capital_limit, employee_limit = JP_LIMITS[group]
    figures = replace(
        figures,
        capital=None if drop_capital else figures.capital,
        employees=None if drop_emp else figures.employees,
    )
    capital_ok = (
        figures.legal_form == "company"
        and figures.capital is not None
        and figures.capital <= capital_limit
    )
    employees_ok = figures.employees is not None and figures.employees <= employee_limit
    result = evaluate(rule_set, figures)
    assert (result.eligible is True) == (capital_ok or employees_ok)


@given(complete_figures("eu-recommendation-2003-361"), st.booleans(), st.booleans())
def test_eu_is_ineligible_whenever_the_headcount_fails(drawn, drop_sales, drop_balance):
    _, figures = drawn
    figures = replace(
        figures,
        employees=figures.employees + 250,
        sales=None if drop_sales else figures.sales,
        balance_sheet=None if drop_balance else figures.balance_sheet,
    )
    assert evaluate(BY_NAME["eu-recommendation-2003-361"], figures).eligible is False


def _band(value, lines):
    """The size band of one figure alone: lines are (size, limit, strict) smallest first."""
    for size, limit, strict in lines:
        if value < limit or (not strict and value == limit):
            return size
    return "large"


TH_LINES = {
    "manufacturing": (
        [("micro", 5, False), ("small", 50, False), ("medium", 200, False)],
        [
            ("micro", 1_800_000, False),
            ("small", 100 * 10**6, False),
            ("medium", 500 * 10**6, False),
        ],
    ),
    "trade_services": (
        [("micro", 5, False), ("small", 30, False), ("medium", 100, False)],
        [("micro", 1_800_000, False), ("small", 50 * 10**6, False), ("medium", 300 * 10**6, False)],
    ),
}
MY_LINES = {
    "manufacturing": (
        [("micro", 5, True), ("small", 75, True), ("medium", 200, False)],
        [("micro", 300_000, True), ("small", 15 * 10**6, True), ("medium", 50 * 10**6, False)],
    ),
    "services_other": (
        [("micro", 5, True), ("small", 30, True), ("medium", 75, False)],
        [("micro", 300_000, True), ("small", 3 * 10**6, True), ("medium", 20 * 10**6, False)],
    ),
}


@settings(max_examples=300)
@given(complete_figures("th-ministerial-regulation-2019"))
def test_thailand_size_is_the_larger_of_the_two_bands(drawn):
    _, figures = drawn
    rule_set = BY_NAME["th-ministerial-regulation-2019"]
    employee_lines, sales_lines = TH_LINES[rule_set["definition"]["sectors"][figures.sector]]
    expected = max(
        _band(figures.employees, employee_lines), _band(figures.sales, sales_lines), key=rank
    )
    assert evaluate(rule_set, figures).size_class == expected


@settings(max_examples=300)
@given(complete_figures("my-sme-corp-2013"))
def test_malaysia_size_is_the_smaller_of_the_two_bands(drawn):
    _, figures = drawn
    rule_set = BY_NAME["my-sme-corp-2013"]
    employee_lines, sales_lines = MY_LINES[rule_set["definition"]["sectors"][figures.sector]]
    expected = min(
        _band(figures.employees, employee_lines), _band(figures.sales, sales_lines), key=rank
    )
    assert evaluate(rule_set, figures).size_class == expected


@given(
    complete_figures(),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=4),
)
def test_converting_first_or_passing_a_rate_gives_the_same_verdict(drawn, rate_value):
    name, figures = drawn
    rule_set = BY_NAME[name]
    rate = Rate("USD", rule_set["currency"], rate_value, date(2026, 10, 1), "test")
    in_usd = figures
    converted = replace(
        figures,
        capital=figures.capital * rate_value,
        sales=figures.sales * rate_value,
        balance_sheet=figures.balance_sheet * rate_value,
    )
    in_usd = replace(figures, currency="USD")
    a = evaluate(rule_set, in_usd, rates=[rate])
    b = evaluate(rule_set, converted)
    assert (a.eligible, a.size_class) == (b.eligible, b.size_class)


@given(complete_figures(), st.sets(st.sampled_from([*MONEY, "employees"])))
def test_every_result_has_reasons_and_a_json_shape(drawn, hidden):
    name, figures = drawn
    result = evaluate(BY_NAME[name], replace(figures, **dict.fromkeys(hidden)))
    data = result.to_json()
    assert set(data) == {"eligible", "size_class", "rule_set", "reasons"}
    assert data["reasons"] and all(isinstance(text, str) and text for text in data["reasons"])
    assert any(r.code in ("decision", "missing") for r in result.reasons)
