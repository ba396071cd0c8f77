"""dashboard_figures: every figure of a programme or a portfolio (shape in its docstring)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import (
    LEVEL_MEANINGS,
    FollowUp,
    RespondentKind,
    SurveyResponse,
)
from ..selectors import (
    FINAL_LEVEL,
    figures_from_counts,
    held_meetings_q,
    held_q,
    meeting_counts,
    published_meetings,
)
from .filters import DashboardFilters, reporting_currency
from .money import Converter, MoneyTotal, money_rows
from .tables import (
    chart_tables,
    countries_table,
    currencies_table,
    programmes_table,
)

STATUSES = FollowUp.Status.values


def _empty_group() -> dict:
    return {
        "held": 0,
        "no_shows": 0,
        "interpreted": 0,
        "responses": 0,
        "disagreements": 0,
        "levels": dict.fromkeys(range(1, 6), 0),
        "follow_ups": dict.fromkeys(STATUSES, 0),
    }


def _grouped_counts(meetings, now, programme_ids, meeting_q) -> tuple[dict, dict]:
    """Per (programme id, overseas country): meetings held, no-shows, interpreted, answers,
    disagreements, levels, follow-ups by status; and the answers by respondent kind. Two
    queries: one pass over the meetings (LEFT JOINs to outcome and follow-up) and one over
    the answers (joined to their meetings)."""
    groups: dict = defaultdict(_empty_group)
    for row in meeting_counts(meetings, now, "schedule__programme", "overseas__country"):
        group = groups[(row["schedule__programme"], row["overseas__country"])]
        for name in ("held", "interpreted", "no_shows", "disagreements"):
            group[name] += row[name]
        for level in range(1, 6):
            group["levels"][level] += row[f"level_{level}"]
        for status in STATUSES:
            group["follow_ups"][status] += row[f"follow_up_{status}"]
    received = dict.fromkeys(RespondentKind.values, 0)
    key = ("meeting__schedule__programme", "meeting__overseas__country")
    for row in (
        SurveyResponse.objects.filter(held_meetings_q(programme_ids, now, meeting_q, "meeting__"))
        .order_by()
        .values(*key, "respondent_kind")
        .annotate(n=Count("id"))
    ):
        groups[(row[key[0]], row[key[1]])]["responses"] += row["n"]
        received[row["respondent_kind"]] += row["n"]
    return groups, received


def _merge(groups: dict, index: int | None) -> dict:
    """The (programme, country) groups summed by one part of their key (None: all in one,
    under the key None)."""
    merged: dict = {}
    for key, group in groups.items():
        target = merged.setdefault(None if index is None else key[index], _empty_group())
        for name in ("held", "no_shows", "interpreted", "responses", "disagreements"):
            target[name] += group[name]
        for level, n in group["levels"].items():
            target["levels"][level] += n
        for status, n in group["follow_ups"].items():
            target["follow_ups"][status] += n
    return merged


def _headline(total: dict) -> dict:
    """outcome_figures' dict from the summed groups (the same numbers, the same keys)."""
    counts = {
        "held": total["held"],
        "interpreted": total["interpreted"],
        "no_shows": total["no_shows"],
        "disagreements": total["disagreements"],
        **{f"level_{level}": total["levels"][level] for level in range(1, 6)},
        **{f"follow_up_{status}": total["follow_ups"][status] for status in STATUSES},
    }
    return figures_from_counts(counts, total["responses"])


