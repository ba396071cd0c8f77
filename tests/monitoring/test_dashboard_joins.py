"""The dashboards' figures aggregated through joins (monitoring.selectors.held_meetings_q,
meeting_counts): a meeting filter carried over to the answers, the fallback for a filter that
cannot be carried over, and a fixed small number of queries for a portfolio."""

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from companies.models import Company
from monitoring.dashboard import DashboardFilters, dashboard_figures
from monitoring.selectors import outcome_figures, prefixed_q
from programmes.models import Programme
from tests.monitoring.test_dashboards import build, built, sale  # noqa: F401 - fixture


def test_a_meeting_filter_is_carried_over_to_a_related_model():
    q = Q(overseas__country="RU") & (Q(overseas__sector="retail") | Q(domestic__sector="retail"))
    carried = prefixed_q(q, "meeting__")
    assert carried == Q(meeting__overseas__country="RU") & (
        Q(meeting__overseas__sector="retail") | Q(meeting__domestic__sector="retail")
    )
    assert prefixed_q(~Q(status="held"), "meeting__") == ~Q(meeting__status="held")
    # An expression cannot be renamed: the caller falls back to meeting__in.
    assert prefixed_q(Q(Exists(Company.objects.filter(pk=OuterRef("overseas")))), "m__") is None


@pytest.mark.usefixtures("built")
def test_figures_with_a_filter_that_cannot_be_carried_over_are_the_same(programme):
    plain = outcome_figures([programme], meeting_filter=Q(overseas__country="RU"))
    russian = Company.objects.filter(pk=OuterRef("overseas"), country="RU")
    through_subquery = outcome_figures([programme], meeting_filter=Q(Exists(russian)))
    assert plain == through_subquery
    assert plain["meetings_held"] == 4  # five held, one of them with a KZ partner
    assert plain["responses"] == 3 + 3 + 3 + 2  # level 1, 3, 5 with interpreter, the last without
    assert plain != outcome_figures([programme])


@pytest.mark.usefixtures("built")
def test_the_headline_is_outcome_figures_with_every_filter(programme):
    for filters in (
        DashboardFilters(),
        DashboardFilters(country="KZ"),
        DashboardFilters(country="RU", sector="retail"),
    ):
        figures = dashboard_figures([programme], filters=filters)
        expected = outcome_figures([programme], meeting_filter=filters.meeting_q())
        assert {key: figures["headline"][key] for key in expected} == expected


@pytest.mark.usefixtures("built")
def test_a_portfolio_takes_a_dozen_queries_at_most(programme, staff):
    for _ in range(2):
        more = Programme.objects.get(pk=build_programme(staff).pk)
        sale(more, more.schedules.get().meetings.first().domestic, "10", "USD", programme.end_date)
    with CaptureQueriesContext(connection) as year:
        figures = dashboard_figures(Programme.objects.all(), by="year")
    assert figures["headline"]["meetings_held"] == 15
    assert len(year.captured_queries) <= 12
    with CaptureQueriesContext(connection) as day:
        dashboard_figures(Programme.objects.all(), by="day")
    assert len(day.captured_queries) <= 13


def build_programme(staff):
    from tests import factories

    more = factories.ProgrammeFactory()
    build(more, staff)
    return more
