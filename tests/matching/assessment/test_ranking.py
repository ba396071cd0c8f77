"""From scores to a ranking: scale normalisation, weights, thresholds, spread, missing reviews."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assessment.ranking import (
    Applicant,
    CriterionSpec,
    Review,
    is_complete,
    rank,
    review_total,
)

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)
FIVE = CriterionSpec("quality", weight=D(1), scale_min=D(0), scale_max=D(5))
TEN = CriterionSpec("fit", weight=D(1), scale_min=D(1), scale_max=D(10))


def _rank(applicants, criteria=(FIVE,), *, required=2, disagreement=D(20)):
    return rank(applicants, list(criteria), reviews_required=required, disagreement=disagreement)


def _review(adviser, complete=True, recommendation="", **scores):
    return Review(adviser, {k: D(str(v)) for k, v in scores.items()}, complete, recommendation)


# --- review_total ----------------------------------------------------------------------------


def test_review_total_puts_each_score_on_its_scale_before_the_mean():
    # 4 of 0..5 is 80 %; 5.5 of 1..10 is 50 %: the mean is 65, not a mean of raw numbers.
    assert review_total([FIVE, TEN], {"quality": D(4), "fit": D("5.5")}) == D("65.00")
    assert review_total([TEN], {"fit": D(1)}) == D("0.00")
    assert review_total([TEN], {"fit": D(10)}) == D("100.00")


def test_review_total_weighs_the_criteria():
    heavy = CriterionSpec("quality", weight=D(3), scale_min=D(0), scale_max=D(5))
    # (3 × 100 % + 1 × 0 %) / 4
    assert review_total([heavy, TEN], {"quality": D(5), "fit": D(1)}) == D("75.00")


def test_review_total_counts_only_the_criteria_scored_and_rounds_to_two_places():
    assert review_total([FIVE, TEN], {"quality": D(1)}) == D("20.00")
    three = CriterionSpec("x", weight=D(1), scale_min=D(0), scale_max=D(3))
    assert review_total([three], {"x": D(1)}) == D("33.33")
    assert review_total([three], {"x": D(2)}) == D("66.67")


def test_review_total_of_no_scores_is_none():
    assert review_total([FIVE], {}) is None
    assert review_total([FIVE], {"quality": None}) is None
    assert review_total([], {"quality": D(3)}) is None


def test_is_complete_needs_every_criterion():
    assert is_complete([FIVE, TEN], {"quality": D(0), "fit": D(1)})
    assert not is_complete([FIVE, TEN], {"quality": D(0)})
    assert not is_complete([FIVE], {"quality": None})


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 10), st.integers(1, 5)), min_size=1))
def test_review_total_stays_between_0_and_100(specs):
    criteria = [
        CriterionSpec(n, weight=D(w), scale_min=D(low), scale_max=D(low + span))
        for n, (low, span, w) in enumerate(specs)
    ]
    lowest = review_total(criteria, {c.id: c.scale_min for c in criteria})
    highest = review_total(criteria, {c.id: c.scale_max for c in criteria})
    assert (lowest, highest) == (D("0.00"), D("100.00"))


# --- rank --------------------------------------------------------------------------------------


def test_rank_totals_are_the_mean_of_complete_reviews_with_their_spread():
    row = _rank(
        [
            Applicant(
                1,
                [_review("a", quality=5), _review("b", quality=3), _review("c", False, quality=0)],
            )
        ]
    )[0]
    assert (row.total, row.spread, row.disagreement) == (D("80.00"), D("40.00"), True)
    assert row.means == {"quality": D("4.00")}
    assert (row.reviews_done, row.reviews_missing) == (2, 1)


def test_rank_flags_disagreement_from_the_round_setting_inclusive():
    applicant = Applicant(1, [_review("a", quality=4), _review("b", quality=3)])  # 80 and 60
    assert _rank([applicant], disagreement=D(20))[0].disagreement is True
    assert _rank([applicant], disagreement=D("20.1"))[0].disagreement is False


def test_rank_with_one_complete_review_has_no_spread():
    row = _rank([Applicant(1, [_review("a", quality=4)])])[0]
    assert (row.total, row.spread, row.disagreement) == (D("80.00"), None, False)


def test_rank_fails_a_threshold_on_the_mean_of_complete_reviews_only():
    gate = CriterionSpec("quality", weight=D(1), scale_min=D(0), scale_max=D(5), threshold=D(3))
    reviews = [_review("a", quality=4), _review("b", quality="1.9"), _review("c", False, quality=5)]
    row = _rank([Applicant(1, reviews)], [gate, TEN])[0]
    assert row.means == {"quality": D("2.95")}
    assert row.failed == ["quality"]
    assert not row.passes
    at = _rank([Applicant(2, [_review("a", quality=3)])], [gate])[0]
    assert (at.failed, at.passes) == ([], True)


def test_rank_fails_a_threshold_on_the_exact_mean_not_the_rounded_one():
    # 3.3, 3.3, 3.3 and 3.4: the mean is 3.325, shown as 3.33, still below a threshold of 3.33.
    gate = CriterionSpec(
        "quality", weight=D(1), scale_min=D(0), scale_max=D(5), threshold=D("3.33")
    )
    reviews = [_review(n, quality=s) for n, s in enumerate(["3.3", "3.3", "3.3", "3.4"])]
    row = _rank([Applicant(1, reviews)], [gate], required=4)[0]
    assert row.means["quality"] == D("3.33")
    assert row.failed == ["quality"]


def test_rank_uses_automatic_scores_over_what_advisers_gave():
    rows = _rank(
        [Applicant(1, [_review("a", quality=0, fit=10)], auto={"quality": D(5)})], [FIVE, TEN]
    )
    assert rows[0].total == D("100.00")
    assert rows[0].means == {"quality": D(5), "fit": D("10.00")}


def test_rank_threshold_applies_to_an_automatic_score():
    gate = CriterionSpec("quality", weight=D(1), scale_min=D(0), scale_max=D(5), threshold=D(2))
    row = _rank([Applicant(1, [_review("a", quality=5)], auto={"quality": D(1)})], [gate])[0]
    assert row.failed == ["quality"]


@pytest.mark.parametrize(
    ("required", "reviews", "missing"),
    [
        (2, [], 2),
        (2, [True], 1),
        (2, [True, True], 0),
        (2, [True, False, False], 2),  # three assigned: all three are expected
        (3, [True, True], 1),
        (1, [False], 1),
    ],
)
def test_rank_missing_reviews_are_the_larger_of_required_and_assigned_less_complete(
    required, reviews, missing
):
    applicant = Applicant(1, [_review(n, done, quality=3) for n, done in enumerate(reviews)])
    assert _rank([applicant], required=required)[0].reviews_missing == missing


def test_rank_counts_recommendations_of_complete_reviews():
    reviews = [
        _review("a", recommendation="select", quality=5),
        _review("b", recommendation="select", quality=4),
        _review("c", recommendation="maybe", quality=3),
        _review("d", False, recommendation="reject", quality=0),
    ]
    assert _rank([Applicant(1, reviews)])[0].recommendations == {"select": 2, "maybe": 1}


def test_rank_orders_best_first_ties_share_a_position_and_unscored_come_last():
    applicants = [
        Applicant("none", []),
        Applicant("mid", [_review("a", quality=3)]),
        Applicant("top-b", [_review("a", quality=5)]),
        Applicant("incomplete", [_review("a", False, quality=5)]),
        Applicant("top-a", [_review("a", quality=5)]),
        Applicant("low", [_review("a", quality=1)]),
    ]
    rows = _rank(applicants)
    assert [(row.id, row.position) for row in rows] == [
        ("top-a", 1),
        ("top-b", 1),
        ("mid", 3),
        ("low", 4),
        ("incomplete", None),
        ("none", None),
    ]
    assert [row.total for row in rows[-2:]] == [None, None]


@SETTINGS
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=4),
        min_size=1,
        max_size=12,
    )
)
def test_rank_positions_follow_the_totals(applicants):
    rows = _rank(
        [
            Applicant(n, [_review(a, done, quality=D(s) / 10) for a, (s, done) in enumerate(r)])
            for n, r in enumerate(applicants)
        ]
    )
    assert sorted(row.id for row in rows) == list(range(len(applicants)))
    scored = [row for row in rows if row.total is not None]
    assert rows[: len(scored)] == scored
    for earlier, later in zip(scored, scored[1:], strict=False):
        assert earlier.total >= later.total
        assert earlier.position <= later.position
        assert (earlier.position == later.position) == (earlier.total == later.total)
    for index, row in enumerate(scored, start=1):
        assert row.position == 1 + sum(other.total > row.total for other in scored)
        assert row.position <= index
