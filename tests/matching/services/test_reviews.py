"""An adviser's scores: all or nothing, only on their own assignment, only while the round is
open, never over a score filled from the application; completion follows."""

from decimal import Decimal

import pytest

from matching.exceptions import AssessmentError, NotAssigned, RoundLocked, ScoreOutOfScale
from matching.models import Assignment, Score
from matching.services.assignments import conflict_declare
from matching.services.reviews import review_save
from matching.services.round import assessment_lock, assessment_unlock, criterion_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(programme, adviser):
    return factories.AssignmentFactory(application__programme=programme, adviser=adviser)


@pytest.fixture
def criteria(programme):
    return [
        factories.CriterionFactory(programme=programme, name="Quality", scale_max=5),
        factories.CriterionFactory(programme=programme, name="Fit", scale_min=1, scale_max=10),
    ]


def _saved(assignment) -> dict:
    return dict(Score.objects.filter(assignment=assignment).values_list("criterion_id", "value"))


def test_review_save_keeps_scores_recommendation_and_comment(assignment, adviser, criteria):
    quality, fit = criteria
    saved = review_save(
        assignment,
        by=adviser,
        scores={str(quality.pk): "4.5", fit.pk: "7,5"},
        recommendation="maybe",
        comment="  Good export record ",
    )
    assert _saved(assignment) == {quality.pk: Decimal("4.5"), fit.pk: Decimal("7.5")}
    saved.refresh_from_db()
    assert (saved.recommendation, saved.comment) == ("maybe", "Good export record")
    assert saved.is_complete


def test_review_save_clears_a_score_given_none_and_keeps_those_not_named(
    assignment, adviser, criteria
):
    quality, fit = criteria
    review_save(assignment, by=adviser, scores={quality.pk: 3, fit.pk: 2})
    review_save(assignment, by=adviser, scores={quality.pk: None})
    assert _saved(assignment) == {fit.pk: Decimal("2")}


@pytest.mark.parametrize("bad", ["5.5", "-1", "11"])
def test_review_save_out_of_scale_saves_nothing_even_the_valid_scores(
    assignment, adviser, criteria, bad
):
    quality, fit = criteria
    review_save(assignment, by=adviser, scores={fit.pk: 2})
    with pytest.raises(ScoreOutOfScale) as caught:
        review_save(
            assignment, by=adviser, scores={quality.pk: bad, fit.pk: 9}, recommendation="select"
        )
    assert caught.value.errors == {
        f"scores.{quality.pk}": [f"Quality is scored from 0 to 5; {bad} is outside the scale."]
    }
    assert caught.value.code == "out_of_scale"
    assert _saved(assignment) == {fit.pk: Decimal("2")}
    assignment.refresh_from_db()
    assert assignment.recommendation == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Give a number."),
        ("NaN", "Give a number."),
        ("2.25", "Use at most one decimal place."),
    ],
)
def test_review_save_refuses_values_that_are_not_scores(
    assignment, adviser, criteria, value, message
):
    quality, _fit = criteria
    with pytest.raises(AssessmentError) as caught:
        review_save(assignment, by=adviser, scores={quality.pk: value})
    assert caught.value.errors == {f"scores.{quality.pk}": [message]}
    assert not isinstance(caught.value, ScoreOutOfScale)
    assert _saved(assignment) == {}


def test_review_save_refuses_a_criterion_of_another_programme(assignment, adviser, criteria):
    elsewhere = factories.CriterionFactory()
    with pytest.raises(AssessmentError) as caught:
        review_save(assignment, by=adviser, scores={elsewhere.pk: 3, "x": 1})
    assert caught.value.errors == {
        f"scores.{elsewhere.pk}": ["No such criterion in this programme."],
        "scores.x": ["No such criterion in this programme."],
    }


def test_review_save_refuses_an_unknown_recommendation(assignment, adviser, criteria):
    with pytest.raises(AssessmentError) as caught:
        review_save(assignment, by=adviser, scores={}, recommendation="yes please")
    assert caught.value.errors == {"recommendation": ["Choose select, maybe or reject."]}


