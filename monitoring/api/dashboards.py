"""API: the dashboards' figures under /api/v1/.

    dashboards/                      GET the portfolio's figures (the programmes the user may
                                     read), filtered by ?year, kind, country, sector, date_from,
                                     date_to
    programmes/<slug>/dashboard/     GET one programme's figures (?country, sector, date_from,
                                     date_to)

The answer is ``monitoring.dashboard.dashboard_figures`` as JSON (its docstring gives the
shape): money amounts and rates as decimal strings, dates as YYYY-MM-DD, ``filters`` as the
query parameters applied. A bad filter value is refused (400, ``errors`` by parameter), unlike
the page, which shows what it could apply.

Who: staff every programme; a ministry reviewer the programmes they review (the portfolio of
someone who reviews none: 403); other participants 403; a programme the user cannot see 404;
anonymous 401."""

import datetime as dt
from decimal import Decimal

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from programmes.selectors import programme_get_for_user

from .. import rules
from ..dashboard import DashboardFilters, dashboard_figures, programmes_readable

READERS = _("Only programme staff and the programme's ministry reviewers read its figures.")

FILTER_PARAMETERS = {
    "year": (int, "The year of the programme's first day (portfolio only)."),
    "kind": (str, "The programme kind (portfolio only)."),
    "country": (str, "The partner country: ISO code of the meeting's overseas company."),
    "sector": (str, "A company sector (companies.SmeSector): either company of the meeting."),
    "date_from": (dt.date, "Meetings on or after this day (YYYY-MM-DD)."),
    "date_to": (dt.date, "Meetings on or before this day (YYYY-MM-DD)."),
}


def _parameters(*names: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(name, FILTER_PARAMETERS[name][0], description=FILTER_PARAMETERS[name][1])
        for name in names
    ]


def jsonable(value):
    """The figures with JSON types: decimals as strings, dates in ISO form, filters as the
    query parameters applied."""
    if isinstance(value, DashboardFilters):
        return value.as_query()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _filters(request, *, portfolio: bool) -> DashboardFilters:
    allowed = set(FILTER_PARAMETERS) if portfolio else set(FILTER_PARAMETERS) - {"year", "kind"}
    filters, errors = DashboardFilters.from_query(
        {key: value for key, value in request.query_params.items() if key in allowed}
    )
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    return filters


class PortfolioDashboardView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["dashboards"],
        summary="The portfolio's figures (the programmes the user may read)",
        parameters=_parameters(*FILTER_PARAMETERS),
        responses=with_errors({200: OpenApiTypes.OBJECT}, 400, 403),
    )
    def get(self, request):
        readable = programmes_readable(request.user)
        if not request.user.is_agency_staff and not readable.exists():
            raise PermissionDenied(READERS)
        filters = _filters(request, portfolio=True)
        return Response(jsonable(dashboard_figures(readable, filters=filters)))


class ProgrammeDashboardView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["dashboards"],
        summary="One programme's figures",
        parameters=_parameters("country", "sector", "date_from", "date_to"),
        responses=with_errors({200: OpenApiTypes.OBJECT}, 400, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_get_for_user(request.user, slug)
        if not rules.can_read_figures(request.user, programme):
            raise PermissionDenied(READERS)
        timezone.activate(programme.tzinfo)
        filters = _filters(request, portfolio=False)
        return Response(jsonable(dashboard_figures([programme], filters=filters, by="day")))


urlpatterns = [
    path("dashboards/", PortfolioDashboardView.as_view(), name="dashboard.portfolio"),
    path(
        "programmes/<slug:slug>/dashboard/",
        ProgrammeDashboardView.as_view(),
        name="dashboard.programme",
    ),
]
