"""A report build that a dead worker left half-done (monitoring/services/reports.py): the file it
had written is known to the report, removed by the attempt that takes the report up again, and
the report is built once. Across a real SIGKILL: tests/integration/test_report_build_killed.py."""

from django.core.files.base import ContentFile

from core.models import Job
from monitoring.models import Report
from monitoring.services.reports import report_request
from monitoring.tasks import report_build
from tests.monitoring.test_reports import answered


def _run_redelivered(job_id: int) -> None:
    from celery._state import _task_stack

    _task_stack.push(report_build)  # as the worker runs it, with its message's delivery
    report_build.push_request(called_directly=False, delivery_info={"redelivered": True})
    try:
        report_build.run(job_id=job_id)
    finally:
        report_build.pop_request()
        _task_stack.pop()


def test_the_file_a_dead_attempt_wrote_is_removed_and_the_report_built_once(programme, staff):
    answered(programme)
    report = report_request(by=staff, programme=programme, language="en")
    storage = Report._meta.get_field("file").storage
    # What a worker killed between writing the file and marking the report READY leaves.
    left = storage.save("reports/2027/01/left-by-a-dead-worker.pdf", ContentFile(b"%PDF-1.7 half"))
    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING, file=left)
    Job.objects.filter(pk=report.job_id).update(status=Job.Status.RUNNING, worker="dead@host")

    _run_redelivered(report.job_id)

    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.message
    assert report.file.name != left and not storage.exists(left)
    assert report.file.read().startswith(b"%PDF-") and report.size == report.file.size
    assert Job.objects.get(pk=report.job_id).status == Job.Status.SUCCEEDED
