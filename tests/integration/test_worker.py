"""End to end through the real broker and a live worker process."""

import time
from io import BytesIO

from django.core.cache import cache
from django.urls import reverse

from core.models import Job
from core.worker import HEARTBEAT_KEY
from programmes import services
from tests import factories


def wait_for(predicate, *, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("timed out waiting for the worker")


def test_healthz_reports_postgres_redis_and_live_worker(celery_worker, client):
    anonymous = client.get(reverse("healthz"))
    assert (anonymous.status_code, anonymous.json()) == (
        200,
        {
            "status": "ok",
            "database": "ok",
            "broker": "ok",
            "worker": "ok",
            "cache": "ok",
            "checks": {
                "database": {"ok": True},
                "broker": {"ok": True},
                "worker": {"ok": True},
                "cache": {"ok": True},
            },
        },
    )

    client.force_login(factories.StaffUserFactory(username="staff"))  # staff see the details
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["checks"]["broker"] == {"ok": True, "transport": "redis"}
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["hostname"].startswith("integration@")


def test_healthz_fails_when_no_worker_is_alive(services_up, transactional_db, client):
    cache.delete(HEARTBEAT_KEY)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False}
    assert response.json()["worker"] == "down"


def test_programme_export_runs_in_the_worker_and_reports_progress(celery_worker):
    from openpyxl import load_workbook

    staff = factories.StaffUserFactory(username="staff")
    session = factories.ActivityFactory(title="Business meetings, Osaka (day 1)")
    factories.TableFactory(activity=session, number=1)
    factories.TableFactory(activity=session, number=2)
    programme = session.programme

    job = services.programme_export_start(programme, by=staff)  # queued on commit (autocommit)
    assert Job.objects.get(pk=job.pk).status in {Job.Status.QUEUED, Job.Status.RUNNING,
                                                 Job.Status.SUCCEEDED}  # fmt: skip

    finished = wait_for(
        lambda: Job.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).first()
    )
    assert finished.status == Job.Status.SUCCEEDED, finished.message
    assert finished.worker.startswith("integration@")
    assert finished.progress == finished.total == 1
    assert finished.started_at is not None and finished.finished_at >= finished.started_at

    book = load_workbook(BytesIO(finished.result_file.read()))
    slots = book.worksheets[1]
    rows = list(slots.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 * 10  # two tables × ten derived slots
    assert rows[0][3] == "2027-02-15 13:00"  # shown in Asia/Tokyo, stored in UTC


def test_running_the_same_task_twice_changes_nothing(celery_worker):
    from programmes.tasks import programme_export_run

    staff = factories.StaffUserFactory(username="staff")
    programme = factories.ActivityFactory().programme
    job = services.programme_export_start(programme, by=staff)
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status="succeeded").first())
    first_file = done.result_file.name

    programme_export_run.delay(job_id=job.pk)  # a duplicate delivery
    programme_export_run.delay(job_id=999_999_999)  # a job that is gone
    time.sleep(3)
    again = Job.objects.get(pk=job.pk)
    assert again.result_file.name == first_file
    assert again.finished_at == done.finished_at
