"""A ministry report as a PDF: ``render_report``.

The numbers are the dashboard's (``monitoring.dashboard.dashboard_figures``, aggregated in the
database: the queries do not grow with the meetings), the charts the dashboard's SVG
(``monitoring.charts``), laid out by WeasyPrint with the shipped fonts and only files under
static/ (``core.pdf``). The template is templates/monitoring/report/report.pdf.html with
static/pdf/report.css; every value is formatted here in the report's language
(``formatting``), so the template only places strings.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.models import Organisation, User
from core.templatetags.locale_extras import join_local
from programmes.models import Programme

from ..models import LEVEL_MEANINGS
from . import formatting as fmt
from .selection import report_selection

TEMPLATE = "monitoring/report/report.pdf.html"
# The portfolio's times are the agency's (the implementing agency works in Japan).
AGENCY_TIME_ZONE = "Asia/Tokyo"
STEPS = 4  # figures, charts, layout, written


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int
    programmes: list[Programme] = field(default_factory=list)  # what it covers


def agency_name(user: User | None) -> str:
    """The implementing agency: the requester's organisation, else the agency on record."""
    organisation = getattr(user, "organisation", None)
    if organisation is None or organisation.kind != Organisation.Kind.AGENCY:
        organisation = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).first()
    return organisation.name if organisation else _("SME Match")


def _cell(value, kind: str, currency: str) -> str:
    if kind == "int":
        return fmt.number(value)
    if kind == "rate":
        return fmt.percent(value)
    if kind == "money":
        return fmt.money(value, currency)
    return "" if value is None else str(value)


def _table(table: dict, keys: list[str], currency: str, *, numeric_from: int = 1) -> dict:
    """The columns ``keys`` of one of the dashboard's tables, formatted."""
    columns = {column["key"]: column for column in table["columns"]}
    # A year is a name, not an amount: no thousands separator.
    chosen = [
        {**columns[key], "kind": "text"} if key == "year" else columns[key]
        for key in keys
        if key in columns
    ]
    return {
        "title": table["title"],
        "columns": [
            {"label": c["label"], "numeric": c["kind"] in ("int", "rate", "money")} for c in chosen
        ],
        "rows": [
            [
                {
                    # A money column is in the reporting currency unless the row names its
                    # own (the amounts by currency, before conversion).
                    "text": _cell(
                        row.get(c["key"]),
                        c["kind"],
                        row.get("currency", currency) if c["key"] in OWN_CURRENCY else currency,
                    ),
                    "numeric": c["kind"] in ("int", "rate", "money"),
                }
                for c in chosen
            ]
            for row in table["rows"]
        ],
    }


# The dashboard's tables are wide (CSV/XLSX); on A4 each is shown as two narrower tables.
PROGRAMME_COLUMNS = [
    "programme", "year", "japanese", "overseas", "meetings_held", "no_shows", "response_rate",
    "conversion",
]  # fmt: skip
PROGRAMME_OUTCOME_COLUMNS = [
    "programme", "level_1", "level_2", "level_3", "level_4", "level_5", "follow_ups",
    "agreements", "agreements_value", "return_sales",
]  # fmt: skip
COUNTRY_COLUMNS = [
    "country", "japanese", "overseas", "meetings_held", "no_shows", "response_rate",
    "conversion", "agreements", "agreements_value",
]  # fmt: skip
COUNTRY_LEVEL_COLUMNS = [
    "country", "level_1", "level_2", "level_3", "level_4", "level_5", "follow_ups",
]  # fmt: skip
CURRENCY_COLUMNS = ["what", "currency", "amount", "items", "converted"]  # rates: listed below it
OWN_CURRENCY = {"amount"}  # columns of the currencies table in the row's own currency


def _money(total: dict) -> dict:
    return {
        "text": fmt.money(total["amount"], total["currency"]),
        "items": total["items"],
        "not_converted": [
            fmt.money(row["amount"], row["currency"]) for row in total["not_converted"]
        ],
    }


