"""The shipped rule sets against the law's figures, exactly at each limit and one unit above.

The figures below are typed from the law texts, independently of companies/eligibility/builtin.py,
so a wrong number in the data fails here."""

from __future__ import annotations

import pytest

from .util import verdict

M = 1_000_000
BN = 1_000_000_000

# -- Japan, SME Basic Act art. 2 with the sub-sector orders ------------------------------------
# sector: (capital ≤, employees ≤, small enterprise employees ≤)
JP_ACT = {
    "manufacturing": (300 * M, 300, 20),
    "construction": (300 * M, 300, 20),
    "transport": (300 * M, 300, 20),
    "agriculture": (300 * M, 300, 20),
    "other": (300 * M, 300, 20),
    "wholesale": (100 * M, 100, 5),
    "retail": (50 * M, 50, 5),
    "services": (50 * M, 100, 5),
    "software": (300 * M, 300, 5),
    "rubber": (300 * M, 900, 20),
    "inns": (50 * M, 200, 20),
}
JP = "jp-sme-basic-act-1999"


@pytest.mark.parametrize("sector", JP_ACT)
def test_jp_capital_at_limit_suffices_even_with_many_employees(sector):
    capital, employees, _ = JP_ACT[sector]
    assert verdict(JP, sector, capital=capital, employees=employees + 1) == (True, "medium")


@pytest.mark.parametrize("sector", JP_ACT)
def test_jp_capital_one_yen_above_with_too_many_employees_is_large(sector):
    capital, employees, _ = JP_ACT[sector]
    assert verdict(JP, sector, capital=capital + 1, employees=employees + 1) == (False, "large")


@pytest.mark.parametrize("sector", JP_ACT)
def test_jp_employees_at_limit_suffice_even_with_large_capital(sector):
    capital, employees, _ = JP_ACT[sector]
    assert verdict(JP, sector, capital=capital + 1, employees=employees) == (True, "medium")


@pytest.mark.parametrize("sector", JP_ACT)
def test_jp_small_enterprise_line_at_limit_and_one_above(sector):
    capital, _, small = JP_ACT[sector]
    assert verdict(JP, sector, capital=capital + 1, employees=small) == (True, "small")
    assert verdict(JP, sector, capital=capital + 1, employees=small + 1) == (True, "medium")
    assert verdict(JP, sector, capital=1, employees=small + 1) == (True, "medium")


@pytest.mark.parametrize("sector", JP_ACT)
def test_jp_sole_proprietor_is_judged_by_employees_alone(sector):
    capital, employees, small = JP_ACT[sector]
    huge = 100 * capital
    assert verdict(JP, sector, "sole_proprietor", capital=huge, employees=employees) == (
        True,
        "medium",
    )
    assert verdict(JP, sector, "sole_proprietor", capital=1, employees=employees + 1) == (
        False,
        "large",
    )
    assert verdict(JP, sector, "sole_proprietor", employees=small) == (True, "small")


def test_jp_sub_sectors_differ_from_their_parent_groups():
    # 900 employees: an SME making rubber products, not in general manufacturing.
    assert verdict(JP, "rubber", capital=400 * M, employees=900)[0] is True
    assert verdict(JP, "manufacturing", capital=400 * M, employees=900)[0] is False
    # JPY 300M capital: an SME in software, not in general services.
    assert verdict(JP, "software", capital=300 * M, employees=500)[0] is True
    assert verdict(JP, "services", capital=300 * M, employees=500)[0] is False
    # 200 employees: an SME running an inn, not in general services.
    assert verdict(JP, "inns", capital=60 * M, employees=200)[0] is True
    assert verdict(JP, "services", capital=60 * M, employees=200)[0] is False


# -- The case study's programme rule -----------------------------------------------------------
CASE = "jp-case-study-ceo-network"
JP_CASE = {
    "manufacturing": (300 * M, 300),
    "other": (300 * M, 300),
    "wholesale": (100 * M, 100),
    "services": (15 * M, 100),
    "retail": (15 * M, 50),
}


@pytest.mark.parametrize("sector", JP_CASE)
def test_case_study_limits_either_criterion(sector):
    capital, employees = JP_CASE[sector]
    assert verdict(CASE, sector, capital=capital, employees=employees + 1)[0] is True
    assert verdict(CASE, sector, capital=capital + 1, employees=employees)[0] is True
    assert verdict(CASE, sector, capital=capital + 1, employees=employees + 1) == (False, "large")


