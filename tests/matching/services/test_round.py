"""The round's settings and its lock."""

from decimal import Decimal

import pytest

from matching.exceptions import AssessmentError, RoundLocked
from matching.models import Assessment
from matching.services.round import (
    assessment_lock,
    assessment_unlock,
    assessment_update,
    ensure_open,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_assessment_update_saves_the_settings(programme, staff):
    assessment = assessment_update(
        programme, by=staff, reviews_per_application="3", target_min=5, target_max="8",
        disagreement="15.5",
    )  # fmt: skip
    assessment.refresh_from_db()
    assert (assessment.reviews_per_application, assessment.target_min) == (3, 5)
    assert (assessment.target_max, assessment.disagreement) == (8, Decimal("15.5"))


REVIEWS = {"reviews_per_application": ["Give a number from 1 to 10."]}
AT_LEAST = {"target_min": ["Select at least one company."]}
AT_MOST = {"target_max": ["The most cannot be fewer than the least."]}
POINTS = {"disagreement": ["Give a number of points above 0 and up to 100."]}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"reviews_per_application": 0}, REVIEWS),
        ({"reviews_per_application": 11}, REVIEWS),
        ({"reviews_per_application": "abc"}, REVIEWS),
        ({"reviews_per_application": "2.5"}, REVIEWS),
        ({"target_min": 0}, AT_LEAST),
        ({"target_min": "many"}, AT_LEAST),
        ({"target_min": 9, "target_max": 8}, AT_MOST),
        ({"target_max": None}, AT_MOST),
        ({"disagreement": "0"}, POINTS),
        ({"disagreement": "lots"}, POINTS),
    ],
)
def test_assessment_update_refuses_bad_settings_and_keeps_the_old_ones(
    programme, staff, fields, errors
):
    factories.AssessmentFactory(programme=programme, reviews_per_application=2, target_max=20)
    with pytest.raises(AssessmentError) as caught:
        assessment_update(programme, by=staff, **fields)
    assert caught.value.errors == errors
    kept = Assessment.objects.get(programme=programme)
    assert (kept.reviews_per_application, kept.target_min, kept.target_max) == (2, 10, 20)
    assert kept.disagreement == Decimal(20)


def test_assessment_update_refuses_unknown_settings(programme, staff):
    with pytest.raises(AssessmentError) as caught:
        assessment_update(programme, by=staff, locked_at=None, colour="red")
    assert str(caught.value) == "Unknown settings: colour, locked_at."


def test_lock_and_unlock(programme, staff):
    assert ensure_open(programme) is None  # no settings saved yet: open
    locked = assessment_lock(programme, by=staff)
    assert (locked.is_locked, locked.locked_by) == (True, staff)
    first = locked.locked_at
    assert assessment_lock(programme, by=factories.StaffUserFactory()).locked_at == first
    with pytest.raises(RoundLocked):
        ensure_open(programme)
    assert not assessment_unlock(programme, by=staff).is_locked
    assert ensure_open(programme).pk == locked.pk


def test_holding_the_round_for_a_write_saves_its_default_settings(programme):
    assessment = ensure_open(programme, for_update=True)
    assert Assessment.objects.get(programme=programme) == assessment
    assert assessment.reviews_per_application == 2
