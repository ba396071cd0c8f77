"""A large applicant list read and imported by the live worker on PostgreSQL and Redis."""

from django.db import connection

from companies.models import Application, ApplicationEvent, ImportBatch
from companies.services import imports
from core.models import Job
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.integration.test_worker import wait_for


def test_a_large_upload_is_previewed_and_applied_by_the_live_worker(celery_worker):
    assert connection.vendor == "postgresql"
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    user = factories.UserFactory(username="vcci", organisation=org)
    rows = [vn_row(n) for n in range(1, 1601)]
    rows[41]["capital"] = "abc"  # row 43: one error first
    data = csv_bytes(rows)
    assert len(data) > imports.INLINE_BYTES

    # A file with an error: the worker previews it; confirming is refused.
    batch = imports.import_upload(
        programme, organisation=org, by=user, filename="big.csv", data=data
    )
    assert batch.status == ImportBatch.Status.READING
    reading = wait_for(
        lambda: Job.objects.filter(pk=batch.job_id, status__in=["succeeded", "failed"]).first()
    )
    assert reading.status == Job.Status.SUCCEEDED, reading.message
    assert reading.worker.startswith("integration@")
    assert reading.progress == reading.total == 1600
    batch.refresh_from_db()
    assert (batch.status, batch.new_count, batch.error_count) == ("preview", 1599, 1)
    assert batch.rows.get(action="error").number == 43

    # The corrected file: previewed, then applied by the worker, all rows at once.
    rows[41]["capital"] = "15000000000"
    batch = imports.import_upload(
        programme, organisation=org, by=user, filename="big-fixed.csv", data=csv_bytes(rows)
    )
    wait_for(lambda: ImportBatch.objects.filter(pk=batch.pk, status="preview").first())
    batch = imports.import_confirm(ImportBatch.objects.get(pk=batch.pk), by=user)
    assert batch.status == ImportBatch.Status.APPLYING
    applied = wait_for(
        lambda: ImportBatch.objects.filter(pk=batch.pk, status__in=["applied", "preview"]).first()
    )

    assert applied.status == ImportBatch.Status.APPLIED, applied.message
    job = Job.objects.get(pk=applied.job_id)
    assert (job.kind, job.status) == ("companies.import_apply", Job.Status.SUCCEEDED)
    assert job.message == "1600 rows: 1600 new, 0 to update, 0 unchanged, 0 with errors."
    assert Application.objects.filter(programme=programme, counterpart=org).count() == 1600
    assert ApplicationEvent.objects.filter(kind="imported").count() == 1600
    assert not Application.objects.filter(eligible__isnull=True).exists()