def test_case_study_is_stricter_than_the_act_for_services_and_retail():
    assert verdict(CASE, "services", capital=20 * M, employees=101)[0] is False
    assert verdict(JP, "services", capital=20 * M, employees=101)[0] is True
    assert verdict(CASE, "retail", capital=20 * M, employees=51)[0] is False
    assert verdict(JP, "retail", capital=20 * M, employees=51)[0] is True


# -- EU, Recommendation 2003/361 -----------------------------------------------------------------
EU = "eu-recommendation-2003-361"
# class: (headcount <, turnover ≤, balance sheet ≤)
EU_LIMITS = {
    "micro": (10, 2 * M, 2 * M),
    "small": (50, 10 * M, 10 * M),
    "medium": (250, 50 * M, 43 * M),
}
EU_NEXT = {"micro": "small", "small": "medium", "medium": "large"}


@pytest.mark.parametrize("size", EU_LIMITS)
def test_eu_headcount_is_strictly_below(size):
    headcount, turnover, balance = EU_LIMITS[size]
    ok = {"sales": turnover, "balance_sheet": balance}
    assert verdict(EU, "manufacturing", employees=headcount - 1, **ok)[1] == size
    assert verdict(EU, "manufacturing", employees=headcount, **ok)[1] == EU_NEXT[size]


@pytest.mark.parametrize("size", EU_LIMITS)
def test_eu_turnover_or_balance_sheet_at_limit_suffices(size):
    headcount, turnover, balance = EU_LIMITS[size]
    n = headcount - 1
    assert (
        verdict(EU, "services", employees=n, sales=turnover, balance_sheet=balance + 1)[1] == size
    )
    assert (
        verdict(EU, "services", employees=n, sales=turnover + 1, balance_sheet=balance)[1] == size
    )
    both_above = verdict(EU, "services", employees=n, sales=turnover + 1, balance_sheet=balance + 1)
    assert both_above[1] == EU_NEXT[size]


def test_eu_ineligible_at_250_whatever_the_money():
    assert verdict(EU, "retail", employees=250, sales=1, balance_sheet=1) == (False, "large")
    assert verdict(EU, "retail", employees=249, sales=50 * M + 1, balance_sheet=43 * M + 1) == (
        False,
        "large",
    )


# -- Russia, 209-FZ + Decree 265 -----------------------------------------------------------------
RU = "ru-209-fz-decree-265-2016"
RU_LIMITS = {"micro": (15, 120 * M), "small": (100, 800 * M), "medium": (250, 2 * BN)}


@pytest.mark.parametrize("size", RU_LIMITS)
def test_ru_employees_and_income_at_limit_and_one_above(size):
    employees, income = RU_LIMITS[size]
    assert verdict(RU, "transport", employees=employees, sales=income) == (True, size)
    assert verdict(RU, "transport", employees=employees + 1, sales=income)[1] == EU_NEXT[size]
    assert verdict(RU, "transport", employees=employees, sales=income + 1)[1] == EU_NEXT[size]


def test_ru_category_follows_the_larger_condition():
    assert verdict(RU, "software", employees=3, sales=1500 * M) == (True, "medium")
    assert verdict(RU, "software", employees=251, sales=1) == (False, "large")


# -- Vietnam, Decree 80/2021 art. 5 ----------------------------------------------------------------
VN = "vn-decree-80-2021"
VN_LIMITS = {
    # sector sample: {class: (insured employees ≤, revenue ≤, total capital ≤)}
    "manufacturing": {
        "micro": (10, 3 * BN, 3 * BN),
        "small": (100, 50 * BN, 20 * BN),
        "medium": (200, 200 * BN, 100 * BN),
    },
    "agriculture": {
        "micro": (10, 3 * BN, 3 * BN),
        "small": (100, 50 * BN, 20 * BN),
        "medium": (200, 200 * BN, 100 * BN),
    },
    "wholesale": {
        "micro": (10, 10 * BN, 3 * BN),
        "small": (50, 100 * BN, 50 * BN),
        "medium": (100, 300 * BN, 100 * BN),
    },
    "services": {
        "micro": (10, 10 * BN, 3 * BN),
        "small": (50, 100 * BN, 50 * BN),
        "medium": (100, 300 * BN, 100 * BN),
    },
}
VN_CASES = [(sector, size) for sector in VN_LIMITS for size in VN_LIMITS[sector]]


