"""Runs a killed worker left queued or running are failed after their time limit plus a grace,
can be started again, and a worker that comes back late stores nothing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.models import Job
from matching import optimizer
from scheduling import services
from scheduling.models import Meeting, Schedule, ScheduleRun

MESSAGE = "The worker stopped during this run; nothing was saved. Start the run again."


def _started(programme, staff, *, minutes_ago: float, status="running", time_limit=60):
    """A run with its job as a worker leaves it when killed after claiming it."""
    run = services.schedule_run_create(programme, by=staff, time_limit=time_limit)
    run.job = Job.objects.create(kind="schedule_run", description="run", params={}, total=4)
    run.save(update_fields=["job"])
    when = timezone.now() - timedelta(minutes=minutes_ago)
    ScheduleRun.objects.filter(pk=run.pk).update(status=status, created_at=when, started_at=when)
    Job.objects.filter(pk=run.job_id).update(status=status, started_at=when)
    run.refresh_from_db()
    return run


def test_an_old_running_run_is_failed_and_a_new_run_starts(
    scenario, staff, django_capture_on_commit_callbacks
):
    old = _started(scenario.programme, staff, minutes_ago=10)  # 60 s limit + grace: overdue
    with django_capture_on_commit_callbacks(execute=True):
        new = services.schedule_run_start(scenario.programme, by=staff, time_limit=10)
    old.refresh_from_db()
    old.job.refresh_from_db()
    assert (old.status, old.message, old.schedule) == ("failed", MESSAGE, None)
    assert old.finished_at is not None
    assert (old.job.status, old.job.message) == ("failed", MESSAGE)
    new.refresh_from_db()
    assert new.status == "succeeded", new.message
    assert list(Schedule.objects.values_list("run", flat=True)) == [new.pk]


def test_an_old_queued_run_is_failed(scenario, staff):
    old = _started(scenario.programme, staff, minutes_ago=31, status="queued")
    assert services.schedule_runs_expire() == 1
    old.refresh_from_db()
    assert (old.status, old.message) == ("failed", MESSAGE)


def test_fresh_runs_are_untouched(scenario, staff):
    running = _started(scenario.programme, staff, minutes_ago=3)  # 60 s + 300 s not yet over
    queued = _started(scenario.programme, staff, minutes_ago=20, status="queued")
    long = _started(scenario.programme, staff, minutes_ago=30, time_limit=3600)
    assert services.schedule_runs_expire(scenario.programme) == 0
    for run in (running, queued, long):
        before = run.status
        run.refresh_from_db()
        run.job.refresh_from_db()
        assert (run.status, run.message, run.job.status) == (before, "", before)
    # Later, all of them are overdue; another programme's call leaves them alone.
    later = timezone.now() + timedelta(hours=2)
    other = scenario.programme.__class__.objects.exclude(pk=scenario.programme.pk).first()
    if other is not None:
        assert services.schedule_runs_expire(other, now=later) == 0
    assert services.schedule_runs_expire(scenario.programme, now=later) == 3


def test_the_list_page_and_the_runs_api_expire_overdue_runs(scenario, staff, client):
    old = _started(scenario.programme, staff, minutes_ago=10)
    client.force_login(staff)
    slug = scenario.programme.slug
    response = client.get(reverse("scheduling:schedule.list", kwargs={"slug": slug}))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    other = _started(scenario.programme, staff, minutes_ago=10)
    response = client.get(f"/api/v1/programmes/{slug}/schedule-runs/")
    assert response.status_code == 200, response.content
    rows = {row["id"]: row for row in response.json()}
    assert rows[other.pk]["status"] == rows[old.pk]["status"] == "failed"
    assert rows[other.pk]["message"] == MESSAGE


def test_a_run_expired_while_its_worker_solved_stores_nothing(scenario, staff, monkeypatch):
    """The worker was taken for dead while solving (say it was paused for long): when it comes
    back it must not store a draft for a run already reported as failed."""
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    real = optimizer.solve

    def solve_then_expire(*args, **kwargs):
        solution = real(*args, **kwargs)
        assert services.schedule_runs_expire(now=timezone.now() + timedelta(hours=1)) == 1
        return solution

    monkeypatch.setattr(optimizer, "solve", solve_then_expire)
    run = services.schedule_run_execute(run)
    assert (run.status, run.message, run.schedule) == ("failed", MESSAGE, None)
    assert not Schedule.objects.exists() and not Meeting.objects.exists()
    run.refresh_from_db()
    assert (run.status, run.message, run.schedule) == ("failed", MESSAGE, None)
