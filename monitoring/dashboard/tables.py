"""The dashboards' tables: {"name", "title", "columns": [{"key", "label", "kind"}], "rows"}."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django_countries import countries

from ..models import FollowUp
from .money import CENTS, MoneyTotal


def row_figures(group: dict) -> dict:
    expected = group["held"] * 2 + group["interpreted"]
    rated = sum(group["levels"].values())
    converted = sum(group["levels"][level] for level in (3, 4, 5))
    signed = group["follow_ups"][FollowUp.Status.AGREEMENT_SIGNED]
    return {
        "meetings_held": group["held"],
        "no_shows": group["no_shows"],
        "responses": group["responses"],
        "response_rate": round(group["responses"] / expected, 4) if expected else 0.0,
        **{f"level_{level}": group["levels"][level] for level in range(1, 6)},
        "conversion": round(converted / rated, 4) if rated else 0.0,
        "follow_ups": sum(group["follow_ups"].values()),
        "agreements": group["levels"][5] + signed,
    }


def _column(key: str, label, kind: str = "int") -> dict:
    return {"key": key, "label": str(label), "kind": kind}


def _figure_columns(currency: str) -> list[dict]:
    return [
        _column("meetings_held", _("Meetings held")),
        _column("no_shows", _("No-shows")),
        _column("responses", _("Answers")),
        _column("response_rate", _("Response rate"), "rate"),
        *[
            _column(f"level_{level}", _("Level %(level)s") % {"level": level})
            for level in range(1, 6)
        ],
        _column("conversion", _("Level 3–5"), "rate"),
        _column("follow_ups", _("Follow-ups")),
        _column("agreements", _("Agreements")),
    ]


def programmes_table(programme_list, by_programme, companies, money, currency) -> dict:
    empty = {
        "held": 0,
        "no_shows": 0,
        "interpreted": 0,
        "responses": 0,
        "levels": dict.fromkeys(range(1, 6), 0),
        "follow_ups": dict.fromkeys(FollowUp.Status.values, 0),
    }
    rows = []
    for programme in programme_list:
        figures = row_figures(by_programme.get(programme.pk, empty))
        found = companies.get(programme.pk, {})
        amounts = money[programme.pk]
        rows.append(
            {
                "programme": programme.display_title,
                "slug": programme.slug,
                "kind": str(programme.get_kind_display()),
                "year": programme.start_date.year,
                "japanese": found.get("japanese", 0),
                "overseas": found.get("overseas", 0),
                **figures,
                "agreements_value": amounts["agreements"].as_dict()["amount"],
                "return_sales": amounts["return_sales"].as_dict()["amount"],
                "not_converted": _missing_text(amounts["agreements"], amounts["return_sales"]),
            }
        )
    return {
        "name": "programmes",
        "title": _("Programmes"),
        "columns": [
            _column("programme", _("Programme"), "text"),
            _column("kind", _("Kind"), "text"),
            _column("year", _("Year")),
            _column("japanese", _("Japanese companies")),
            _column("overseas", _("Overseas companies")),
            *_figure_columns(currency),
            _column(
                "agreements_value",
                _("Agreements value (%(currency)s)") % {"currency": currency},
                "money",
            ),
            _column(
                "return_sales", _("Return sales (%(currency)s)") % {"currency": currency}, "money"
            ),
            _column("not_converted", _("Not converted (no rate)"), "text"),
        ],
        "rows": rows,
    }


def _missing_text(*totals: MoneyTotal) -> str:
    parts: dict[str, Decimal] = defaultdict(Decimal)
    for total in totals:
        for code, row in total.missing.items():
            parts[code] += row["amount"]
    return ", ".join(f"{amount.quantize(CENTS):f} {code}" for code, amount in sorted(parts.items()))


def countries_table(by_country, companies, money, currency) -> dict:
    rows = []
    for code, group in by_country.items():
        found = companies.get(code, {})
        total = money.get(code) or MoneyTotal(currency)
        rows.append(
            {
                "country": str(countries.name(code)) if code else "",
                "code": code,
                "japanese": found.get("japanese", 0),
                "overseas": found.get("overseas", 0),
                **row_figures(group),
                "agreements_value": total.as_dict()["amount"],
                "not_converted": _missing_text(total),
            }
        )
    rows.sort(key=lambda r: (-r["meetings_held"], r["country"]))
    return {
        "name": "countries",
        "title": _("Partner countries"),
        "columns": [
            _column("country", _("Partner country"), "text"),
            _column("code", _("Code"), "text"),
            _column("japanese", _("Japanese companies")),
            _column("overseas", _("Overseas companies")),
            *_figure_columns(currency),
            _column(
                "agreements_value",
                _("Agreements value (%(currency)s)") % {"currency": currency},
                "money",
            ),
            _column("not_converted", _("Not converted (no rate)"), "text"),
        ],
        "rows": rows,
    }


def currencies_table(by_currency, currency) -> dict:
    labels = {"agreements": _("Agreements value"), "return_sales": _("Return sales")}
    rows = []
    for (kind, code), row in sorted(by_currency.items()):
        rows.append(
            {
                "what": str(labels[kind]),
                "currency": code,
                "amount": Decimal(row["amount"]).quantize(CENTS),
                "items": row["items"],
                "converted": row["converted"].quantize(CENTS),
                "not_converted": row["missing"],
                "rates": "; ".join(sorted(row["rates"])),
            }
        )
    return {
        "name": "currencies",
        "title": _("Amounts by currency"),
        "columns": [
            _column("what", _("Figure"), "text"),
            _column("currency", _("Currency"), "text"),
            _column("amount", _("Amount in its currency"), "money"),
            _column("items", _("Amounts")),
            _column("converted", _("Converted (%(currency)s)") % {"currency": currency}, "money"),
            _column("not_converted", _("Amounts without a rate")),
            _column("rates", _("Rates used"), "text"),
        ],
        "rows": rows,
    }


def chart_tables(levels, conversion, follow_ups, response_rates) -> dict:
    """The numbers of each chart as a table (shown under the chart, exported like the rest)."""
    period = _("Meeting day") if conversion["by"] == "day" else _("Programme year")
    return {
        "levels": {
            "name": "levels",
            "title": _("Outcome levels"),
            "columns": [
                _column("level", _("Level")),
                _column("label", _("Meaning"), "text"),
                _column("count", _("Meetings")),
                _column("share", _("Share"), "rate"),
            ],
            "rows": levels,
        },
        "conversion": {
            "name": "conversion",
            "title": _("Level 3–5 conversion"),
            "columns": [
                _column("key", period, "text"),
                _column("rated", _("Meetings with a level")),
                _column("converted", _("At level 3–5")),
                _column("rate", _("Conversion"), "rate"),
            ],
            "rows": conversion["points"],
        },
        "follow_ups": {
            "name": "follow_ups",
            "title": _("Follow-ups by status"),
            "columns": [_column("label", _("Status"), "text"), _column("count", _("Follow-ups"))],
            "rows": follow_ups,
        },
        "response_rates": {
            "name": "response_rates",
            "title": _("Survey response rates"),
            "columns": [
                _column("label", _("Respondent"), "text"),
                _column("expected", _("Answers expected")),
                _column("received", _("Answers received")),
                _column("rate", _("Response rate"), "rate"),
            ],
            "rows": response_rates,
        },
    }
