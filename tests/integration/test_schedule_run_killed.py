"""A worker killed (SIGKILL) in the middle of a run leaves no schedule and no meeting, the run is
failed once its time limit and grace are over, and a new run then completes.

Deterministic: the test holds a KEY SHARE lock on the run's row, which lets the worker claim the
run, build, solve and validate (those updates do not conflict with it) but makes it wait at the
start of the transaction that stores the draft (it locks the run FOR UPDATE); the worker is
killed exactly there. (A half-written draft rolled back is tested in
tests/scheduling/test_runs.py.)"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from scheduling import services
from scheduling.models import Meeting, Schedule, ScheduleRun
from scheduling.tasks import schedule_run_execute as task
from tests import factories
from tests.integration.test_worker import wait_for
from tests.scheduling.conftest import make_scenario

pytestmark = pytest.mark.integration
MESSAGE = "The worker stopped during this run; nothing was saved. Start the run again."


def _hold_lock(run_pk: int, locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {ScheduleRun._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608
                [run_pk],
            )
            locked.set()
            release.wait(120)
    finally:
        connections.close_all()


def _worker_waiting() -> bool:
    """The worker's backend waits for the run's row lock in the storing transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return any(
            "FOR UPDATE" in query and ScheduleRun._meta.db_table in query
            for (query,) in cursor.fetchall()
        )


def test_a_worker_killed_while_storing_leaves_nothing_and_the_run_can_start_again(
    celery_worker,
):
    assert connection.vendor == "postgresql"
    scenario = make_scenario(factories.ProgrammeFactory())
    staff = factories.StaffUserFactory(username="staff")
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=20)
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(run.pk, locked, release), daemon=True)
    holder.start()
    try:
        assert locked.wait(10)
        task.delay(run_id=run.pk)  # what schedule_run_start queues
        wait_for(_worker_waiting, seconds=60)  # solved, about to store the draft
        run.refresh_from_db()
        assert run.status == ScheduleRun.Status.RUNNING
        celery_worker.kill()  # SIGKILL: no clean-up of any kind in the worker
        celery_worker.wait(timeout=10)
    finally:
        release.set()
        holder.join(10)
    # The worker's database session ends with nothing committed.
    wait_for(lambda: not _worker_waiting(), seconds=30)
    time.sleep(1)
    assert not Schedule.objects.exists() and not Meeting.objects.exists()
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.RUNNING  # as the killed worker left it

    assert services.schedule_runs_expire(now=timezone.now() + timedelta(hours=1)) == 1
    run.refresh_from_db()
    assert (run.status, run.message) == ("failed", MESSAGE)

    # Started again (in the foreground, as `manage.py schedule_run` does: the worker is gone).
    again = services.schedule_run_execute(
        services.schedule_run_create(scenario.programme, by=staff, time_limit=20)
    )
    assert again.status == "succeeded", again.message
    assert list(Schedule.objects.values_list("run", flat=True)) == [again.pk]
    assert again.schedule.meetings.count() == 8