def _context(
    *, programme, selection, figures, charts, requested_by, requested_at, now, language
) -> dict:
    headline = figures["headline"]
    currency = figures["currency"]
    tz = programme.tzinfo if programme else ZoneInfo(AGENCY_TIME_ZONE)
    filters = selection.filters
    scope = []
    if programme is not None:
        scope += [
            (_("Programme"), programme.display_title),
            (_("Programme kind"), str(programme.get_kind_display())),
            (_("Dates"), f"{fmt.day(programme.start_date)} – {fmt.day(programme.end_date)}"),
            (_("Partner countries"), join_local(programme.partner_country_names(), language)),
            (_("Time zone"), programme.time_zone),
        ]  # fmt: skip
    else:
        if filters.date_from or filters.date_to:
            period = f"{fmt.day(filters.date_from)} – {fmt.day(filters.date_to)}"
        else:
            period = _("All meetings")
        scope += [
            (_("Period"), period),
            (
                _("Programme kind"),
                str(Programme.Kind(filters.kind).label) if filters.kind else _("All kinds"),
            ),
            (
                _("Partner country"),
                str(countries.name(filters.country)) if filters.country else _("All countries"),
            ),
            (_("Programmes"), fmt.number(len(selection.programmes))),
        ]
    tables = figures["tables"]
    summary = [
        (_("Meetings held"), fmt.number(headline["meetings_held"])),
        (_("No-shows"), fmt.number(headline["no_shows"])),
        (_("Japanese companies"), fmt.number(headline["companies"]["japanese"])),
        (_("Overseas companies"), fmt.number(headline["companies"]["overseas"])),
        (_("Survey answers"), fmt.number(headline["responses"])),
        (_("Response rate"), fmt.percent(headline["response_rate"])),
        (_("Level 3–5 conversion"), fmt.percent(headline["conversion"])),
        (_("Disagreements flagged"), fmt.number(headline["disagreements"])),
        (_("Follow-up cases"), fmt.number(sum(headline["follow_ups"].values()))),
        (_("Agreements"), fmt.number(headline["agreements"])),
        (_("Agreements value"), fmt.money(headline["agreements_value"]["amount"], currency)),
        (_("Return sales"), fmt.money(headline["return_sales"]["amount"], currency)),
    ]
    if programme is None:
        summary.insert(0, (_("Programmes"), fmt.number(headline["programmes"])))
    return {
        "programme": programme,
        "is_programme": programme is not None,
        "title": _("Programme report") if programme else _("Portfolio report"),
        "subject": programme.display_title if programme else _("All programmes"),
        "scope": scope,
        "generated": fmt.moment(now, tz),
        "requested_at": fmt.moment(requested_at, tz) if requested_at else "",
        "requested_by": requested_by.display_name() if requested_by else "",
        "agency": agency_name(requested_by),
        "currency": currency,
        "summary": summary,
        "charts": charts,
        "levels": [
            {
                "level": row["level"],
                "label": row["label"],
                "count": fmt.number(row["count"]),
                "share": fmt.percent(row["share"]),
            }
            for row in figures["levels"]
        ],
        "follow_ups": [
            {"label": row["label"], "count": fmt.number(row["count"])}
            for row in figures["follow_ups"]
        ],
        "response_rates": [
            {
                "label": row["label"],
                "expected": fmt.number(row["expected"]),
                "received": fmt.number(row["received"]),
                "rate": fmt.percent(row["rate"]),
            }
            for row in figures["response_rates"]
        ],
        "programmes_table": _table(tables["programmes"], PROGRAMME_COLUMNS, currency),
        "programme_outcomes_table": _table(
            tables["programmes"], PROGRAMME_OUTCOME_COLUMNS, currency
        ),
        "countries_table": _table(tables["countries"], COUNTRY_COLUMNS, currency),
        "country_levels_table": _table(tables["countries"], COUNTRY_LEVEL_COLUMNS, currency),
        "currencies_table": _table(tables["currencies"], CURRENCY_COLUMNS, currency),
        "agreements_value": _money(headline["agreements_value"]),
        "return_sales": _money(headline["return_sales"]),
        "rates": [rate["label"] for rate in figures["money"]["rates"]],
        "level_meanings": [(level, str(meaning)) for level, meaning in LEVEL_MEANINGS.items()],
        "LANGUAGE_CODE": language,
    }


def render_report(
    *,
    programme: Programme | None = None,
    filters=None,
    language: str = "en",
    progress: Callable[[int, int], None] | None = None,
    requested_by: User | None = None,
    requested_at=None,
    now=None,
) -> RenderedReport:
    """The PDF of a programme report (``programme``) or of a portfolio report (``filters``, a
    DashboardFilters with the period, kind and country; None: everything) in ``language``
    ("en" or "ja"), with its page count. ``progress(done, total)`` after each step.
    Raises ReportEmpty (monitoring.exceptions) when no meeting was held in the selection."""
    from core.pdf import html_to_pdf_counted

    from .. import charts as chart_module

    def step(done: int) -> None:
        if progress:
            progress(done, STEPS)

    now = now or timezone.now()
    language = language if language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        selection = report_selection(programme=programme, filters=filters, now=now)
        figures = selection.figures
        step(1)
        charts = chart_module.all_charts(figures, language=language)
        step(2)
        html = render_to_string(
            TEMPLATE,
            _context(
                programme=programme,
                selection=selection,
                figures=figures,
                charts=charts,
                requested_by=requested_by,
                requested_at=requested_at,
                now=now,
                language=language,
            ),
        )
        pdf, pages = html_to_pdf_counted(html)
        step(3)
    step(STEPS)
    return RenderedReport(pdf=pdf, pages=pages, programmes=selection.programmes)
