"""Ministry reports: staff request one (``report_request``), the worker builds it
(``report_build``, run by the task ``monitoring.report_build``).

A request is checked before anything is queued: the programme must be one the requester may
read, the period in order, the programme kind and the partner country known, the language
English or Japanese, and the selection must hold at least one held meeting (``ReportEmpty``
otherwise: an empty selection never becomes a job). The report and its ``core.Job`` are
written in one transaction; the task is queued once it commits.

The build renders the PDF (``monitoring.reports.render_report``) with the job's progress, then
stores the file and marks the report READY in one save: a report is READY only with its file.
Any error marks it FAILED with the message and removes whatever file was written, so a failed
build never leaves a file listed as ready. A report already ready is not built again (a task
run twice builds once)."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Job, User
from programmes.models import Programme

from ..exceptions import ReportEmpty, ReportRefused
from ..models import Report

REPORT_LANGUAGES = ("en", "ja")

logger = logging.getLogger(__name__)


def report_filename(report: Report) -> str:
    stamp = timezone.localtime(report.created_at or timezone.now(), datetime.UTC).strftime(
        "%Y%m%d-%H%M"
    )
    subject = report.programme.slug if report.programme_id else "portfolio"
    return f"report-{subject}-{stamp}-{report.language}.pdf"


def report_request(
    *,
    by: User,
    programme: Programme | None = None,
    filters=None,
    language: str = "en",
) -> Report:
    """Queue a programme report (``programme``) or a portfolio report (``filters``: a
    ``monitoring.dashboard.DashboardFilters`` with the period, kind and country, or None for
    the whole portfolio). Refused with ReportRefused (what is wrong) or ReportEmpty."""
    from core.services import job_create

    from ..reports import can_request_reports, report_selection
    from ..tasks import report_build as task

    if not can_request_reports(by):
        raise ReportRefused(_("Only programme staff request reports."), code="permission_denied")
    if language not in REPORT_LANGUAGES:
        message = _("Choose English or Japanese.")
        raise ReportRefused(message, errors={"language": [message]})
    selection = report_selection(programme=programme, filters=filters, user=by)
    with transaction.atomic():
        report = Report.objects.create(
            scope=Report.Scope.PROGRAMME if programme else Report.Scope.PORTFOLIO,
            programme=programme,
            date_from=None if programme else selection.filters.date_from,
            date_to=None if programme else selection.filters.date_to,
            kind="" if programme else selection.filters.kind,
            country="" if programme else selection.filters.country,
            language=language,
            created_by=by,
        )
        report.programmes.set(selection.programmes)
        with translation.override(language):
            description = report_description(report)
        report.job = job_create(
            kind="monitoring.report_build",
            description=description[:300],
            params={"report_id": report.pk},
            by=by,
            task=task,
        )
        report.save(update_fields=["job"])
    return report


def report_description(report: Report) -> str:
    if report.programme_id:
        return _("Programme report “%(title)s”") % {"title": report.programme.display_title}
    return _("Portfolio report")


def _fail(report: Report, job: Job | None, message: str) -> None:
    if report.file:
        report.file.delete(save=False)
    report.file = ""
    report.status = Report.Status.FAILED
    report.message = message[:2000]
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "message", "finished_at"])
    if job is not None:
        from core.services import job_fail

        job_fail(job, message=message)


def report_build(report: Report, *, worker: str = "") -> Report:
    """Build the report's PDF and store it (see the module). Safe to run twice: a report
    that is ready, failed or being built by another run is left alone (unless the task's
    message was redelivered after its worker died: then it is built again)."""
    from core import services as jobs
    from core.tasks import redelivered

    from ..reports import render_report, report_filters

    # A report left building by a worker that died is built again when its task's message
    # comes back from the broker (nothing of the first attempt is listed: the file and READY
    # are written in one save at the end).
    claimable = [Report.Status.QUEUED]
    if redelivered():
        claimable.append(Report.Status.BUILDING)
    claimed = Report.objects.filter(pk=report.pk, status__in=claimable).update(
        status=Report.Status.BUILDING
    )
    report.refresh_from_db()
    if not claimed:
        return report
    job = report.job
    if job is not None:
        jobs.job_start(job, worker=worker)
    language = report.language if report.language in REPORT_LANGUAGES else "en"

    def progress(done: int, total: int) -> None:
        if job is not None:
            jobs.job_progress(job, done=done, total=total)

    with translation.override(language):
        try:
            rendered = render_report(
                programme=report.programme,
                filters=None if report.programme_id else report_filters(report),
                language=language,
                progress=progress,
                requested_by=report.created_by,
                requested_at=report.created_at,
            )
            filename = report_filename(report)
            report.file.save(filename, ContentFile(rendered.pdf), save=False)
            report.filename = filename
            report.pages = rendered.pages
            report.size = len(rendered.pdf)
            report.status = Report.Status.READY
            report.message = ""
            report.finished_at = timezone.now()
            with transaction.atomic():
                # What the PDF shows is what it covers (a portfolio's programmes may have
                # changed since the request): readers are checked against these.
                report.programmes.set(rendered.programmes)
                report.save(
                    update_fields=[
                        "file", "filename", "pages", "size", "status", "message", "finished_at"
                    ]
                )  # fmt: skip
        except ReportEmpty as exc:
            _fail(report, job, str(exc.message))
            return report
        except Exception as exc:
            logger.exception("report #%s could not be built", report.pk)
            error = f"{type(exc).__name__}: {exc}"
            _fail(report, job, _("The report could not be built: %(error)s") % {"error": error})
            return report
        if job is not None:
            message = ngettext("%(pages)d page.", "%(pages)d pages.", rendered.pages) % {
                "pages": rendered.pages
            }
            jobs.job_succeed(job, message=message)
    return report
