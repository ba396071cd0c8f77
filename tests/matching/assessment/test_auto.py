"""Criteria filled from the application: the bands text staff type, and the score read off it."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assessment.auto import (
    RuleProblem,
    auto_score,
    bands_text,
    parse_bands,
    rule_scores,
)

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)


# --- parse_bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0 = 1\n100000000 = 3\n500000000 = 5",
        "0: 1\n100000000: 3\n500000000: 5",
        "0 → 1\n100000000 → 3\n500000000 → 5",
        "  0=1  \n\n100,000,000 = 3\n500 000 000\u00a0= 5\n",
        "500,000,000 = 5\n0 = 1\n100000000 = 3",  # any order: sorted by the value
    ],
)
def test_parse_bands_reads_separators_thousands_and_any_order(text):
    bands, problems = parse_bands(text)
    assert problems == []
    assert bands == [["0", "1"], ["100000000", "3"], ["500000000", "5"]]


def test_parse_bands_keeps_decimals_and_negative_values():
    bands, problems = parse_bands("-10 = 0\n0 = 2.5\n12.5 = 4")
    assert problems == []
    assert bands == [["-10", "0"], ["0", "2.5"], ["12.5", "4"]]


def test_parse_bands_names_the_line_without_a_separator():
    bands, problems = parse_bands("0 = 1\n\n100000000 3\n500000000 = 5")
    assert problems == [RuleProblem("line 3", "expected “from value = score”")]
    assert bands == [["0", "1"], ["500000000", "5"]]


@pytest.mark.parametrize("line", ["abc = 1", "100 = three", "= 2", "100 =", "NaN = 1", "5 = inf"])
def test_parse_bands_names_the_line_whose_numbers_are_not_numbers(line):
    _bands, problems = parse_bands(f"0 = 1\n{line}")
    assert problems == [RuleProblem("line 2", "the value and the score must be numbers")]


def test_parse_bands_reports_every_bad_line():
    _bands, problems = parse_bands("x = 1\n0 = 1\n5 5\n10 = y")
    assert [problem.where for problem in problems] == ["line 1", "line 3", "line 4"]


def test_parse_bands_refuses_two_bands_from_the_same_value_even_written_differently():
    _bands, problems = parse_bands("1000 = 1\n1,000 = 3")
    assert problems == [RuleProblem("bands", "two bands start at the same value")]


@pytest.mark.parametrize("text", ["", "   \n\n  \t"])
def test_parse_bands_asks_for_at_least_one_band(text):
    assert parse_bands(text) == ([], [RuleProblem("bands", "give at least one band")])


def test_parse_bands_does_not_add_the_empty_problem_to_bad_lines():
    _bands, problems = parse_bands("nonsense")
    assert [problem.where for problem in problems] == ["line 1"]


@SETTINGS
@given(
    st.dictionaries(st.integers(-(10**12), 10**12), st.integers(0, 100), min_size=1, max_size=8),
    st.sampled_from(["=", ":", "→"]),
    st.booleans(),
)
def test_parse_bands_round_trips_through_its_own_text(bands, separator, commas):
    lines = [
        f"{low:,} {separator} {score}" if commas else f"{low}{separator}{score}"
        for low, score in bands.items()
    ]
    parsed, problems = parse_bands("\n".join(lines))
    assert problems == []
    assert parsed == [[str(low), str(score)] for low, score in sorted(bands.items())]
    assert parse_bands(bands_text(parsed)) == (parsed, [])


# --- auto_score ----------------------------------------------------------------------------------

SALES = {"bands": [["0", "1"], ["100000000", "3"], ["500000000", "5"]], "currency": "JPY"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "1"),
        (99999999, "1"),
        (100000000, "3"),  # a band starts at its value, inclusive
        (Decimal("100000000.5"), "3"),
        (499999999, "3"),
        (500000000, "5"),
        (10**15, "5"),
        (12.5, "1"),
    ],
)
def test_auto_score_takes_the_band_the_value_falls_in(value, expected):
    assert auto_score("sales", SALES, value) == Decimal(expected)


def test_auto_score_below_the_first_band_gives_no_score():
    rule = {"bands": [["10", "2"], ["50", "4"]]}
    assert auto_score("employees", rule, 9) is None
    assert auto_score("growth_rate", {"bands": [["-5", "1"]]}, Decimal("-5.01")) is None
    assert auto_score("growth_rate", {"bands": [["-5", "1"]]}, Decimal("-5")) == 1


def test_auto_score_without_a_value_or_a_rule_gives_no_score():
    assert auto_score("sales", SALES, None) is None
    assert auto_score("sales", {}, 100) is None
    assert auto_score("exports", {}, True) is None


@pytest.mark.parametrize("source", ["exports", "japanese_partner_experience"])
def test_auto_score_yes_no_reads_the_answer(source):
    rule = {"yes": "0", "no": "5"}
    assert auto_score(source, rule, True) == Decimal("0")
    assert auto_score(source, rule, False) == Decimal("5")
    assert auto_score(source, rule, None) is None
    assert auto_score(source, {"yes": "4", "no": ""}, False) is None


def test_auto_score_does_not_depend_on_the_order_bands_are_stored_in():
    shuffled = {"bands": [["500000000", "5"], ["0", "1"], ["100000000", "3"]]}
    assert [auto_score("sales", shuffled, v) for v in (5, 200000000, 600000000)] == [1, 3, 5]


@SETTINGS
@given(
    st.dictionaries(st.integers(-1000, 1000), st.integers(0, 10), min_size=1, max_size=6),
    st.integers(-1200, 1200),
)
def test_auto_score_is_the_score_of_the_highest_band_at_or_below_the_value(bands, value):
    rule = {"bands": [[str(low), str(score)] for low, score in bands.items()]}
    below = [low for low in bands if low <= value]
    expected = Decimal(bands[max(below)]) if below else None
    assert auto_score("employees", rule, value) == expected


# --- rule_scores ---------------------------------------------------------------------------------


def test_rule_scores_lists_every_score_a_rule_can_give():
    assert rule_scores(SALES) == [Decimal(1), Decimal(3), Decimal(5)]
    assert rule_scores({"yes": "0", "no": "5"}) == [Decimal(0), Decimal(5)]
    assert rule_scores({"yes": "2", "no": ""}) == [Decimal(2)]