@pytest.mark.parametrize(("sector", "size"), VN_CASES)
def test_vn_employees_and_revenue_or_capital(sector, size):
    employees, revenue, capital = VN_LIMITS[sector][size]
    nxt = EU_NEXT[size]
    assert (
        verdict(VN, sector, employees=employees, sales=revenue, balance_sheet=capital + 1)[1]
        == size
    )
    assert (
        verdict(VN, sector, employees=employees, sales=revenue + 1, balance_sheet=capital)[1]
        == size
    )
    assert (
        verdict(VN, sector, employees=employees, sales=revenue + 1, balance_sheet=capital + 1)[1]
        == nxt
    )
    assert verdict(VN, sector, employees=employees + 1, sales=1, balance_sheet=1)[1] == nxt


# -- Thailand, Ministerial Regulation 2019 ---------------------------------------------------------
TH = "th-ministerial-regulation-2019"
TH_LIMITS = {
    "manufacturing": {"micro": (5, 1_800_000), "small": (50, 100 * M), "medium": (200, 500 * M)},
    "retail": {"micro": (5, 1_800_000), "small": (30, 50 * M), "medium": (100, 300 * M)},
    "services": {"micro": (5, 1_800_000), "small": (30, 50 * M), "medium": (100, 300 * M)},
}
TH_CASES = [(sector, size) for sector in TH_LIMITS for size in TH_LIMITS[sector]]


@pytest.mark.parametrize(("sector", "size"), TH_CASES)
def test_th_employees_and_revenue_at_limit_and_one_above(sector, size):
    employees, revenue = TH_LIMITS[sector][size]
    assert verdict(TH, sector, employees=employees, sales=revenue) == (True, size)
    assert verdict(TH, sector, employees=employees + 1, sales=revenue)[1] == EU_NEXT[size]
    assert verdict(TH, sector, employees=employees, sales=revenue + 1)[1] == EU_NEXT[size]


def test_th_the_larger_size_applies():
    assert verdict(TH, "manufacturing", employees=3, sales=400 * M) == (True, "medium")
    assert verdict(TH, "manufacturing", employees=150, sales=1_000_000) == (True, "medium")
    assert verdict(TH, "services", employees=3, sales=300 * M + 1) == (False, "large")


# -- Malaysia, SME Corp 2013 ----------------------------------------------------------------------
MY = "my-sme-corp-2013"
# class: (sales limit, employees limit, strict?) — micro and small are "less than", medium "not
# exceeding"
MY_LIMITS = {
    "manufacturing": {
        "micro": (300_000, 5, True),
        "small": (15 * M, 75, True),
        "medium": (50 * M, 200, False),
    },
    "services": {
        "micro": (300_000, 5, True),
        "small": (3 * M, 30, True),
        "medium": (20 * M, 75, False),
    },
}
MY_CASES = [(sector, size) for sector in MY_LIMITS for size in MY_LIMITS[sector]]


@pytest.mark.parametrize(("sector", "size"), MY_CASES)
def test_my_sales_or_employees_at_each_line(sector, size):
    sales, employees, strict = MY_LIMITS[sector][size]
    last_in = (sales - 1, employees - 1) if strict else (sales, employees)
    first_out = (sales, employees) if strict else (sales + 1, employees + 1)
    assert verdict(MY, sector, sales=last_in[0], employees=last_in[1]) == (True, size)
    assert verdict(MY, sector, sales=first_out[0], employees=first_out[1])[1] == EU_NEXT[size]


def test_my_either_criterion_makes_an_sme_and_the_smaller_size_applies():
    assert verdict(MY, "manufacturing", sales=50 * M, employees=5000) == (True, "medium")
    assert verdict(MY, "manufacturing", sales=10**12, employees=200) == (True, "medium")
    assert verdict(MY, "manufacturing", sales=50 * M + 1, employees=201) == (False, "large")
    assert verdict(MY, "services", sales=100_000, employees=70) == (True, "micro")
    assert verdict(MY, "construction", sales=25 * M, employees=4) == (True, "micro")