def test_only_the_assigned_adviser_scores(programme, assignment, criteria, make_adviser, staff):
    other = make_adviser()
    for person in (other, staff, factories.UserFactory()):
        with pytest.raises(NotAssigned):
            review_save(assignment, by=person, scores={criteria[0].pk: 3})
    assert _saved(assignment) == {}


def test_an_adviser_no_longer_invited_cannot_score(programme, assignment, adviser, criteria):
    adviser.programme_roles.filter(programme=programme).delete()
    with pytest.raises(NotAssigned):
        review_save(assignment, by=adviser, scores={criteria[0].pk: 3})


def test_scores_cannot_change_in_a_locked_round(programme, staff, assignment, adviser, criteria):
    review_save(assignment, by=adviser, scores={criteria[0].pk: 3})
    assessment_lock(programme, by=staff)
    with pytest.raises(RoundLocked):
        review_save(assignment, by=adviser, scores={criteria[0].pk: 5})
    assert _saved(assignment) == {criteria[0].pk: Decimal("3")}
    assessment_unlock(programme, by=staff)
    review_save(assignment, by=adviser, scores={criteria[0].pk: 5})
    assert _saved(assignment) == {criteria[0].pk: Decimal("5")}


def test_a_score_filled_from_the_application_cannot_be_overridden(
    programme, staff, assignment, adviser
):
    company = assignment.application.company
    company.employees = 80
    company.save()
    staff_bands = criterion_create(
        programme,
        by=staff,
        name="Employees",
        source="employees",
        auto_rule={"bands": "0 = 1\n50 = 3\n300 = 5"},
    )
    manual = factories.CriterionFactory(programme=programme)
    for value in ("5", "junk"):
        with pytest.raises(AssessmentError) as caught:
            review_save(assignment, by=adviser, scores={staff_bands.pk: value, manual.pk: 2})
        assert caught.value.errors == {
            f"scores.{staff_bands.pk}": ["This score is filled from the application."]
        }
    assert _saved(assignment) == {}
    # Sending the filled score back unchanged (as a form does) is no override: it is not stored.
    review_save(
        assignment, by=adviser, scores={staff_bands.pk: "3", manual.pk: 2}, recommendation="select"
    )
    assert _saved(assignment) == {manual.pk: Decimal("2")}
    assignment.refresh_from_db()
    assert assignment.is_complete  # the filled score counts towards completion


def test_completion_needs_every_criterion_and_a_recommendation(
    programme, staff, assignment, adviser, criteria
):
    quality, fit = criteria
    review_save(assignment, by=adviser, scores={quality.pk: 3, fit.pk: 4})
    assignment.refresh_from_db()
    assert not assignment.is_complete  # no recommendation yet
    review_save(assignment, by=adviser, scores={}, recommendation="reject")
    assignment.refresh_from_db()
    assert assignment.is_complete
    completed_at = assignment.completed_at

    review_save(assignment, by=adviser, scores={}, comment="More detail")
    assignment.refresh_from_db()
    assert assignment.completed_at == completed_at  # a later edit keeps the first completion

    criterion_create(programme, by=staff, name="Management")
    assignment.refresh_from_db()
    assert assignment.completed_at is None

    review_save(assignment, by=adviser, scores={fit.pk: None})
    assignment.refresh_from_db()
    assert assignment.completed_at is None


def test_a_review_taken_back_meanwhile_is_not_saved(
    programme, staff, assignment, adviser, criteria
):
    stale = Assignment.objects.get(pk=assignment.pk)
    conflict_declare(
        programme,
        adviser=adviser,
        company=assignment.application.company,
        reason="Cousin",
        by=staff,
    )
    with pytest.raises(NotAssigned):
        review_save(stale, by=adviser, scores={criteria[0].pk: 3})
    assert not Score.objects.exists()
