"""The ranking as CSV or XLSX, with its cells escaped against formula injection."""

from decimal import Decimal

import tablib
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.resources import escape_formula
from core.audit import audit_download

from ... import selectors
from ...models import Decision
from .access import _managed_programme
from .decisions import _counterpart

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    """Numbers as numbers (a spreadsheet can add them up), text that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int):
        return value
    return escape_formula(str(value))


def _answer(decision: Decision | None) -> str:
    if decision is None or decision.outcome != Decision.Outcome.SELECT:
        return ""
    if decision.response:
        return decision.get_response_display()
    return _("awaiting") if decision.notified_at else _("not told yet")


@login_required
def ranking_export(request, slug):
    programme = _managed_programme(request, slug)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    counterpart = _counterpart(programme, request.GET.get("counterpart", ""))
    criteria = list(selectors.criterion_list(programme))
    dataset = tablib.Dataset(
        headers=[
            _("Position"),
            _("Company"),
            _("Local name"),
            _("Country"),
            _("Counterpart"),
            _("Total (out of 100)"),
            _("Spread"),
            _("Large disagreement"),
            _("Failed thresholds"),
            _("Reviews done"),
            _("Reviews missing"),
            *(escape_formula(criterion.display_name) for criterion in criteria),
            _("Decision"),
            _("Answer"),
        ]  # fmt: skip
    )
    dataset.title = _("Ranking")
    for entry in selectors.ranking(programme, counterpart=counterpart):
        row, company = entry.row, entry.application.company
        values = [
            row.position, company.legal_name, company.local_name, company.country.name,
            entry.counterpart.name if entry.counterpart else "", row.total, row.spread,
            _("yes") if row.disagreement else "", "; ".join(entry.failed_names),
            row.reviews_done, row.reviews_missing,
            *(row.means.get(criterion.pk) for criterion in criteria),
            entry.decision.get_outcome_display() if entry.decision else "", _answer(entry.decision),
        ]  # fmt: skip
        dataset.append([_cell(value) for value in values])
    body = dataset.export(kind)
    if kind == "csv":
        body = "\ufeff" + body  # so that spreadsheets read the CSV as UTF-8
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{programme.slug}-ranking-{stamp}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_download(request, filename=filename, programme=programme, format=kind, rows=len(dataset))
    return response
