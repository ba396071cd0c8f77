"""A locked round's automatic scores are frozen: locking keeps the facts, the scores and the
exchange rates they were read with, so later changes to a company's figures or a newer rate do
not move the ranking or the reviews; unlocking lets them follow the live data again."""

import html
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from companies.models import Company, ExchangeRate
from matching import selectors
from matching.models import Criterion
from matching.services.round import assessment_lock, assessment_unlock
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(programme, adviser, make_eligible):
    """A USD→JPY sales criterion, an employees criterion and one hand-scored criterion; one
    applicant with sales in USD and one complete review."""
    factories.AssessmentFactory(programme=programme, reviews_per_application=1)
    sales = factories.CriterionFactory(
        programme=programme, name="Annual sales", source=Criterion.Source.SALES,
        scale_min=0, scale_max=5, position=1,
        auto_rule={"bands": [["0", "1"], ["150000000", "3"], ["300000000", "5"]],
                   "currency": "JPY"},
    )  # fmt: skip
    employees = factories.CriterionFactory(
        programme=programme, name="Employees", source=Criterion.Source.EMPLOYEES,
        scale_min=0, scale_max=5, position=2,
        auto_rule={"bands": [["0", "1"], ["50", "3"], ["200", "5"]]},
    )  # fmt: skip
    manual = factories.CriterionFactory(
        programme=programme, name="Management", scale_min=0, scale_max=5, position=3
    )
    factories.ExchangeRateFactory(
        currency="USD", to_currency="JPY", rate=D("150"), date=date(2026, 1, 5)
    )
    application = make_eligible(
        company__sales=D("1200000"), company__currency="USD", company__employees=60
    )  # 180 M JPY: 3; 60 employees: 3
    assignment = factories.AssignmentFactory(
        application=application, adviser=adviser, recommendation="select",
        completed_at=timezone.now(),
    )  # fmt: skip
    factories.ScoreFactory(assignment=assignment, criterion=manual, value=D("4"))
    return {
        "application": application,
        "assignment": assignment,
        "sales": sales,
        "employees": employees,
    }


def _move_the_live_data(application):
    """The company grows and a newer, stronger rate is entered: live scores would be 5 and 5."""
    Company.objects.filter(pk=application.company_id).update(sales=D("2500000"), employees=250)
    ExchangeRate.objects.create(
        currency="USD", to_currency="JPY", rate=D("160"), date=timezone.localdate()
    )
    application.company.refresh_from_db()


def _entry(programme):
    [entry] = selectors.ranking(programme)
    return entry


def test_locking_freezes_the_ranking_against_new_figures_and_rates(programme, staff, round_):
    before = _entry(programme).row
    assessment_lock(programme, by=staff)

    _move_the_live_data(round_["application"])

    frozen = _entry(programme).row
    assert (frozen.total, frozen.means) == (before.total, before.means)
    assert frozen.means[round_["sales"].pk] == D(3)
    assert frozen.means[round_["employees"].pk] == D(3)
    application = type(round_["application"]).objects.get(pk=round_["application"].pk)
    assert selectors.auto_scores(application, [round_["sales"], round_["employees"]]) == {
        round_["sales"].pk: D(3),
        round_["employees"].pk: D(3),
    }

    assessment_unlock(programme, by=staff)

    moved = _entry(programme).row
    assert moved.means[round_["sales"].pk] == D(5)
    assert moved.means[round_["employees"].pk] == D(5)
    assert moved.total > before.total


def test_the_frozen_facts_keep_the_rate_and_its_date(programme, staff, round_):
    assessment_lock(programme, by=staff)
    _move_the_live_data(round_["application"])
    application = type(round_["application"]).objects.get(pk=round_["application"].pk)

    facts = selectors.auto_facts(application, [round_["sales"], round_["employees"]])

    sales = facts[round_["sales"].pk]
    assert (sales.value, sales.score, sales.sales, sales.currency) == (
        D("180000000"), D(3), D("1200000"), "USD",
    )  # fmt: skip
    assert (sales.rate, sales.rate_date) == (D("150"), date(2026, 1, 5))
    assert sales.frozen_at is not None
    assert (facts[round_["employees"].pk].value, facts[round_["employees"].pk].score) == (60, D(3))


def test_locking_twice_keeps_the_first_freeze(programme, staff, round_):
    first = assessment_lock(programme, by=staff)
    _move_the_live_data(round_["application"])

    assessment_lock(programme, by=staff)

    assert _entry(programme).row.means[round_["sales"].pk] == D(3)
    application = type(round_["application"]).objects.get(pk=round_["application"].pk)
    fact = selectors.auto_facts(application, [round_["sales"]])[round_["sales"].pk]
    assert fact.frozen_at == first.locked_at


def test_the_review_and_ranking_pages_show_the_frozen_values_as_frozen(
    client, programme, staff, adviser, round_
):
    assessment_lock(programme, by=staff)
    _move_the_live_data(round_["application"])
    locked_on = timezone.localtime(
        selectors.assessment_for(programme).locked_at, programme.tzinfo
    ).strftime("%Y-%m-%d")

    client.force_login(adviser)
    review = html.unescape(
        client.get(
            reverse("matching:review.edit", args=[programme.slug, round_["assignment"].pk])
        ).content.decode()
    )
    client.force_login(staff)
    ranking = html.unescape(
        client.get(reverse("matching:ranking", args=[programme.slug])).content.decode()
    )

    assert "180,000,000 JPY (converted from 1,200,000 USD at 150 on 2026-01-05)" in review
    assert f"frozen at the lock on {locked_on}" in review
    assert (
        f"Filled from the application: employees (60) · frozen at the lock on {locked_on}" in review
    )
    assert f"Automatic scores are frozen as they were at the lock on {locked_on}" in ranking
    assert "1 USD = 150 JPY (2026-01-05)" in ranking


def test_the_review_api_gives_the_frozen_automatic_scores(programme, staff, adviser, round_):
    assessment_lock(programme, by=staff)
    _move_the_live_data(round_["application"])
    client = APIClient()
    client.force_authenticate(adviser)

    body = client.get(f"/api/v1/reviews/{round_['assignment'].pk}/").json()

    assert body["automatic"] == {
        str(round_["sales"].pk): "3.00",
        str(round_["employees"].pk): "3.00",
    }
    assert body["automatic_frozen_at"] is not None


def test_an_application_that_joins_a_locked_round_is_scored_live(
    programme, staff, round_, make_eligible
):
    assessment_lock(programme, by=staff)
    late = make_eligible(company__sales=D("2500000"), company__currency="USD")

    fact = selectors.auto_facts(late, [round_["sales"]])[round_["sales"].pk]

    assert (fact.score, fact.frozen_at) == (D(5), None)
