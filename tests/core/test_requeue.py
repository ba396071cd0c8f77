"""Work queued while the broker is down (core.tasks.enqueue_on_commit, core/requeue.py): the
request that saved it succeeds, the job stays queued, and the sweeper queues it again once the
broker is back; it runs once, however many messages reach the worker.

"The broker is down" for real: the Celery app is pointed at a closed port (127.0.0.1:1) with
eager mode off, so `task.delay` raises kombu's OperationalError as it does when Redis is gone.
The Celery app reads its settings once (config/celery.py), so the fixture changes the app's
configuration and drops its cached connection pools rather than overriding Django settings."""

import io
import logging
from datetime import timedelta

import kombu.exceptions
import pytest
from django.core.management import call_command
from django.urls import reverse

from config.celery import app
from core import requeue
from core.models import Job
from core.tasks import jobs_requeue as jobs_requeue_task
from programmes.tasks import programme_export_run
from scheduling import services as scheduling
from scheduling.models import Meeting, Schedule, ScheduleRun
from tests import factories
from tests.scheduling.conftest import make_scenario

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"


class Broker:
    """Switches the Celery app between a broker that is down, one that takes messages and
    keeps them (memory, no worker) and the test settings' eager mode."""

    def __init__(self):
        self.saved = (app.conf.get("broker_write_url"), app.conf.task_always_eager)

    def _set(self, url: str | None, eager: bool) -> None:
        # The write URL: the broker URL itself may come from the environment (the integration
        # tests' CELERY_BROKER_URL), which takes precedence over the app's configuration.
        app.conf.broker_write_url = url
        app.conf.task_always_eager = eager
        app.amqp._producer_pool = None
        app._pool = None

    def down(self) -> None:
        self._set(CLOSED_PORT, False)

    def holding(self) -> None:
        self._set("memory://", False)

    def back(self) -> None:
        self._set(*self.saved)

    def waiting(self) -> int:
        """Messages in the (memory) queue."""
        with app.connection_for_write() as connection:
            return connection.default_channel.queue_declare("celery", passive=True).message_count


@pytest.fixture
def broker():
    switch = Broker()
    yield switch
    if app.conf.broker_write_url == "memory://" and not app.conf.task_always_eager:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge("celery")
    switch.back()


@pytest.fixture
def export_request(client):
    programme = factories.ProgrammeFactory()
    factories.ActivityFactory(programme=programme)
    client.force_login(factories.StaffUserFactory())

    def post(capture):
        with capture(execute=True):
            return client.post(reverse("programmes:programme.export", args=[programme.slug]))

    return post


def test_a_job_queued_while_the_broker_is_down_is_saved_queued_and_its_request_succeeds(
    client, broker, export_request, django_capture_on_commit_callbacks, caplog
):
    broker.down()
    with caplog.at_level(logging.ERROR):
        response = export_request(django_capture_on_commit_callbacks)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:job.detail", args=[job.pk])
    assert (job.kind, job.status) == ("programme_export", Job.Status.QUEUED)
    # Logged (by django.db.backends.base; here by django.test, which runs the callbacks)
    [record] = [r for r in caplog.records if "enqueue_on_commit" in r.getMessage()]
    assert f"enqueue_on_commit(programmes.programme_export_run, {{'job_id': {job.pk}}})" in (
        record.getMessage()
    )
    assert isinstance(record.exc_info[1], kombu.exceptions.OperationalError)
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'data-status="queued"' in page.content.decode()


def test_the_sweeper_runs_a_job_lost_while_the_broker_was_down_once(
    broker, export_request, django_capture_on_commit_callbacks
):
    broker.down()
    export_request(django_capture_on_commit_callbacks)
    job = Job.objects.get()
    later = job.created_at + timedelta(minutes=3)

    with pytest.raises(kombu.exceptions.OperationalError):
        requeue.jobs_requeue(now=later)  # still down: nothing is marked, nothing runs
    broker.back()  # eager, as the test settings: the task runs when it is queued
    assert requeue.jobs_requeue(now=later) == [job.pk]

    job.refresh_from_db()
    done = (job.status, job.result_file.name, job.finished_at)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert requeue.jobs_requeue(now=later + timedelta(hours=1)) == []  # finished: left alone
    # The first message, delivered late after all: the job was claimed, nothing runs again.
    assert programme_export_run.apply(kwargs={"job_id": job.pk}).successful()
    job.refresh_from_db()
    assert (job.status, job.result_file.name, job.finished_at) == done


