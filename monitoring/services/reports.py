"""Ministry reports: staff request one (``report_request``), the worker builds it
(``report_build``, run by the task ``monitoring.report_build``).

A request is checked before anything is queued: the programme must be one the requester may
read, the period in order, the programme kind and the partner country known, the language
English or Japanese, and the selection must hold at least one held meeting (``ReportEmpty``
otherwise: an empty selection never becomes a job). The report and its ``core.Job`` are
written in one transaction; the task is queued once it commits.

The build renders the PDF (``monitoring.reports.render_report``) with the job's progress
(within core/pdf's time and memory limits: a document past them fails the report with
what it hit), records the file's private name on the report, writes the file, and marks the
report READY in one transaction that checks the name is still this attempt's: a report is
READY only with its file, and every file written is known to its report. Any error marks it
FAILED with the message and removes whatever file was written, so a failed build never leaves
a file listed as ready. A worker killed half-way (docs/faults.md) leaves the report BUILDING
with at most the recorded file; the attempt that takes it up again (its message redelivered)
removes that file first. A report already ready is not built again (a task run twice builds
once)."""

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


def _leftover_remove(report: Report) -> None:
    """The file an attempt whose worker died had written (its name was recorded before it was
    written, so no file is ever unknown to its report): removed before building again."""
    if report.file:
        report.file.delete(save=False)
        Report.objects.filter(pk=report.pk).update(file="")
        report.file = ""


def _store(report: Report, pdf: bytes, filename: str) -> str:
    """Write the PDF under a new private name, recorded on the (still building) report before
    the file is written: a worker killed in between leaves a name the next attempt removes,
    never a file nobody knows of."""
    field = Report._meta.get_field("file")
    name = field.generate_filename(report, filename)
    Report.objects.filter(pk=report.pk, status=Report.Status.BUILDING).update(file=name)
    report.file.name = name
    stored = field.storage.save(name, ContentFile(pdf), max_length=field.max_length)
    if stored != name:  # the storage chose another name (never with 128 random bits)
        Report.objects.filter(pk=report.pk, status=Report.Status.BUILDING).update(file=stored)
        report.file.name = stored
    return stored


def report_build(report: Report, *, worker: str = "") -> Report:
    """Build the report's PDF and store it (see the module). Safe to run twice: a report
    that is ready, failed or being built by another run is left alone (unless the task's
    message was redelivered after its worker died: then it is built again)."""
    from core import services as jobs
    from core.pdf import PdfLimitExceeded
    from core.tasks import redelivered

    from ..reports import render_report, report_filters

    # A report left building by a worker that died is built again when its task's message
    # comes back from the broker (nothing of the first attempt is listed: READY is written in
    # the transaction that checks the file is this attempt's; a file it wrote is removed).
    claimable = [Report.Status.QUEUED]
    if redelivered():
        claimable.append(Report.Status.BUILDING)
    claimed = Report.objects.filter(pk=report.pk, status__in=claimable).update(
        status=Report.Status.BUILDING
    )
    report.refresh_from_db()
    if not claimed:
        return report
    _leftover_remove(report)
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
            stored = _store(report, rendered.pdf, filename)
            with transaction.atomic():
                # Still this attempt's (another, redelivered, may have taken the report over
                # while this one was slow): else its file goes and the report is left alone.
                current = Report.objects.select_for_update().filter(pk=report.pk)
                if current.values_list("status", "file").first() != (
                    Report.Status.BUILDING,
                    stored,
                ):
                    report.file.storage.delete(stored)  # recorded nowhere: this attempt's
                    report.refresh_from_db()
                    return report
                # What the PDF shows is what it covers (a portfolio's programmes may have
                # changed since the request): readers are checked against these.
                report.programmes.set(rendered.programmes)
                report.filename = filename
                report.pages = rendered.pages
                report.size = len(rendered.pdf)
                report.status = Report.Status.READY
                report.message = ""
                report.finished_at = timezone.now()
                report.save(
                    update_fields=[
                        "file", "filename", "pages", "size", "status", "message", "finished_at"
                    ]
                )  # fmt: skip
        except ReportEmpty as exc:
            _fail(report, job, str(exc.message))
            return report
        except PdfLimitExceeded as exc:
            logger.warning("report #%s stopped: %s", report.pk, exc.message)
            message = _("The report could not be built: %(error)s") % {"error": exc.message}
            _fail(report, job, message)
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
