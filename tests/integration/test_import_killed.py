"""A worker killed (SIGKILL) in the middle of writing an applicant import leaves nothing of it;
the broker gives the job's message back (acks late, Redis' visibility timeout), a restarted
worker takes the job up again and imports every row exactly once.

Deterministic: the test holds the upload's last row (an ImportRow) FOR UPDATE, which lets the
worker claim the job, plan, lock the upload, insert the new companies, applications and their
events and link the first rows of the upload to their companies, all in its transaction, but
makes it wait at linking the last ones; the worker is killed exactly there, half-way through
its write. (Holding the programme instead would stop it only at COMMIT: the foreign keys are
checked there, deferred.)"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from companies.models import Application, ApplicationEvent, Company, ImportBatch, ImportRow
from companies.services import imports
from core.models import Job
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_worker import wait_for

pytestmark = pytest.mark.integration
ROWS = 1200
VISIBILITY = 4  # seconds: how long Redis keeps a message taken by a worker that never answers


def _hold_row(pk: int, locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {ImportRow._meta.db_table} WHERE id = %s FOR UPDATE",  # noqa: S608
                [pk],
            )
            locked.set()
            release.wait(120)
    finally:
        connections.close_all()


def _worker_linking_rows() -> bool:
    """The worker's backend waits for the held row while linking the upload's rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return any(
            query.lstrip().upper().startswith("UPDATE") and ImportRow._meta.db_table in query
            for (query,) in cursor.fetchall()
        )


def test_a_worker_killed_while_importing_leaves_nothing_and_the_job_completes_once(
    services_up, transactional_db
):
    assert connection.vendor == "postgresql"
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    user = factories.UserFactory(username="vcci", organisation=org)
    data = csv_bytes([vn_row(n) for n in range(1, ROWS + 1)])
    assert len(data) > imports.INLINE_BYTES  # read and applied by the worker
    worker = start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY))
    try:
        batch = imports.import_upload(
            programme, organisation=org, by=user, filename="big.csv", data=data
        )
        wait_for(lambda: ImportBatch.objects.filter(pk=batch.pk, status="preview").first())
        companies_before = Company.objects.count()

        locked, release = threading.Event(), threading.Event()
        holder = threading.Thread(
            target=_hold_row, args=(batch.rows.get(number=ROWS).pk, locked, release), daemon=True
        )
        holder.start()
        try:
            assert locked.wait(10)
            batch = imports.import_confirm(ImportBatch.objects.get(pk=batch.pk), by=user)
            assert batch.status == ImportBatch.Status.APPLYING
            wait_for(_worker_linking_rows, seconds=60)  # most of the write done, in its transaction
            job = Job.objects.get(pk=batch.job_id)
            assert (job.status, job.worker[:12]) == ("running", "integration@")
            worker.kill()  # SIGKILL: no clean-up of any kind in the worker
            worker.wait(timeout=10)
        finally:
            release.set()
            holder.join(10)
        # The killed worker's database session ends with nothing committed.
        wait_for(lambda: not _worker_linking_rows(), seconds=30)
        time.sleep(1)
        assert Company.objects.count() == companies_before
        assert not Application.objects.filter(programme=programme).exists()
        assert not ApplicationEvent.objects.filter(kind="imported").exists()
        assert not ImportRow.objects.filter(batch=batch, company__isnull=False).exists()
        batch.refresh_from_db()
        job.refresh_from_db()
        assert (batch.status, job.status) == ("applying", "running")  # as the worker left them
    finally:
        stop_worker(worker)

    # Past the visibility timeout the broker hands the message to the next worker, which takes
    # the job up again (its message came back) and imports every row, once.
    time.sleep(VISIBILITY + 1)
    worker = start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY))
    try:
        done = wait_for(
            lambda: Job.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).first(),
            seconds=90,
        )
    finally:
        stop_worker(worker)
    assert done.status == Job.Status.SUCCEEDED, done.message
    assert done.message == f"{ROWS} rows: {ROWS} new, 0 to update, 0 unchanged, 0 with errors."
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Application.objects.filter(programme=programme, counterpart=org).count() == ROWS
    assert ApplicationEvent.objects.filter(kind="imported").count() == ROWS
    assert Company.objects.count() == companies_before + ROWS
