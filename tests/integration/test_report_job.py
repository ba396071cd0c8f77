"""A requested ministry report built by the live worker on PostgreSQL and Redis."""

from django.db import connection

from core.models import Job
from monitoring.models import Report
from monitoring.services import survey_answer, survey_links_issue
from monitoring.services.reports import report_request
from tests import factories
from tests.integration.test_worker import wait_for
from tests.monitoring.conftest import make_meeting


def test_a_queued_report_is_built_ready_with_its_file_by_the_live_worker(celery_worker):
    assert connection.vendor == "postgresql"
    programme = factories.ProgrammeFactory()
    staff = factories.StaffUserFactory(username="staff")
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for slot in range(3):
        meeting = make_meeting(programme, schedule=schedule, slot=slot)
        survey_links_issue(programme)
        for link in meeting.survey_links.exclude(respondent_kind="interpreter"):
            survey_answer(link, took_place=True, level=3 + slot % 2)

    report = report_request(by=staff, programme=programme, language="ja")
    assert report.status == Report.Status.QUEUED

    done = wait_for(
        lambda: Report.objects.filter(pk=report.pk, status__in=["ready", "failed"]).first()
    )
    assert done.status == Report.Status.READY, done.message
    assert done.file.read().startswith(b"%PDF")
    assert done.pages >= 5 and done.size == done.file.size
    job = Job.objects.get(pk=done.job_id)
    assert job.status == Job.Status.SUCCEEDED
    assert job.worker.startswith("integration@")
    assert job.progress == job.total == 4
