"""The applicants list with its filters and counts, and its export (CSV or XLSX)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_download

from ... import selectors
from ...forms import (
    ApplicationFilterForm,
)
from ...resources import ApplicationResource
from ...rules import can_manage_applications
from .access import PAGE_SIZE, S, _applicants_programme, _counterparts, _filtered


@login_required
def application_list(request, slug):
    programme = _applicants_programme(request, slug)
    staff = can_manage_applications(request.user, programme)
    applications = selectors.application_list_for_user(request.user, programme)
    filters = ApplicationFilterForm(
        request.GET or None, counterparts=_counterparts(programme) if staff else None
    )
    page = Paginator(_filtered(applications, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.application_counts(applications)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "companies/application/list.html",
        {
            "programme": programme,
            "page": page,
            "filters": filters,
            "counts": [(value, label, counts.get(value, 0)) for value, label in S.choices],
            "total": sum(counts.values()),
            "query": query.urlencode(),
            "can_manage": staff,
        },
    )


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
def application_export(request, slug):
    programme = _applicants_programme(request, slug)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    staff = can_manage_applications(request.user, programme)
    applications = selectors.application_list_for_user(request.user, programme)
    filters = ApplicationFilterForm(
        request.GET, counterparts=_counterparts(programme) if staff else None
    )
    dataset = ApplicationResource(time_zone=programme.tzinfo).export(
        _filtered(applications, filters)
    )
    content_type, extension = EXPORT_TYPES[kind]
    body = dataset.export(kind)
    if kind == "csv":
        body = "\ufeff" + body  # so that spreadsheets read the CSV as UTF-8
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{programme.slug}-applications-{stamp}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_download(request, filename=filename, programme=programme, format=kind, rows=len(dataset))
    return response
