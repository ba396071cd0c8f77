"""Reads of the dashboards (and of the ministry reports built from the same figures): the
programmes a user may see, the filters, and every figure of a programme or of a portfolio.

Everything is aggregated in the database: the number of queries does not grow with the number
of meetings or programmes (about twenty-five, whatever the portfolio).

Definitions (docs/monitoring.md, "Dashboards", says the same for readers):

- The meetings counted are those of each programme's published schedule; a meeting is **held**
  as in ``monitoring.selectors`` (recorded held, or planned and over). The headline numbers are
  exactly ``monitoring.selectors.outcome_figures`` of the same programmes and meeting filter.
- **Companies taking part**: the distinct Japanese and overseas companies with a held meeting.
- **Level 3–5 conversion** = held meetings whose outcome level (settled, else derived) is 3, 4
  or 5 / held meetings with a level. On a portfolio it is shown per programme year (the year
  of the programme's first day), on one programme per meeting day (in its time zone).
- **Agreements value** = the deal values of the follow-ups whose status is "agreement signed"
  (converted at the day the status was set, else the follow-up's last change) + for each
  meeting at level 5 (agreement signed on the spot, which opens no follow-up) the estimated
  value the Japanese company gave in its answer, else the overseas company's (one value per
  meeting, so one deal is not counted twice; converted at the meeting's day).
- **Return sales** = the Japanese companies' sales recorded after the event (ReturnSale),
  converted at the last day of their period. With a partner-country or sector filter only the
  return sales of Japanese companies that had a held meeting matching it count.
- **Currency**: amounts are converted to the reporting currency (setting
  ``MONITORING_REPORTING_CURRENCY``, default JPY) with the stored rate (companies.ExchangeRate)
  dated on or before the amount's day, the latest one; where only the inverse pair is stored
  its inverse is used. The rates used are named in ``money["rates"]``; an amount without a
  rate is listed in ``not_converted`` and left out of the total, never silently dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from companies.models import ExchangeRate, SmeSector
from programmes.models import Programme, Role
from programmes.selectors import programme_ids_with_role
from scheduling.models import Meeting

from .models import (
    LEVEL_MEANINGS,
    FollowUp,
    FollowUpNote,
    MeetingOutcome,
    RespondentKind,
    ReturnSale,
    SurveyResponse,
)
from .selectors import held_q, outcome_figures, published_meetings

RATE_PLACES = Decimal("0.0000000001")
CENTS = Decimal("0.01")


def reporting_currency() -> str:
    return getattr(settings, "MONITORING_REPORTING_CURRENCY", "JPY") or "JPY"


# ---------------------------------------------------------------------------------------------
# Who sees what, and the filters


def programmes_readable(user) -> QuerySet[Programme]:
    """The programmes whose dashboards ``user`` may read: agency staff every programme, a
    ministry reviewer those they review (in person or through their organisation), anyone
    else none."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_agency_staff:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_with_role(user, Role.REVIEWER))


FILTER_LABELS = {
    "year": gettext_lazy("Year"),
    "kind": gettext_lazy("Programme kind"),
    "country": gettext_lazy("Partner country"),
    "sector": gettext_lazy("Sector"),
    "date_from": gettext_lazy("Meetings from"),
    "date_to": gettext_lazy("Meetings to"),
}