def dashboard_figures(programmes, *, filters=None, now=None, currency=None, by=None) -> dict:
    """Every figure of the dashboard (and of the reports) for ``programmes`` (a queryset or a
    list, already limited to what the user may read) narrowed by ``filters``.

    ``by`` is how conversion goes over time: "day" (meeting days, in the time zone of the
    first programme: for one programme) or "year" (programme years); by default "day" for one
    programme and "year" for several. ``currency`` defaults to MONITORING_REPORTING_CURRENCY.

    Returns a dict::

        {
          "currency": "JPY",
          "filters": DashboardFilters, "filters_described": [(label, value)],
          "programmes": [{"id", "slug", "title", "kind", "kind_label", "year"}],
          "headline": {...outcome_figures(...) keys: meetings_held, no_shows, responses,
                       response_rate, levels {"1".."5": n}, disagreements,
                       follow_ups {status: n}, agreements;
                       "programmes": n,
                       "companies": {"japanese": n, "overseas": n},
                       "conversion": rate 0..1 (levels 3-5 / meetings with a level),
                       "agreements_value": Money, "return_sales": Money},
          "levels": [{"level": 1..5, "label": meaning, "count": n, "share": 0..1}],
          "conversion": {"by": "day"|"year", "points": [{"key": "2027" | "2027-02-16",
                         "label": str, "rated": n, "converted": n, "rate": 0..1}]},
          "follow_ups": [{"status", "label", "count"}],
          "response_rates": [{"respondent", "label", "expected", "received", "rate"}],
          "money": {"currency", "agreements_value": Money, "return_sales": Money,
                    "rates": [{"currency", "to_currency", "rate" (Decimal), "date", "source",
                               "inverse_of", "label"}]},
          "tables": {name: {"name", "title", "columns": [{"key", "label", "kind"}],
                            "rows": [{key: value}]}},
        }

    Money = {"amount": Decimal (converted, 2 places), "currency", "items": n converted,
    "not_converted": [{"currency", "amount", "items"}]}. Column kinds: "text", "int",
    "rate" (0..1), "money" (Decimal in the reporting currency). Tables: "programmes"
    (portfolio: one row per programme), "countries" (one row per partner country),
    "currencies" (the amounts per original currency and the rate used), and the numbers of
    each chart: "levels", "conversion", "follow_ups", "response_rates"."""
    now = now or timezone.now()
    filters = filters or DashboardFilters()
    currency = currency or reporting_currency()
    chosen = filters.programmes(programmes)
    programme_list = list(chosen.order_by("start_date", "slug"))
    by = by or ("day" if len(programme_list) == 1 else "year")
    programme_ids = [p.pk for p in programme_list]
    meeting_q = filters.meeting_q()
    meetings = published_meetings(programme_ids)
    if meeting_q is not None:
        meetings = meetings.filter(meeting_q)
    held = meetings.filter(held_q(now))

    groups, received = _grouped_counts(meetings, now, programme_ids, meeting_q)
    by_programme = _merge(groups, 0)
    by_country = _merge(groups, 1)
    overall = _merge(groups, None).get(None, _empty_group())
    headline = _headline(overall)
    headline["programmes"] = len(programme_list)
    companies = held.aggregate(
        japanese=Count("domestic", distinct=True), overseas=Count("overseas", distinct=True)
    )
    headline["companies"] = companies
    rated = sum(headline["levels"].values())
    converted = sum(headline["levels"][str(level)] for level in (3, 4, 5))
    headline["conversion"] = round(converted / rated, 4) if rated else 0.0

    per_programme_companies = {
        row["schedule__programme"]: row
        for row in held.order_by()
        .values("schedule__programme")
        .annotate(
            japanese=Count("domestic", distinct=True), overseas=Count("overseas", distinct=True)
        )
    }
    per_country_companies = {
        row["overseas__country"]: row
        for row in held.order_by()
        .values("overseas__country")
        .annotate(
            japanese=Count("domestic", distinct=True), overseas=Count("overseas", distinct=True)
        )
    }

    # Money: the amounts grouped in the database, then converted at their day's rate.
    amounts = money_rows(programme_ids, held, filters, now=now)
    latest = max((row[4] for row in amounts if row[4]), default=None)
    converter = Converter(currency, {row[3] for row in amounts}, latest)
    totals = {"agreements": MoneyTotal(currency), "return_sales": MoneyTotal(currency)}
    programme_money: dict = defaultdict(
        lambda: {"agreements": MoneyTotal(currency), "return_sales": MoneyTotal(currency)}
    )
    country_money: dict = defaultdict(lambda: MoneyTotal(currency))
    by_currency: dict = {}
    for kind, programme_id, country, code, on, total, items in amounts:
        value = converter.convert(Decimal(total), code, on)  # once per row
        totals[kind].add(converter, total, code, on, items, converted=value)
        programme_money[programme_id][kind].add(converter, total, code, on, items, converted=value)
        if kind == "agreements":
            country_money[country].add(converter, total, code, on, items, converted=value)
        row = by_currency.setdefault(
            (kind, code),
            {
                "kind": kind,
                "currency": code,
                "amount": Decimal(0),
                "items": 0,
                "converted": Decimal(0),
                "missing": 0,
                "rates": set(),
            },
        )
        row["amount"] += total
        row["items"] += items
        if value is None:
            row["missing"] += items
        else:
            row["converted"] += value
            found = converter.rate(code, on) if code != currency else None
            if found:
                row["rates"].add(found[1]["label"])
    headline["agreements_value"] = totals["agreements"].as_dict()
    headline["return_sales"] = totals["return_sales"].as_dict()

    levels = [
        {
            "level": level,
            "label": str(LEVEL_MEANINGS[level]),
            "count": headline["levels"][str(level)],
            "share": round(headline["levels"][str(level)] / rated, 4) if rated else 0.0,
        }
        for level in range(1, 6)
    ]
    follow_ups = [
        {"status": value, "label": str(label), "count": headline["follow_ups"][value]}
        for value, label in FollowUp.Status.choices
    ]
    response_rates = _response_rates(overall, received)
    conversion = _conversion(held, by, programme_list, by_programme)

    return {
        "currency": currency,
        "filters": filters,
        "filters_described": filters.describe(),
        "programmes": [
            {
                "id": p.pk,
                "slug": p.slug,
                "title": p.display_title,
                "kind": p.kind,
                "kind_label": str(p.get_kind_display()),
                "year": p.start_date.year,
            }
            for p in programme_list
        ],
        "headline": headline,
        "levels": levels,
        "conversion": conversion,
        "follow_ups": follow_ups,
        "response_rates": response_rates,
        "money": {
            "currency": currency,
            "agreements_value": headline["agreements_value"],
            "return_sales": headline["return_sales"],
            "rates": converter.rates_used(),
        },
        "tables": {
            "programmes": programmes_table(
                programme_list, by_programme, per_programme_companies, programme_money, currency
            ),
            "countries": countries_table(
                by_country, per_country_companies, country_money, currency
            ),
            "currencies": currencies_table(by_currency, currency),
            **chart_tables(levels, conversion, follow_ups, response_rates),
        },
    }


