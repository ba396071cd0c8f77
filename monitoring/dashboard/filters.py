"""Who reads which programmes' figures, and the dashboards' filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import (
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from companies.models import SmeSector
from programmes.models import Programme, Role
from programmes.selectors import programme_ids_with_role


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
