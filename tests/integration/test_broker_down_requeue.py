"""A job queued while the broker is down is run once, by a live worker, after the sweep
(core/requeue.py): on PostgreSQL, Redis and a real worker process.

The web side's Celery app is pointed at a closed port while the export is requested (as when
Redis is gone: `delay` raises kombu's OperationalError); the request succeeds, the job is saved
queued and no message exists. With the real broker back, the sweep queues it again and the
worker builds the workbook once; the first message, delivered late after all, changes nothing."""

import logging
from datetime import timedelta

from django.urls import reverse

from config.celery import app
from core import requeue
from core.models import Job
from programmes.services import programme_export_start
from programmes.tasks import programme_export_run
from tests import factories
from tests.core.test_requeue import Broker
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_worker import wait_for


def _queue_empty() -> bool:
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_a_job_queued_while_the_broker_is_down_is_run_once_by_the_worker_after_the_sweep(
    services_up, transactional_db, client, caplog
):
    programme = factories.ProgrammeFactory()
    factories.ActivityFactory(programme=programme)
    client.force_login(factories.StaffUserFactory(username="staff"))
    broker = Broker()
    broker.down()
    try:
        with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
            response = client.post(reverse("programmes:programme.export", args=[programme.slug]))
    finally:
        broker.back()

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:job.detail", args=[job.pk])
    assert job.status == Job.Status.QUEUED
    [record] = [r for r in caplog.records if r.name == "django.db.backends.base"]
    assert "enqueue_on_commit(programmes.programme_export_run" in record.getMessage()

    worker = start_worker()
    try:
        assert _queue_empty()  # the message was lost: nothing for the worker
        later = job.created_at + timedelta(minutes=3)
        assert requeue.jobs_requeue(now=later) == [job.pk]
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished)
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.message
        assert job.worker.startswith("integration@")
        done = (job.result_file.name, job.finished_at)
        assert requeue.jobs_requeue(now=later + timedelta(hours=1)) == []

        # The first message after all (delivered late): the job was claimed, nothing runs again.
        # A second export queued behind it marks when the worker (one at a time, in order) has
        # taken it.
        programme_export_run.delay(job_id=job.pk)
        marker = programme_export_start(programme, by=job.created_by)
        wait_for(lambda: Job.objects.get(pk=marker.pk).is_finished)
        job.refresh_from_db()
        assert (job.status, job.result_file.name, job.finished_at) == (Job.Status.SUCCEEDED, *done)
        assert Job.objects.get(pk=marker.pk).status == Job.Status.SUCCEEDED
        assert _queue_empty()
    finally:
        stop_worker(worker)
