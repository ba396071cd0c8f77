"""Advisers saving scores at the same moment, on real PostgreSQL: no save is lost, and none slips
past a lock of the round. Each thread has its own database connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from matching.exceptions import RoundLocked
from matching.models import Assessment, Assignment, Score
from matching.services.reviews import review_save
from matching.services.round import assessment_lock
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.integration
ROUNDS = 8


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def together(*calls) -> list:
    """Run the calls in threads released at the same moment; each returns its value or the
    exception it raised. Every thread closes its own connection."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test to judge
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return results


def _round(*, advisers: int, with_settings: bool = True):
    programme = factories.ProgrammeFactory()
    if with_settings:
        factories.AssessmentFactory(programme=programme)
    criteria = [
        factories.CriterionFactory(programme=programme, name="Quality"),
        factories.CriterionFactory(programme=programme, name="Fit"),
    ]
    application = factories.ApplicationFactory(
        programme=programme, status="eligible", eligible=True
    )
    assignments = [
        factories.AssignmentFactory(
            application=application,
            adviser=factories.ProgrammeRoleFactory(programme=programme, role=Role.ADVISER).user,
        )
        for _ in range(advisers)
    ]
    return programme, criteria, assignments


def _scores(assignment) -> dict:
    return dict(Score.objects.filter(assignment=assignment).values_list("criterion_id", "value"))


def _two_advisers_at_once(n: int) -> None:
    _programme, (quality, fit), (first, second) = _round(advisers=2)
    results = together(
        lambda: review_save(
            first, by=first.adviser, scores={quality.pk: 4, fit.pk: 1}, recommendation="select"
        ),
        lambda: review_save(
            second, by=second.adviser, scores={quality.pk: 2, fit.pk: 5}, recommendation="reject"
        ),
    )
    assert all(isinstance(result, Assignment) for result in results), (n, results)
    assert _scores(first) == {quality.pk: Decimal(4), fit.pk: Decimal(1)}
    assert _scores(second) == {quality.pk: Decimal(2), fit.pk: Decimal(5)}
    assert all(Assignment.objects.get(pk=a.pk).is_complete for a in (first, second)), n


def test_two_advisers_scoring_the_same_application_both_keep_their_scores(postgres):
    for n in range(ROUNDS):
        _two_advisers_at_once(n)


def _two_criteria_at_once(n: int) -> None:
    _programme, (quality, fit), (assignment,) = _round(advisers=1)
    adviser = assignment.adviser
    results = together(
        lambda: review_save(assignment, by=adviser, scores={quality.pk: 3}, recommendation="maybe"),
        lambda: review_save(assignment, by=adviser, scores={fit.pk: 5}),
    )
    assert all(isinstance(result, Assignment) for result in results), (n, results)
    assert _scores(assignment) == {quality.pk: Decimal(3), fit.pk: Decimal(5)}
    saved = Assignment.objects.get(pk=assignment.pk)
    # Whichever save came second saw the first: the review is complete.
    assert (saved.recommendation, saved.is_complete) == ("maybe", True), n


def test_one_adviser_saving_two_criteria_at_once_keeps_both(postgres):
    for n in range(ROUNDS):
        _two_criteria_at_once(n)


def _score_against_the_lock(n: int, *, with_settings: bool) -> None:
    programme, (quality, _fit), (assignment,) = _round(advisers=1, with_settings=with_settings)
    staff = factories.StaffUserFactory(username=f"staff-{with_settings}-{n}")
    saved, locked = together(
        lambda: review_save(assignment, by=assignment.adviser, scores={quality.pk: 4}),
        lambda: assessment_lock(programme, by=staff),
    )
    assert isinstance(locked, Assessment), (n, locked)
    locked_at = Assessment.objects.get(programme=programme).locked_at
    assert locked_at is not None
    score = Score.objects.filter(assignment=assignment).first()
    if isinstance(saved, RoundLocked):
        assert score is None, n
    else:
        assert isinstance(saved, Assignment), (n, saved)
        assert score is not None and score.value == 4, n
        assert score.updated_at < locked_at, (n, score.updated_at, locked_at)


@pytest.mark.parametrize("with_settings", [True, False], ids=["round-saved", "round-default"])
def test_a_score_racing_the_lock_is_kept_before_it_or_refused(postgres, with_settings):
    # "round-default": staff never saved the round's settings, so no row existed to hold.
    for n in range(ROUNDS):
        _score_against_the_lock(n, with_settings=with_settings)
