"""Money: amounts grouped in the database, converted to the reporting currency at the stored
dated rates (the rule is in the package's docstring)."""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate

from companies.models import ExchangeRate

from ..models import (
    FollowUp,
    FollowUpNote,
    RespondentKind,
    ReturnSale,
    SurveyResponse,
)
from ..selectors import held_meetings_q

RATE_PLACES = Decimal("0.0000000001")
CENTS = Decimal("0.01")


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

    def add(self, converter: Converter, amount, currency: str, on: dt.date, items: int, **known):
        """Add ``amount`` converted at its day's rate; ``converted=`` passes the value when the
        caller has already converted it (None: no rate)."""
        if "converted" in known:
            value = known["converted"]
        else:
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


def level5_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}outcome__settled_level": 5}) | Q(
        **{f"{prefix}outcome__settled_level__isnull": True, f"{prefix}outcome__derived_level": 5}
    )


def money_rows(programmes, held, filters, *, now=None):
    """The amounts to convert, grouped in the database: (kind, programme id, country or None,
    currency, day, total, items). Three queries. With ``now`` (the one ``held`` was built
    with) the amounts are joined to the held meetings instead of ``meeting__in=held``."""
    if now is None:
        of_held = Q(meeting__in=held)
        of_held5 = Q(meeting__in=held.filter(level5_q()))
    else:
        of_held = held_meetings_q(programmes, now, filters.meeting_q(), "meeting__")
        of_held5 = of_held & level5_q("meeting__")
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
            of_held, status=FollowUp.Status.AGREEMENT_SIGNED, deal_value__isnull=False
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
    # One read of the answers: the Japanese company's value, else the overseas company's (one
    # value per meeting), kept apart by respondent kind as two reads would.
    japanese_valued = Exists(
        SurveyResponse.objects.filter(
            meeting=OuterRef("meeting"),
            respondent_kind=RespondentKind.JAPANESE,
            estimated_value__isnull=False,
        )
    )
    answers = SurveyResponse.objects.filter(of_held5, estimated_value__isnull=False).filter(
        Q(respondent_kind=RespondentKind.JAPANESE)
        | (Q(respondent_kind=RespondentKind.OVERSEAS) & ~Q(japanese_valued))
    )
    grouped = (
        answers.annotate(on=TruncDate("meeting__starts_at"))
        .order_by()
        .values(
            "respondent_kind",
            "meeting__schedule__programme",
            "meeting__overseas__country",
            "currency",
            "on",
        )
        .annotate(total=Sum("estimated_value"), items=Count("id"))
    )
    found = sorted(grouped, key=lambda r: r["respondent_kind"] != RespondentKind.JAPANESE)
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
        for r in found
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
