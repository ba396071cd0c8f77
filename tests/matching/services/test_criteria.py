"""Criteria: what is refused (and saved: nothing), rules filled from the application, and the
completion of reviews following the criteria."""

from decimal import Decimal

import pytest

from matching.exceptions import AssessmentError, RoundLocked
from matching.models import Criterion
from matching.services.reviews import assignment_refresh_completion
from matching.services.round import (
    assessment_lock,
    criterion_create,
    criterion_delete,
    criterion_update,
)
from tests import factories

pytestmark = pytest.mark.django_db


def _refused(programme, staff, **fields) -> dict:
    fields = {"name": "Export readiness", **fields}
    with pytest.raises(AssessmentError) as caught:
        criterion_create(programme, by=staff, **fields)
    assert not Criterion.objects.filter(programme=programme).exists()
    return caught.value.errors


def test_criterion_create_saves_a_valid_manual_criterion(programme, staff):
    criterion = criterion_create(
        programme, by=staff, name="Product quality", scale_min=1, scale_max=10, weight="2.5",
        threshold="4", auto_rule={"bands": "0 = 1"},
    )  # fmt: skip
    criterion.refresh_from_db()
    assert (criterion.scale_min, criterion.scale_max) == (1, 10)
    assert (criterion.weight, criterion.threshold) == (Decimal("2.5"), Decimal("4"))
    assert criterion.auto_rule == {}  # a manual criterion keeps no rule
    assert criterion.position == 1


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"threshold": "6"}, {"threshold": ["The threshold must be on the scale (0 to 5)."]}),
        ({"threshold": "-1"}, {"threshold": ["The threshold must be on the scale (0 to 5)."]}),
        ({"threshold": "high"}, {"threshold": ["Give a number."]}),
        (
            {"scale_min": 5, "scale_max": 1},
            {"scale_max": ["The highest score must be above the lowest."]},
        ),
        (
            {"scale_min": 3, "scale_max": 3},
            {"scale_max": ["The highest score must be above the lowest."]},
        ),
        ({"scale_max": 101}, {"scale_max": ["Keep the scale between 0 and 100."]}),
        ({"weight": "0"}, {"weight": ["The weight is a number above 0 and up to 100."]}),
        ({"weight": "-2"}, {"weight": ["The weight is a number above 0 and up to 100."]}),
        ({"weight": ""}, {"weight": ["Give a weight."]}),
        ({"name": "  "}, {"name": ["Give the criterion a name."]}),
    ],
)
def test_criterion_create_refuses_bad_settings_and_saves_nothing(programme, staff, fields, errors):
    assert _refused(programme, staff, **fields) == errors


def test_criterion_create_reports_every_problem_at_once(programme, staff):
    errors = _refused(programme, staff, name="", weight="0", threshold="9")
    assert set(errors) == {"name", "weight", "threshold"}


def test_bands_text_errors_are_reported_under_auto_rule_with_their_line(programme, staff):
    errors = _refused(
        programme, staff, source="employees", auto_rule={"bands": "0 = 1\n50 three\n100 = x"}
    )
    assert errors == {
        "auto_rule": [
            "line 2: expected “from value = score”",
            "line 3: the value and the score must be numbers",
        ]
    }


def test_bands_starting_twice_at_the_same_value_are_refused(programme, staff):
    errors = _refused(programme, staff, source="employees", auto_rule={"bands": "10 = 1\n10 = 2"})
    assert errors == {"auto_rule": ["bands: two bands start at the same value"]}


def test_missing_bands_are_refused(programme, staff):
    errors = _refused(programme, staff, source="growth_rate", auto_rule={})
    assert errors == {"auto_rule": ["Give the bands, one per line: “from value = score”."]}


def test_rule_scores_outside_the_scale_are_refused(programme, staff):
    errors = _refused(
        programme, staff, source="employees", scale_max=5, auto_rule={"bands": "0 = 1\n50 = 7"}
    )
    assert errors == {"auto_rule": ["Scores 7 are outside the scale (0 to 5)."]}
    errors = _refused(programme, staff, source="exports", auto_rule={"yes": "9", "no": "0"})
    assert errors == {"auto_rule": ["Scores 9 are outside the scale (0 to 5)."]}


def test_yes_no_rule_needs_both_answers(programme, staff):
    errors = _refused(programme, staff, source="exports", auto_rule={"yes": "5"})
    assert errors == {"auto_rule": ["Give the score for the answer “no”."]}


@pytest.mark.parametrize("currency", [None, "", "YE", "12$"])
def test_sales_bands_need_a_currency(programme, staff, currency):
    rule = {"bands": "0 = 1\n100,000,000 = 3"}
    if currency is not None:
        rule["currency"] = currency
    errors = _refused(programme, staff, source="sales", auto_rule=rule)
    assert errors == {
        "auto_rule": ["Name the currency of the sales bands (three letters, e.g. JPY)."]
    }


def test_sales_bands_are_stored_sorted_with_the_currency(programme, staff):
    criterion = criterion_create(
        programme,
        by=staff,
        name="Annual sales",
        source="sales",
        auto_rule={"bands": "500,000,000 = 5\n0 = 1\n100,000,000: 3", "currency": "jpy"},
    )
    criterion.refresh_from_db()
    assert criterion.auto_rule == {
        "bands": [["0", "1"], ["100000000", "3"], ["500000000", "5"]],
        "currency": "JPY",
    }


def test_criterion_update_refused_leaves_the_criterion_as_it_was(programme, staff):
    criterion = factories.CriterionFactory(
        programme=programme, name="Management", weight=Decimal("2")
    )
    with pytest.raises(AssessmentError) as caught:
        criterion_update(criterion, by=staff, weight="0", name="Renamed")
    assert "weight" in caught.value.errors
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.name) == (Decimal("2"), "Management")


def test_criteria_cannot_change_in_a_locked_round(programme, staff):
    criterion = factories.CriterionFactory(programme=programme)
    assessment_lock(programme, by=staff)
    with pytest.raises(RoundLocked):
        criterion_create(programme, by=staff, name="Late criterion")
    with pytest.raises(RoundLocked):
        criterion_update(criterion, by=staff, weight="3")
    with pytest.raises(RoundLocked):
        criterion_delete(criterion, by=staff)
    assert list(Criterion.objects.filter(programme=programme)) == [criterion]


def test_adding_a_criterion_reopens_complete_reviews_and_deleting_it_completes_them(
    programme, staff, adviser
):
    assignment = factories.AssignmentFactory(
        application__programme=programme, adviser=adviser, recommendation="select"
    )
    first = factories.CriterionFactory(programme=programme)
    factories.ScoreFactory(assignment=assignment, criterion=first, value=Decimal("4"))
    assert assignment_refresh_completion(assignment)
    assignment.refresh_from_db()
    assert assignment.is_complete

    added = criterion_create(programme, by=staff, name="Management")
    assignment.refresh_from_db()
    assert not assignment.is_complete

    criterion_delete(added, by=staff)
    assignment.refresh_from_db()
    assert assignment.is_complete


@pytest.mark.parametrize("rule", ["0 = 1", [["0", "1"]], 5])
@pytest.mark.parametrize("source", ["employees", "exports"])
def test_a_rule_that_is_not_an_object_is_refused(programme, staff, source, rule):
    errors = _refused(programme, staff, source=source, auto_rule=rule)
    assert errors == {
        "auto_rule": ["Give the rule as an object: its bands, or the scores for yes and for no."]
    }