@dataclass(frozen=True)
class DashboardFilters:
    """What a dashboard or report is narrowed to. ``year`` and ``kind`` choose programmes (the
    year of the programme's first day, Programme.Kind); ``country`` (ISO code of the overseas
    company: the partner country), ``sector`` (companies.SmeSector: the meeting counts when
    either company is in it), ``date_from`` and ``date_to`` (the meeting's day, both included)
    choose meetings."""

    year: int | None = None
    kind: str = ""
    country: str = ""
    sector: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_query(cls, query) -> tuple[DashboardFilters, dict[str, str]]:
        """Filters from a GET query (a QueryDict or a dict of strings) and the errors by field
        name; a bad value is left out of the filters (and named in the errors)."""
        values: dict = {}
        errors: dict[str, str] = {}

        def raw(name: str) -> str:
            value = query.get(name) or ""
            return value.strip() if isinstance(value, str) else str(value)

        if year := raw("year"):
            if year.isdigit() and 1990 <= int(year) <= 2100:
                values["year"] = int(year)
            else:
                errors["year"] = _("Enter a year such as 2027.")
        if kind := raw("kind"):
            if kind in Programme.Kind.values:
                values["kind"] = kind
            else:
                errors["kind"] = _("Choose one of the programme kinds.")
        if country := raw("country").upper():
            if country in dict(countries):
                values["country"] = country
            else:
                errors["country"] = _("Choose a country from the list.")
        if sector := raw("sector"):
            if sector in SmeSector.values:
                values["sector"] = sector
            else:
                errors["sector"] = _("Choose one of the sectors.")
        for name in ("date_from", "date_to"):
            if text := raw(name):
                try:
                    values[name] = dt.date.fromisoformat(text)
                except ValueError:
                    errors[name] = _("Enter a date as YYYY-MM-DD.")
        start, end = values.get("date_from"), values.get("date_to")
        if start and end and start > end:
            errors["date_to"] = _("The end of the period is before its start.")
            del values["date_to"]
        return cls(**values), errors

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters (only those set)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    def describe(self) -> list[tuple[str, str]]:
        """(label, value) of each filter set, in the active language, for a page or a PDF."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if not value:
                continue
            if f.name == "kind":
                shown = str(Programme.Kind(value).label)
            elif f.name == "country":
                shown = str(countries.name(value))
            elif f.name == "sector":
                shown = str(SmeSector(value).label)
            else:
                shown = value.isoformat() if isinstance(value, dt.date) else str(value)
            out.append((str(FILTER_LABELS[f.name]), shown))
        return out

    def programmes(self, programmes) -> QuerySet[Programme]:
        found = _as_queryset(programmes)
        if self.year:
            found = found.filter(start_date__year=self.year)
        if self.kind:
            found = found.filter(kind=self.kind)
        return found

    def meeting_q(self, prefix: str = "") -> Q | None:
        """The meeting part of the filters as a Q on Meeting (or on a model whose ``prefix``
        leads to the meeting); None when no meeting filter is set."""
        q = Q()
        if self.country:
            q &= Q(**{f"{prefix}overseas__country": self.country})
        if self.sector:
            q &= Q(**{f"{prefix}overseas__sector": self.sector}) | Q(
                **{f"{prefix}domestic__sector": self.sector}
            )
        if self.date_from:
            q &= Q(**{f"{prefix}starts_at__date__gte": self.date_from})
        if self.date_to:
            q &= Q(**{f"{prefix}starts_at__date__lte": self.date_to})
        return q if q else None


def _as_queryset(programmes) -> QuerySet[Programme]:
    if isinstance(programmes, QuerySet):
        return programmes
    return Programme.objects.filter(pk__in=[p.pk for p in programmes])


# ---------------------------------------------------------------------------------------------
# Money


class Converter:
    """Converts amounts to one currency at the stored dated rates, loaded in one query."""

    def __init__(self, currency: str, wanted: set[str], until: dt.date | None):
        self.currency = currency
        self.rates: dict[tuple[str, str], list[ExchangeRate]] = {}
        self._dates: dict[tuple[str, str], list[dt.date]] = {}
        self.used: dict[tuple, dict] = {}
        wanted = {c for c in wanted if c and c != currency}
        if not wanted or until is None:
            return
        found = ExchangeRate.objects.filter(
            Q(currency__in=wanted, to_currency=currency)
            | Q(currency=currency, to_currency__in=wanted),
            date__lte=until,
        ).order_by("date", "id")
        for rate in found:
            self.rates.setdefault((rate.currency, rate.to_currency), []).append(rate)
        for key, rows in self.rates.items():
            self._dates[key] = [r.date for r in rows]

    def _latest(self, key, on: dt.date) -> ExchangeRate | None:
        index = bisect.bisect_right(self._dates.get(key, []), on)
        return self.rates[key][index - 1] if index else None

    def rate(self, currency: str, on: dt.date) -> tuple[Decimal, dict] | None:
        """(multiplier, description) of the latest rate on or before ``on``; None if none."""
        direct = self._latest((currency, self.currency), on)
        inverse = self._latest((self.currency, currency), on)
        if direct is not None and (inverse is None or direct.date >= inverse.date):
            multiplier, row, inverted = direct.rate, direct, False
        elif inverse is not None:
            multiplier, row, inverted = (Decimal(1) / inverse.rate), inverse, True
        else:
            return None
        key = (row.pk, inverted)
        if key not in self.used:
            self.used[key] = {
                "currency": currency,
                "to_currency": self.currency,
                "rate": multiplier.quantize(RATE_PLACES).normalize(),
                "date": row.date,
                "source": row.source,
                "inverse_of": str(row) if inverted else "",
                "label": (
                    f"1 {currency} = {multiplier.quantize(RATE_PLACES).normalize():f} "
                    f"{self.currency} ({row.date.isoformat()}"
                    + (f", {row.source}" if row.source else "")
                    + (f", 1 / {row.rate.normalize():f}" if inverted else "")
                    + ")"
                ),
            }
        return multiplier, self.used[key]

    def convert(self, amount: Decimal, currency: str, on: dt.date) -> Decimal | None:
        if currency == self.currency:
            return amount
        found = self.rate(currency, on)
        return None if found is None else amount * found[0]

    def rates_used(self) -> list[dict]:
        return sorted(self.used.values(), key=lambda r: (r["currency"], r["date"]))


class MoneyTotal:
    """A sum in the reporting currency with the amounts that could not be converted."""

    def __init__(self, currency: str):
        self.currency = currency
        self.amount = Decimal(0)
        self.items = 0
        self.missing: dict[str, dict] = {}

    def add(self, converter: Converter, amount, currency: str, on: dt.date, items: int):
        value = converter.convert(Decimal(amount), currency, on)
        if value is None:
            row = self.missing.setdefault(
                currency, {"currency": currency, "amount": Decimal(0), "items": 0}
            )
            row["amount"] += Decimal(amount)
            row["items"] += items
        else:
            self.amount += value
            self.items += items

    def as_dict(self) -> dict:
        return {
            "amount": self.amount.quantize(CENTS),
            "currency": self.currency,
            "items": self.items,
            "not_converted": [
                {**row, "amount": row["amount"].quantize(CENTS)}
                for _code, row in sorted(self.missing.items())
            ],
        }


# ---------------------------------------------------------------------------------------------
# The figures


FINAL_LEVEL = Coalesce("settled_level", "derived_level", output_field=IntegerField())


def _level5_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}outcome__settled_level": 5}) | Q(
        **{f"{prefix}outcome__settled_level__isnull": True, f"{prefix}outcome__derived_level": 5}
    )


def _grouped_counts(meetings, held, now) -> dict:
    """Per (programme id, overseas country): meetings held, no-shows, interpreted, answers,
    levels, follow-ups by status. Five queries."""
    groups: dict = defaultdict(
        lambda: {
            "held": 0,
            "no_shows": 0,
            "interpreted": 0,
            "responses": 0,
            "levels": dict.fromkeys(range(1, 6), 0),
            "follow_ups": dict.fromkeys(FollowUp.Status.values, 0),
        }
    )
    rows = (
        meetings.order_by()
        .values("schedule__programme", "overseas__country")
        .annotate(
            held=Count("id", filter=held_q(now)),
            interpreted=Count("id", filter=held_q(now) & Q(interpreter__isnull=False)),
            no_shows=Count("id", filter=Q(status=Meeting.Status.NO_SHOW)),
        )
    )
    for row in rows:
        group = groups[(row["schedule__programme"], row["overseas__country"])]
        group["held"] += row["held"]
        group["interpreted"] += row["interpreted"]
        group["no_shows"] += row["no_shows"]
    key = ("meeting__schedule__programme", "meeting__overseas__country")
    for row in (
        SurveyResponse.objects.filter(meeting__in=held)
        .order_by()
        .values(*key)
        .annotate(n=Count("id"))
    ):
        groups[(row[key[0]], row[key[1]])]["responses"] += row["n"]
    outcomes = (
        MeetingOutcome.objects.filter(meeting__in=held)
        .annotate(final=FINAL_LEVEL)
        .filter(final__isnull=False)
        .order_by()
        .values(*key, "final")
        .annotate(n=Count("id"))
    )
    for row in outcomes:
        groups[(row[key[0]], row[key[1]])]["levels"][row["final"]] += row["n"]
    for row in (
        FollowUp.objects.filter(meeting__in=held)
        .order_by()
        .values(*key, "status")
        .annotate(n=Count("id"))
    ):
        groups[(row[key[0]], row[key[1]])]["follow_ups"][row["status"]] += row["n"]
    return groups


def _merge(groups: dict, index: int) -> dict:
    """The (programme, country) groups summed by one part of their key."""
    merged: dict = {}
    for key, group in groups.items():
        target = merged.setdefault(
            key[index],
            {
                "held": 0,
                "no_shows": 0,
                "interpreted": 0,
                "responses": 0,
                "levels": dict.fromkeys(range(1, 6), 0),
                "follow_ups": dict.fromkeys(FollowUp.Status.values, 0),
            },
        )
        for name in ("held", "no_shows", "interpreted", "responses"):
            target[name] += group[name]
        for level, n in group["levels"].items():
            target["levels"][level] += n
        for status, n in group["follow_ups"].items():
            target["follow_ups"][status] += n
    return merged


def _row_figures(group: dict) -> dict:
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


def _money_rows(programmes, held, filters: DashboardFilters):
    """The amounts to convert, grouped in the database: (kind, programme id, country or None,
    currency, day, total, items). Four queries."""
    signed_on = Subquery(
        FollowUpNote.objects.filter(
            follow_up=OuterRef("pk"), status_to=FollowUp.Status.AGREEMENT_SIGNED
        )
        .order_by("-written_at")
        .values("written_at")[:1],
        output_field=DateTimeField(),
    )
    deals = (
        FollowUp.objects.filter(
            meeting__in=held, status=FollowUp.Status.AGREEMENT_SIGNED, deal_value__isnull=False
        )
        .annotate(on=TruncDate(Coalesce(signed_on, F("updated_at")), output_field=DateField()))
        .order_by()
        .values("meeting__schedule__programme", "meeting__overseas__country", "currency", "on")
        .annotate(total=Sum("deal_value"), items=Count("id"))
    )
    rows = [
        (
            "agreements",
            r["meeting__schedule__programme"],
            r["meeting__overseas__country"],
            r["currency"],
            r["on"],
            r["total"],
            r["items"],
        )
        for r in deals
    ]
    held5 = held.filter(_level5_q())
    valued = SurveyResponse.objects.filter(meeting__in=held5, estimated_value__isnull=False)
    japanese_valued = valued.filter(respondent_kind=RespondentKind.JAPANESE)
    overseas_only = valued.filter(respondent_kind=RespondentKind.OVERSEAS).exclude(
        Exists(japanese_valued.filter(meeting=OuterRef("meeting")))
    )
    for answers in (japanese_valued, overseas_only):
        grouped = (
            answers.annotate(on=TruncDate("meeting__starts_at"))
            .order_by()
            .values("meeting__schedule__programme", "meeting__overseas__country", "currency", "on")
            .annotate(total=Sum("estimated_value"), items=Count("id"))
        )
        rows += [
            (
                "agreements",
                r["meeting__schedule__programme"],
                r["meeting__overseas__country"],
                r["currency"],
                r["on"],
                r["total"],
                r["items"],
            )
            for r in grouped
        ]
    sales = ReturnSale.objects.filter(programme__in=programmes)
    meeting_q = filters.meeting_q()
    if meeting_q is not None:
        matching = held.filter(meeting_q).filter(
            schedule__programme=OuterRef("programme"), domestic=OuterRef("company")
        )
        sales = sales.filter(Exists(matching))
    if filters.date_from:
        sales = sales.filter(period_end__gte=filters.date_from)
    if filters.date_to:
        sales = sales.filter(period_start__lte=filters.date_to)
    grouped = (
        sales.order_by()
        .values("programme", "currency", "period_end")
        .annotate(total=Sum("amount"), items=Count("id"))
    )
    rows += [
        (
            "return_sales",
            r["programme"],
            None,
            r["currency"],
            r["period_end"],
            r["total"],
            r["items"],
        )
        for r in grouped
    ]
    return rows


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
    meeting_q = filters.meeting_q()
    meetings = published_meetings(chosen)
    if meeting_q is not None:
        meetings = meetings.filter(meeting_q)
    held = meetings.filter(held_q(now))

    headline = outcome_figures(chosen, now=now, meeting_filter=meeting_q)
    headline["programmes"] = len(programme_list)
    companies = held.aggregate(
        japanese=Count("domestic", distinct=True), overseas=Count("overseas", distinct=True)
    )
    headline["companies"] = companies
    rated = sum(headline["levels"].values())
    converted = sum(headline["levels"][str(level)] for level in (3, 4, 5))
    headline["conversion"] = round(converted / rated, 4) if rated else 0.0

    groups = _grouped_counts(meetings, held, now)
    by_programme = _merge(groups, 0)
    by_country = _merge(groups, 1)
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
    money_rows = _money_rows(chosen, held, filters)
    latest = max((row[4] for row in money_rows if row[4]), default=None)
    converter = Converter(currency, {row[3] for row in money_rows}, latest)
    totals = {"agreements": MoneyTotal(currency), "return_sales": MoneyTotal(currency)}
    programme_money: dict = defaultdict(
        lambda: {"agreements": MoneyTotal(currency), "return_sales": MoneyTotal(currency)}
    )
    country_money: dict = defaultdict(lambda: MoneyTotal(currency))
    by_currency: dict = {}
    for kind, programme_id, country, code, on, total, items in money_rows:
        totals[kind].add(converter, total, code, on, items)
        programme_money[programme_id][kind].add(converter, total, code, on, items)
        if kind == "agreements":
            country_money[country].add(converter, total, code, on, items)
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
        value = converter.convert(Decimal(total), code, on)
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
    response_rates = _response_rates(held)
    conversion = _conversion(held, by, programme_list)

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
            "programmes": _programmes_table(
                programme_list, by_programme, per_programme_companies, programme_money, currency
            ),
            "countries": _countries_table(
                by_country, per_country_companies, country_money, currency
            ),
            "currencies": _currencies_table(by_currency, currency),
            **_chart_tables(levels, conversion, follow_ups, response_rates),
        },
    }


def _response_rates(held) -> list[dict]:
    counts = held.aggregate(
        held=Count("id"), interpreted=Count("id", filter=Q(interpreter__isnull=False))
    )
    received = dict.fromkeys(RespondentKind.values, 0)
    for row in (
        SurveyResponse.objects.filter(meeting__in=held)
        .order_by()
        .values("respondent_kind")
        .annotate(n=Count("id"))
    ):
        received[row["respondent_kind"]] = row["n"]
    expected = {
        RespondentKind.JAPANESE: counts["held"],
        RespondentKind.OVERSEAS: counts["held"],
        RespondentKind.INTERPRETER: counts["interpreted"],
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


def _conversion(held, by: str, programme_list) -> dict:
    outcomes = (
        MeetingOutcome.objects.filter(meeting__in=held)
        .annotate(final=FINAL_LEVEL)
        .filter(final__isnull=False)
    )
    if by == "day":
        tz = programme_list[0].tzinfo if programme_list else timezone.get_current_timezone()
        period = TruncDate("meeting__starts_at", tzinfo=tz)
    else:
        period = ExtractYear("meeting__schedule__programme__start_date")
    rows = (
        outcomes.annotate(period=period)
        .order_by()
        .values("period")
        .annotate(rated=Count("id"), converted=Count("id", filter=Q(final__gte=3)))
        .order_by("period")
    )
    points = []
    for row in rows:
        key = (
            row["period"].isoformat() if isinstance(row["period"], dt.date) else str(row["period"])
        )
        label = row["period"].strftime("%m-%d") if isinstance(row["period"], dt.date) else key
        points.append(
            {
                "key": key,
                "label": label,
                "rated": row["rated"],
                "converted": row["converted"],
                "rate": round(row["converted"] / row["rated"], 4) if row["rated"] else 0.0,
            }
        )
    return {"by": by, "points": points}


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


def _programmes_table(programme_list, by_programme, companies, money, currency) -> dict:
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
        figures = _row_figures(by_programme.get(programme.pk, empty))
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


def _countries_table(by_country, companies, money, currency) -> dict:
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
                **_row_figures(group),
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


def _currencies_table(by_currency, currency) -> dict:
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


def _chart_tables(levels, conversion, follow_ups, response_rates) -> dict:
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
