"""The ministry reports pages: /reports/ (the list, and staff's form to request one),
/reports/<pk>/ (one report; its status line refreshes itself while the report is built, as a
background job's page does) and /reports/<pk>/download/ (the PDF, as an attachment).

Staff see every report and request new ones; a ministry reviewer sees and downloads the reports
whose programmes they may all read, and changes nothing (403 on the form); everyone else 403.
Times are shown in the programme's time zone (a portfolio report: the agency's)."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_countries import countries

from core.audit import audit_download
from core.files import private_file_response
from core.models import AuditEvent
from programmes.models import Programme

from ..dashboard import DashboardFilters, programmes_readable
from ..exceptions import MonitoringError
from ..models import Report
from ..reports import can_request_reports, can_use_reports, reports_for_user
from ..reports.forms import ReportRequestForm
from ..reports.render import AGENCY_TIME_ZONE
from ..services.reports import report_request


def _allowed(request):
    if not can_use_reports(request.user):
        raise PermissionDenied


def _zone(report: Report):
    return report.programme.tzinfo if report.programme_id else ZoneInfo(AGENCY_TIME_ZONE)


def _with_labels(reports):
    """Each report with its time zone and its selection's words (for the templates)."""
    for report in reports:
        report.zone = _zone(report)
        report.kind_label = Programme.Kind(report.kind).label if report.kind else ""
        report.country_label = countries.name(report.country) if report.country else ""
    return reports


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_list(request):
    _allowed(request)
    can_request = can_request_reports(request.user)
    form = None
    status = 200
    if can_request:
        programmes = list(programmes_readable(request.user).order_by("-start_date", "slug"))
        initial = {"scope": Report.Scope.PROGRAMME, "language": "en"}
        if request.GET.get("programme"):
            initial["programme"] = request.GET["programme"]
        form = ReportRequestForm(
            request.POST if request.method == "POST" else None,
            programmes=programmes,
            initial=initial,
        )
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            filters = DashboardFilters(
                date_from=data["date_from"],
                date_to=data["date_to"],
                kind=data["kind"],
                country=data["country"],
            )
            try:
                report = report_request(
                    by=request.user,
                    programme=data["programme_obj"],
                    filters=None if data["programme_obj"] else filters,
                    language=data["language"],
                )
            except MonitoringError as exc:
                for field, errors in exc.errors.items():
                    form.add_error(field if field in form.fields else None, errors)
                if not exc.errors:
                    form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The report is being built."))
                return redirect("monitoring:report.detail", pk=report.pk)
        status = 400
    reports = _with_labels(list(reports_for_user(request.user)[:200]))
    return render(
        request,
        "monitoring/report/list.html",
        {"reports": reports, "form": form, "can_request": can_request},
        status=status,
    )


@login_required
@require_safe
def report_detail(request, pk: int):
    _allowed(request)
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    _with_labels([report])
    template = (
        "monitoring/report/_status.html"
        if request.headers.get("HX-Request")
        else "monitoring/report/detail.html"
    )
    return render(
        request,
        template,
        {"report": report, "covered": list(report.programmes.order_by("start_date", "slug"))},
    )


@login_required
@require_safe
def report_download(request, pk: int):
    _allowed(request)
    report = get_object_or_404(reports_for_user(request.user), pk=pk)
    if report.status != Report.Status.READY or not report.file:
        raise Http404("The report is not ready.")
    filename = report.filename or f"report-{pk}.pdf"
    response = private_file_response(report.file, filename=filename)
    audit_download(
        request,
        filename=filename,
        obj=report,
        programme=report.programme.slug if report.programme_id else None,
        action=AuditEvent.Action.REPORT_DOWNLOAD,
    )
    return response
