"""Missing figures: a verdict is given only when no missing figure could change it."""

from __future__ import annotations

import pytest

from .util import judge

M = 1_000_000
JP = "jp-sme-basic-act-1999"
EU = "eu-recommendation-2003-361"
TH = "th-ministerial-regulation-2019"
MY = "my-sme-corp-2013"
VN = "vn-decree-80-2021"


def missing(result, code="missing"):
    return [r.text for r in result.reasons if r.code == code]


def test_jp_nothing_known_cannot_decide_and_names_both_figures():
    result = judge(JP, "manufacturing")
    assert (result.eligible, result.size_class) == (None, None)
    assert missing(result) == ["cannot decide: capital missing", "cannot decide: employees missing"]


def test_jp_capital_over_and_employees_missing_cannot_decide():
    result = judge(JP, "manufacturing", capital=300 * M + 1)
    assert (result.eligible, result.size_class) == (None, None)
    assert missing(result) == ["cannot decide: employees missing"]


def test_jp_employees_over_and_capital_missing_cannot_decide():
    result = judge(JP, "wholesale", employees=101)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: capital missing"]


def test_jp_capital_within_is_enough_but_the_size_class_waits_for_employees():
    result = judge(JP, "manufacturing", capital=120 * M)
    assert (result.eligible, result.size_class) == (True, None)
    assert missing(result) == []
    assert missing(result, "size_missing") == ["size class not decided: employees missing"]
    assert "eligible: size class not decided" in result.to_json()["reasons"]


def test_jp_employees_within_decide_both_eligibility_and_size_without_capital():
    assert (judge(JP, "manufacturing", employees=250).eligible) is True
    assert (judge(JP, "manufacturing", employees=250).size_class) == "medium"
    assert (judge(JP, "manufacturing", employees=20).size_class) == "small"


def test_jp_sole_proprietor_without_employees_cannot_decide_even_with_capital():
    result = judge(JP, "retail", "sole_proprietor", capital=1)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: employees missing"]
    assert "capital does not apply to a sole proprietor" in result.to_json()["reasons"]


def test_eu_headcount_missing_cannot_decide_even_with_small_money():
    result = judge(EU, "services", sales=1, balance_sheet=1)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: employees missing"]


def test_eu_headcount_over_decides_ineligible_without_money():
    assert (judge(EU, "services", employees=300).eligible) is False


def test_eu_money_missing_names_both_alternatives():
    result = judge(EU, "services", employees=100)
    assert result.eligible is None
    assert missing(result) == [
        "cannot decide: sales missing",
        "cannot decide: balance sheet total missing",
    ]


def test_eu_one_money_figure_over_names_only_the_other():
    result = judge(EU, "services", employees=100, sales=60 * M)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: balance sheet total missing"]


def test_eu_one_money_figure_within_decides_without_the_other():
    result = judge(EU, "services", employees=100, sales=40 * M)
    assert (result.eligible, result.size_class) == (True, "medium")


def test_eu_size_waits_for_the_figure_that_could_make_it_smaller():
    # 45 people and EUR 12M turnover: medium by turnover, small if the balance sheet is ≤ 10M.
    result = judge(EU, "services", employees=45, sales=12 * M)
    assert (result.eligible, result.size_class) == (True, None)
    assert missing(result, "size_missing") == [
        "size class not decided: balance sheet total missing"
    ]


def test_vn_missing_revenue_with_capital_over_cannot_decide():
    result = judge(VN, "services", employees=20, balance_sheet=200 * 10**9)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: sales missing"]


def test_th_one_figure_already_large_decides_ineligible():
    # The larger size applies: revenue alone above the medium line settles it.
    assert (judge(TH, "manufacturing", sales=500 * M + 1).eligible) is False
    assert (judge(TH, "manufacturing", employees=201).eligible) is False


def test_th_one_figure_within_is_not_enough():
    result = judge(TH, "manufacturing", employees=3)
    assert (result.eligible, result.size_class) == (None, None)
    assert missing(result) == ["cannot decide: sales missing"]


def test_my_one_figure_within_is_enough_for_eligibility_and_the_smallest_class_for_size():
    # The smaller size applies: sales alone in the micro band already makes it micro.
    assert (judge(MY, "manufacturing", sales=100_000).eligible) is True
    assert (judge(MY, "manufacturing", sales=100_000).size_class) == "micro"


def test_my_one_figure_in_a_larger_band_leaves_the_size_open():
    result = judge(MY, "manufacturing", sales=20 * M)
    assert (result.eligible, result.size_class) == (True, None)
    assert missing(result, "size_missing") == ["size class not decided: employees missing"]


def test_my_one_figure_over_cannot_decide():
    result = judge(MY, "services", employees=76)
    assert result.eligible is None
    assert missing(result) == ["cannot decide: sales missing"]


@pytest.mark.parametrize("name", [JP, EU, TH, MY, VN])
def test_undecided_verdicts_have_no_size_class(name):
    sector = "manufacturing"
    result = judge(name, sector)
    assert result.eligible is None
    assert result.size_class is None
    assert missing(result)
