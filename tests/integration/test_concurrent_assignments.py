"""Conflicts of interest, assignments and criteria racing each other or the round's lock, on
real PostgreSQL. Each thread has its own database connection."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from matching.exceptions import AssessmentError
from matching.models import Assessment, Assignment, Conflict, Criterion
from matching.services.assignments import assignment_create, assignments_auto, conflict_declare
from matching.services.round import (
    assessment_lock,
    criterion_create,
    criterion_delete,
    criterion_update,
)
from programmes.models import Role
from tests import factories
from tests.integration.test_concurrent_scoring import together

pytestmark = pytest.mark.integration
ROUNDS = 8


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def _adviser(programme):
    return factories.ProgrammeRoleFactory(programme=programme, role=Role.ADVISER).user


def _eligible(programme):
    return factories.ApplicationFactory(programme=programme, status="eligible", eligible=True)


# --- a conflict declared while the adviser is being assigned -------------------------------------


def _conflict_against_assignment(n: int) -> None:
    programme = factories.ProgrammeFactory()
    factories.AssessmentFactory(programme=programme)
    adviser = _adviser(programme)
    staff = factories.StaffUserFactory(username=f"staff-manual-{n}")
    application = _eligible(programme)
    company = application.company
    assigned, declared = together(
        lambda: assignment_create(application, adviser=adviser, by=staff),
        lambda: conflict_declare(
            programme, adviser=adviser, company=company, reason="Shareholder", by=adviser
        ),
    )
    # The round is open: the conflict is always recorded. The assignment either came first
    # (and the conflict took it back) or came second (and was refused). Never both.
    assert isinstance(declared, Conflict), (n, declared)
    if isinstance(assigned, AssessmentError):
        assert assigned.errors == {"adviser": ["Conflict of interest declared."]}, (n, assigned)
    else:
        assert isinstance(assigned, Assignment), (n, assigned)
    assert Conflict.objects.filter(programme=programme, adviser=adviser).count() == 1
    assert not Assignment.objects.filter(application=application, adviser=adviser).exists(), n


def test_a_conflict_declared_while_the_adviser_is_assigned_never_leaves_both(postgres):
    for n in range(ROUNDS):
        _conflict_against_assignment(n)


def _conflict_against_auto(n: int) -> None:
    programme = factories.ProgrammeFactory()
    factories.AssessmentFactory(programme=programme, reviews_per_application=2)
    conflicted, other = _adviser(programme), _adviser(programme)
    staff = factories.StaffUserFactory(username=f"staff-auto-{n}")
    application = _eligible(programme)
    company = application.company
    balanced, declared = together(
        lambda: assignments_auto(programme, by=staff),
        lambda: conflict_declare(
            programme, adviser=conflicted, company=company, reason="Former employer", by=staff
        ),
    )
    assert isinstance(balanced, dict), (n, balanced)
    assert isinstance(declared, Conflict), (n, declared)
    assigned = set(
        Assignment.objects.filter(application=application).values_list("adviser", flat=True)
    )
    # Both advisers were needed: the conflicted one is assigned only to be taken back.
    assert assigned == {other.pk}, (n, assigned, balanced)


def test_a_conflict_declared_while_advisers_are_assigned_automatically_is_respected(postgres):
    for n in range(ROUNDS):
        _conflict_against_auto(n)


# --- criteria changed while staff lock the round -------------------------------------------------
# The outcome of these races does not show in the final rows (a change saved just before the
# lock looks like one saved just after it), so the interleaving is forced: the test holds a row
# lock that the change needs for its last write, so that the change is in flight - past its
# check of the round - when staff lock the round. The lock must wait for the change.


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _is_waiting(pid: int) -> bool:
    """Whether the backend `pid` is waiting for a lock held by another transaction."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
        return cursor.fetchone()[0]


class _Call(threading.Thread):
    """Run a call in a thread with its own connection; keep its result or exception."""

    def __init__(self, call):
        super().__init__()
        self.call, self.result, self.pid = call, None, None
        self.started_call = threading.Event()

    def run(self):
        try:
            self.pid = _backend_pid()
            self.started_call.set()
            self.result = self.call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test to judge
            self.result = exc
        finally:
            self.started_call.set()
            connections.close_all()


def _until(condition, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


def _change_in_flight_against_the_lock(programme, change, *, hold) -> tuple:
    """Start `change` while this connection holds `hold` (a queryset to lock) so that the change
    stops at its last write; then lock the round; then let the change go. Returns the change's
    result and whether the lock had to wait for the change."""
    staff = factories.StaffUserFactory()
    with transaction.atomic():
        list(hold.select_for_update())
        changing = _Call(change)
        changing.start()
        changing.started_call.wait(10)
        _until(
            lambda: changing.pid and (_is_waiting(changing.pid) or not changing.is_alive()),
            "the change reached the held row",
        )
        locking = _Call(lambda: assessment_lock(programme, by=staff))
        locking.start()
        locking.started_call.wait(10)
        _until(
            lambda: locking.pid and (_is_waiting(locking.pid) or not locking.is_alive()),
            "the lock either finished or waited",
        )
        lock_waited = locking.is_alive()
    changing.join(30)
    locking.join(30)
    assert not changing.is_alive() and not locking.is_alive(), "a call never finished"
    assert isinstance(locking.result, Assessment), locking.result
    assert Assessment.objects.get(programme=programme).is_locked
    return changing.result, lock_waited


def _round_with_a_review():
    programme = factories.ProgrammeFactory()
    factories.AssessmentFactory(programme=programme)
    criterion = factories.CriterionFactory(programme=programme, name="Quality")
    assignment = factories.AssignmentFactory(application=_eligible(programme))
    return programme, criterion, assignment


def test_a_criterion_added_while_the_round_is_locked_is_added_before_the_lock(postgres):
    programme, _criterion, assignment = _round_with_a_review()
    staff = factories.StaffUserFactory(username="staff-create")
    created, lock_waited = _change_in_flight_against_the_lock(
        programme,
        lambda: criterion_create(
            programme, by=staff, name="Fit", scale_min=0, scale_max=5, weight="1"
        ),
        hold=Assignment.objects.filter(pk=assignment.pk),
    )
    assert isinstance(created, Criterion), created
    assert lock_waited, "the round was locked while a criterion was being added"
    assert Criterion.objects.filter(programme=programme, name="Fit").exists()


def test_a_criterion_changed_while_the_round_is_locked_is_changed_before_the_lock(postgres):
    programme, criterion, _assignment = _round_with_a_review()
    staff = factories.StaffUserFactory(username="staff-update")
    updated, lock_waited = _change_in_flight_against_the_lock(
        programme,
        lambda: criterion_update(criterion, by=staff, weight="3"),
        hold=Criterion.objects.filter(pk=criterion.pk),
    )
    assert isinstance(updated, Criterion), updated
    assert lock_waited, "the round was locked while a criterion was being changed"
    assert Criterion.objects.get(pk=criterion.pk).weight == 3


def test_a_criterion_deleted_while_the_round_is_locked_is_deleted_before_the_lock(postgres):
    programme, criterion, assignment = _round_with_a_review()
    staff = factories.StaffUserFactory(username="staff-delete")
    deleted, lock_waited = _change_in_flight_against_the_lock(
        programme,
        lambda: criterion_delete(criterion, by=staff),
        hold=Assignment.objects.filter(pk=assignment.pk),
    )
    assert deleted is None, deleted
    assert lock_waited, "the round was locked while a criterion was being deleted"
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