def test_a_job_is_left_alone_within_its_grace_period(
    broker, export_request, django_capture_on_commit_callbacks, settings
):
    settings.JOB_REQUEUE_AFTER_SECONDS = 120
    broker.down()
    export_request(django_capture_on_commit_callbacks)
    broker.back()
    job = Job.objects.get()

    assert requeue.jobs_requeue(now=job.created_at + timedelta(seconds=119)) == []

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_a_job_still_waiting_in_the_queue_is_queued_again_at_most_once_per_its_age(
    broker, export_request, django_capture_on_commit_callbacks
):
    broker.holding()  # the message is taken and waits: no worker reads it
    export_request(django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert broker.waiting() == 1
    start = job.created_at

    assert requeue.jobs_requeue(now=start + timedelta(minutes=3)) == [job.pk]
    assert requeue.jobs_requeue(now=start + timedelta(minutes=4)) == []
    assert broker.waiting() == 2
    # Queued again at 3 minutes: not again until 3 minutes later (the cache key's timeout).
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_a_schedule_run_queued_while_the_broker_is_down_is_run_once_by_the_sweeper(
    broker, django_capture_on_commit_callbacks
):
    scenario = make_scenario(factories.ProgrammeFactory())
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        run = scheduling.schedule_run_start(
            scenario.programme, by=factories.StaffUserFactory(), time_limit=20
        )
    run.refresh_from_db()
    assert (run.status, run.job.status) == (ScheduleRun.Status.QUEUED, Job.Status.QUEUED)

    broker.back()
    later = run.created_at + timedelta(minutes=3)
    assert requeue.jobs_requeue(now=later) == [run.job_id]
    assert requeue.jobs_requeue(now=later + timedelta(hours=1)) == []

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED, run.message
    assert Job.objects.get(pk=run.job_id).status == Job.Status.SUCCEEDED
    assert list(Schedule.objects.values_list("run", flat=True)) == [run.pk]
    assert Meeting.objects.count() == 8


def test_every_kind_of_background_job_is_queued_again_by_its_own_task():
    assert requeue.requeue_kinds() == {
        "programme_export": "programmes.programme_export_run",
        "companies.import_preview": "companies.import_preview_run",
        "companies.import_apply": "companies.import_apply_run",
        "agenda_day_bundle": "scheduling.agenda_day_bundle_run",
        "schedule_run": "scheduling.schedule_run_execute",
        "monitoring.report_build": "monitoring.report_build",
    }
    assert set(requeue.requeue_kinds().values()) <= set(app.tasks)


def test_the_sweeper_runs_every_minute_as_a_task_and_by_hand(
    broker, export_request, django_capture_on_commit_callbacks, settings
):
    schedule = settings.CELERY_BEAT_SCHEDULE["core-jobs-requeue"]
    assert (schedule["task"], schedule["schedule"]) == ("core.jobs_requeue", 60.0)
    settings.JOB_REQUEUE_AFTER_SECONDS = 0
    broker.down()
    export_request(django_capture_on_commit_callbacks)
    broker.back()

    assert jobs_requeue_task.apply().get() == 1
    assert Job.objects.get().status == Job.Status.SUCCEEDED

    broker.down()
    export_request(django_capture_on_commit_callbacks)
    broker.back()
    out = io.StringIO()
    call_command("jobs_requeue", stdout=out)

    assert out.getvalue() == "1 job(s) queued again.\n"
    assert list(Job.objects.values_list("status", flat=True)) == [Job.Status.SUCCEEDED] * 2
