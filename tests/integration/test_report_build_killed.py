"""A worker killed (SIGKILL) in the middle of building a ministry report leaves no READY report
and no file its report does not know of; the broker gives the job's message back (acks late,
Redis' visibility timeout), a restarted worker builds the report again, once: one READY report
with one valid PDF, and the file the dead worker had written is gone.

Deterministic: the test holds a KEY SHARE lock on the report's row, which lets the worker
claim the report, lay out the PDF, record the file's name on the report and write the file
(those updates do not conflict with it) but makes it wait in the transaction that marks the
report READY (it locks the report FOR UPDATE); the worker is killed exactly there, with the
file on disk and nothing committed."""

import io
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from pypdf import PdfReader

from core.models import Job
from monitoring.models import Report
from monitoring.services import survey_answer, survey_links_issue
from monitoring.services.reports import report_request
from tests import factories
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_worker import wait_for
from tests.monitoring.conftest import make_meeting

pytestmark = pytest.mark.integration
VISIBILITY = 4  # seconds: how long Redis keeps a message taken by a worker that never answers


def _hold_lock(pk: int, locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {Report._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608
                [pk],
            )
            locked.set()
            release.wait(120)
    finally:
        connections.close_all()


def _worker_waiting() -> bool:
    """The worker's backend waits for the report's row lock in the transaction marking it
    READY."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return any(
            "FOR UPDATE" in query and Report._meta.db_table in query
            for (query,) in cursor.fetchall()
        )


def _report_files(since: float) -> set[str]:
    """The report files written since ``since`` (names relative to the private storage)."""
    storage = Report._meta.get_field("file").storage
    root = Path(storage.location)
    return {
        path.relative_to(root).as_posix()
        for path in (root / "reports").rglob("*")
        if path.is_file() and path.stat().st_mtime >= since
    }


def test_a_worker_killed_while_building_a_report_leaves_nothing_half_written_and_it_is_built_once(
    services_up, transactional_db
):
    assert connection.vendor == "postgresql"
    started = time.time() - 1
    programme = factories.ProgrammeFactory()
    staff = factories.StaffUserFactory(username="staff")
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for slot in range(3):
        meeting = make_meeting(programme, schedule=schedule, slot=slot)
        survey_links_issue(programme)
        for link in meeting.survey_links.exclude(respondent_kind="interpreter"):
            survey_answer(link, took_place=True, level=3 + slot % 2)
    report = report_request(by=staff, programme=programme, language="ja")  # queued on commit
    storage = Report._meta.get_field("file").storage

    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(report.pk, locked, release), daemon=True)
    holder.start()
    assert locked.wait(10)
    worker = start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY))
    try:
        try:
            wait_for(_worker_waiting, seconds=90)  # laid out, file written, about to mark READY
            report.refresh_from_db()
            first_file = report.file.name
            assert report.status == Report.Status.BUILDING
            assert first_file and storage.exists(first_file)
            with storage.open(first_file) as handle:
                assert handle.read(5) == b"%PDF-"  # the whole PDF is on disk
            job = Job.objects.get(pk=report.job_id)
            assert (job.status, job.worker[:12]) == ("running", "integration@")
            worker.kill()  # SIGKILL: no clean-up of any kind in the worker
            worker.wait(timeout=10)
        finally:
            release.set()
            holder.join(10)
        # The killed worker's database session ends with nothing committed.
        wait_for(lambda: not _worker_waiting(), seconds=30)
        time.sleep(1)
        report.refresh_from_db()
        job.refresh_from_db()
        assert (report.status, job.status) == ("building", "running")  # as the worker left them
        assert not Report.objects.filter(status=Report.Status.READY).exists()
        # The file it wrote is the one its report records: known, never listed as ready.
        assert report.file.name == first_file
        assert _report_files(started) == {first_file}
    finally:
        stop_worker(worker)

    # Past the visibility timeout the broker hands the message to the next worker, which takes
    # the report up again (its message came back): the dead attempt's file goes, one is built.
    time.sleep(VISIBILITY + 1)
    worker = start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY))
    try:
        done = wait_for(
            lambda: Report.objects.filter(pk=report.pk, status__in=["ready", "failed"]).first(),
            seconds=90,
        )
    finally:
        stop_worker(worker)
    assert done.status == Report.Status.READY, done.message
    assert Report.objects.filter(programme=programme).count() == 1
    assert done.file.name != first_file and not storage.exists(first_file)
    assert _report_files(started) == {done.file.name}  # no orphan file
    with done.file.open("rb") as handle:
        data = handle.read()
    assert len(PdfReader(io.BytesIO(data)).pages) == done.pages >= 5
    assert done.size == len(data)
    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == (Job.Status.SUCCEEDED, 4, 4)
    assert job.worker.startswith("integration@")
