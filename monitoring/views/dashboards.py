"""The dashboards: the portfolio (every programme the user may read: staff all, a ministry
reviewer those they review) and one programme's. Filters come in the query string (GET); a bad
value is named above the form and left out. ``?export=<table>&format=csv|xlsx`` downloads one
of the page's tables with the same filters. Reading only: nobody changes anything here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from companies.models import SmeSector
from core.audit import audit_download
from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from .. import charts, rules
from ..dashboard import FILTER_LABELS, DashboardFilters, dashboard_figures, programmes_readable
from ..exports import FORMATS, table_export
from ..templatetags.dashboard_tags import cell

PORTFOLIO_TABLES = (
    "programmes",
    "countries",
    "levels",
    "conversion",
    "follow_ups",
    "response_rates",
    "currencies",
)
PROGRAMME_TABLES = (
    "countries",
    "levels",
    "conversion",
    "follow_ups",
    "response_rates",
    "currencies",
)


def _export(request, figures: dict, allowed: tuple[str, ...], stem: str, *, programme=None):
    """The export response, or None when the request is not an export."""
    name = request.GET.get("export")
    if not name:
        return None
    file_format = request.GET.get("format", "csv")
    if name not in allowed or file_format not in FORMATS:
        raise Http404("No such table or format.")
    content, content_type = table_export(figures["tables"][name], file_format)
    response = HttpResponse(content, content_type=content_type)
    day = timezone.localdate().isoformat()
    filename = f"{stem}-{name}-{day}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_download(
        request,
        filename=filename,
        programme=programme,
        table=name,
        format=file_format,
        filters={k: v for k, v in request.GET.items() if k not in ("export", "format")},
    )
    return response


def _table_body(table: dict) -> SafeString:
    """The rows of a dashboard table as HTML (``<tr>`` elements), built here rather than in
    the template: the portfolio's tables hold a couple of thousand cells, which a template
    loop renders slowly. Every value is escaped; a programme's name links to its dashboard."""
    columns = [
        (column, "" if column["kind"] == "text" else ' class="num"') for column in table["columns"]
    ]
    links: dict = {}
    rows = []
    for row in table["rows"]:
        cells = []
        for column, css in columns:
            text = escape(cell(row, column))
            if column["key"] == "programme" and row.get("slug"):
                if row["slug"] not in links:
                    links[row["slug"]] = escape(
                        reverse("monitoring:dashboard.programme", args=[row["slug"]])
                    )
                cells.append(f'<td><a href="{links[row["slug"]]}">{text}</a></td>')
            else:
                cells.append(f"<td{css}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n    ".join(rows))  # noqa: S308 - every value escaped above


def _choices(options, selected: str) -> list[tuple[str, str, bool]]:
    return [(str(value), str(label), str(value) == selected) for value, label in options]


def _context(request, figures: dict, filters: DashboardFilters, errors: dict, tables) -> dict:
    query = filters.as_query()
    return {
        "figures": figures,
        "headline": figures["headline"],
        "charts": charts.all_charts(figures),
        "tables": [
            {**figures["tables"][name], "body": _table_body(figures["tables"][name])}
            for name in tables
        ],
        "filters": filters,
        "errors": errors,
        "error_list": [(str(FILTER_LABELS[name]), message) for name, message in errors.items()],
        "query": query,
        "sectors": _choices(SmeSector.choices, filters.sector),
        "response_percent": round(figures["headline"]["response_rate"] * 100, 1),
        "conversion_percent": round(figures["headline"]["conversion"] * 100, 1),
        "formats": FORMATS,
    }


@login_required
@require_safe
def dashboard_portfolio(request):
    readable = programmes_readable(request.user)
    if not request.user.is_agency_staff and not readable.exists():
        raise PermissionDenied
    filters, errors = DashboardFilters.from_query(request.GET)
    figures = dashboard_figures(readable, filters=filters)
    exported = _export(request, figures, PORTFOLIO_TABLES, "portfolio")
    if exported:
        return exported
    facts = list(readable.order_by().values_list("start_date__year", "partner_countries"))
    years = sorted({year for year, _countries in facts}, reverse=True)
    codes = {code for _year, found in facts for code in (found or [])}
    codes |= {row["code"] for row in figures["tables"]["countries"]["rows"] if row["code"]}
    if filters.country:
        codes.add(filters.country)
    context = _context(request, figures, filters, errors, PORTFOLIO_TABLES)
    context.update(
        {
            "scope": "portfolio",
            "years": [(str(y), str(y), filters.year == y) for y in years],
            "kinds": _choices(Programme.Kind.choices, filters.kind),
            "countries": sorted(
                ((c, str(countries.name(c)), c == filters.country) for c in codes),
                key=lambda item: item[1],
            ),
        }
    )
    return render(request, "monitoring/dashboard/portfolio.html", context)


@login_required
@require_safe
def dashboard_programme(request, slug: str):
    programme = programme_get_for_user(request.user, slug)
    if not rules.can_read_figures(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    filters, errors = DashboardFilters.from_query(request.GET)
    for name in ("year", "kind"):  # they choose programmes: not asked on one programme's page
        errors.pop(name, None)
    filters = DashboardFilters(
        country=filters.country,
        sector=filters.sector,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    figures = dashboard_figures([programme], filters=filters, by="day")
    exported = _export(request, figures, PROGRAMME_TABLES, programme.slug, programme=programme)
    if exported:
        return exported
    codes = {country.code for country in programme.partner_countries}
    codes |= {row["code"] for row in figures["tables"]["countries"]["rows"] if row["code"]}
    if filters.country:
        codes.add(filters.country)
    context = _context(request, figures, filters, errors, PROGRAMME_TABLES)
    context.update(
        {
            "scope": "programme",
            "programme": programme,
            "countries": sorted(
                ((c, str(countries.name(c)), c == filters.country) for c in codes),
                key=lambda item: item[1],
            ),
            "title": _("Dashboard"),
        }
    )
    return render(request, "monitoring/dashboard/programme.html", context)
