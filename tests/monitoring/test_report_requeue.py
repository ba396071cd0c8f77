"""A ministry report requested while the broker is down (core/requeue.py): the request is
saved and queued, the sweeper builds it once the broker is back, once."""

from datetime import timedelta

import pytest

from core import requeue
from core.models import Job
from monitoring.models import Report
from monitoring.services.reports import report_request
from monitoring.tasks import report_build
from tests.core.test_requeue import Broker
from tests.monitoring.test_reports import answered

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    switch = Broker()
    yield switch
    switch.back()


def test_a_report_requested_while_the_broker_is_down_is_built_once_by_the_sweeper(
    programme,
    staff,
    broker,
    django_capture_on_commit_callbacks,
):
    answered(programme, japanese=4, overseas=4)
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(by=staff, programme=programme, language="en")
    report.refresh_from_db()
    assert (report.status, report.job.status) == (Report.Status.QUEUED, Job.Status.QUEUED)

    broker.back()
    later = report.created_at + timedelta(minutes=3)
    assert requeue.jobs_requeue(now=later) == [report.job_id]
    assert requeue.jobs_requeue(now=later + timedelta(hours=1)) == []

    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.message
    assert report.file.read(5) == b"%PDF-"
    assert Job.objects.get(pk=report.job_id).status == Job.Status.SUCCEEDED
    built = (report.file.name, report.finished_at)
    # The first message, delivered late after all: the report was claimed, it is not rebuilt.
    report_build.apply(kwargs={"job_id": report.job_id})
    report.refresh_from_db()
    assert (report.file.name, report.finished_at, report.status) == (*built, "ready")
    assert Report.objects.count() == 1