def _response_rates(total: dict, received: dict) -> list[dict]:
    expected = {
        RespondentKind.JAPANESE: total["held"],
        RespondentKind.OVERSEAS: total["held"],
        RespondentKind.INTERPRETER: total["interpreted"],
    }
    return [
        {
            "respondent": kind.value,
            "label": str(kind.label),
            "expected": expected[kind],
            "received": received[kind.value],
            "rate": round(received[kind.value] / expected[kind], 4) if expected[kind] else 0.0,
        }
        for kind in RespondentKind
    ]


def _conversion(held, by: str, programme_list, by_programme: dict) -> dict:
    """Level 3-5 conversion per programme year (summed from the programmes' levels: no query)
    or per meeting day in the first programme's time zone (one query)."""
    periods: dict = {}
    if by == "day":
        tz = programme_list[0].tzinfo if programme_list else timezone.get_current_timezone()
        rows = (
            held.alias(final=FINAL_LEVEL)
            .filter(final__isnull=False)
            .annotate(period=TruncDate("starts_at", tzinfo=tz))
            .order_by()
            .values("period")
            .annotate(rated=Count("id"), converted=Count("id", filter=Q(final__gte=3)))
        )
        for row in rows:
            periods[row["period"]] = (row["rated"], row["converted"])
    else:
        for programme in programme_list:
            levels = by_programme.get(programme.pk, {}).get("levels")
            if not levels:
                continue
            rated = sum(levels.values())
            if not rated:
                continue
            year = programme.start_date.year
            before = periods.get(year, (0, 0))
            periods[year] = (
                before[0] + rated,
                before[1] + sum(levels[level] for level in (3, 4, 5)),
            )
    points = []
    for period in sorted(periods):
        rated, converted = periods[period]
        key = period.isoformat() if isinstance(period, dt.date) else str(period)
        label = period.strftime("%m-%d") if isinstance(period, dt.date) else key
        points.append(
            {
                "key": key,
                "label": label,
                "rated": rated,
                "converted": converted,
                "rate": round(converted / rated, 4) if rated else 0.0,
            }
        )
    return {"by": by, "points": points}
