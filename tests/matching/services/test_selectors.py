"""The ranking as staff see it, from the database, and the registry's companies to invite."""

from datetime import date
from decimal import Decimal as D

import pytest

from companies.models import Application
from matching import selectors
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def round_(programme, make_adviser):
    factories.AssessmentFactory(programme=programme, reviews_per_application=2, disagreement=20)
    quality = factories.CriterionFactory(
        programme=programme, name="Quality", scale_max=5, weight=D(3), threshold=D(2)
    )
    fit = factories.CriterionFactory(
        programme=programme, name="Fit", scale_min=1, scale_max=10, weight=D(1)
    )
    return quality, fit, [make_adviser(), make_adviser(), make_adviser()]


def _review(application, adviser, scores: dict, *, complete=True, recommendation="select"):
    assignment = factories.AssignmentFactory(
        application=application,
        adviser=adviser,
        recommendation=recommendation,
        completed_at="2026-11-01T10:00Z" if complete else None,
    )
    for criterion, value in scores.items():
        factories.ScoreFactory(assignment=assignment, criterion=criterion, value=D(str(value)))
    return assignment


def test_ranking_orders_applicants_by_weighted_mean_with_failures_and_missing_reviews(
    programme, round_, make_eligible, django_assert_max_num_queries
):
    quality, fit, (a, b, c) = round_
    best = make_eligible()
    _review(best, a, {quality: 5, fit: 10})  # 100
    _review(best, b, {quality: 4, fit: 7.75})  # (3 × 80 + 75) / 4 = 78.75
    failing = make_eligible()
    _review(failing, a, {quality: 1, fit: 10})  # (3 × 20 + 100) / 4 = 40
    _review(failing, c, {quality: 2, fit: 10})  # (3 × 40 + 100) / 4 = 55; quality mean 1.5
    waiting = make_eligible()
    _review(waiting, b, {quality: 3, fit: 1})  # 45
    _review(waiting, c, {quality: 5}, complete=False)
    nothing = make_eligible()
    factories.ApplicationFactory(programme=programme, status=S.SUBMITTED)  # not in the round
    factories.DecisionFactory(application__programme=programme, invited=True)  # invited

    with django_assert_max_num_queries(8):
        entries = selectors.ranking(programme)

    rows = {entry.application.pk: entry.row for entry in entries}
    assert [entry.application for entry in entries] == [best, failing, waiting, nothing]
    assert (rows[best.pk].total, rows[best.pk].spread) == (D("89.38"), D("21.25"))
    assert rows[best.pk].disagreement is True
    assert (rows[best.pk].position, rows[best.pk].reviews_missing) == (1, 0)
    assert rows[best.pk].recommendations == {"select": 2}
    assert rows[failing.pk].total == D("47.50")
    assert rows[failing.pk].means == {quality.pk: D("1.50"), fit.pk: D("10.00")}
    assert entries[1].failed_names == ["Quality"]
    assert (rows[waiting.pk].total, rows[waiting.pk].reviews_missing) == (D("45.00"), 1)
    assert entries[2].failed_names == []
    assert (rows[nothing.pk].total, rows[nothing.pk].position) == (None, None)
    assert rows[nothing.pk].reviews_missing == 2


def test_ranking_uses_scores_filled_from_the_application(programme, round_, make_eligible):
    quality, fit, (a, _b, _c) = round_
    employees = factories.CriterionFactory(
        programme=programme,
        name="Employees",
        source="employees",
        auto_rule={"bands": [["0", "1"], ["50", "3"], ["300", "5"]]},
    )
    application = make_eligible(company__employees=120)
    _review(application, a, {quality: 5, fit: 10, employees: 0})
    [entry] = selectors.ranking(programme)
    # employees: 3 of 0..5 = 60 %, weight 1: (3 × 100 + 100 + 60) / 5
    assert entry.row.total == D("92.00")
    assert entry.row.means[employees.pk] == D(3)


def test_sales_are_converted_to_the_currency_of_the_bands(programme, make_adviser, make_eligible):
    sales = factories.CriterionFactory(
        programme=programme,
        source="sales",
        auto_rule={"bands": [["0", "1"], ["1000000", "5"]], "currency": "USD"},
    )
    factories.ExchangeRateFactory(
        currency="USD", to_currency="VND", rate=D("25000"), date=date(2026, 1, 1)
    )
    rich = make_eligible(company__sales=D("40000000000"), company__currency="VND")  # 1.6 M USD
    small = make_eligible(company__sales=D("2500000000"), company__currency="VND")  # 100 k USD
    assert selectors.auto_scores(rich, [sales]) == {sales.pk: D(5)}
    assert selectors.auto_scores(small, [sales]) == {sales.pk: D(1)}
    unknown = make_eligible(company__sales=D("1"), company__currency="THB")
    assert selectors.auto_scores(unknown, [sales]) == {}


def test_ranking_keeps_decided_applicants_with_their_decision(programme, round_, make_eligible):
    decided = factories.DecisionFactory(
        application__programme=programme, application__status=S.WITHDRAWN, outcome="select"
    )
    [entry] = selectors.ranking(programme)
    assert (entry.application, entry.decision) == (decided.application, decided)


def test_invitable_companies_by_sector(programme):
    parts = factories.JapaneseCompanyFactory(
        legal_name="B Parts", industries=["auto_parts", "moulds"]
    )
    both = factories.JapaneseCompanyFactory(
        legal_name="A Both", industries=["moulds", "auto_parts"]
    )
    factories.JapaneseCompanyFactory(legal_name="Electronics", industries=["electronics"])
    factories.JapaneseCompanyFactory(legal_name="Similar", industries=["auto_parts_used"])
    factories.JapaneseCompanyFactory(legal_name="None", industries=[])
    taking_part = factories.JapaneseCompanyFactory(industries=["auto_parts"])
    factories.ApplicationFactory(programme=programme, company=taking_part)
    factories.CompanyFactory(country="VN", industries=["auto_parts"])  # not Japanese
    merged = factories.JapaneseCompanyFactory(industries=["auto_parts"])
    merged.merged_into = parts
    merged.save()

    assert list(selectors.invitable_companies(programme, sector="auto_parts")) == [both, parts]
    assert selectors.invitable_companies(programme).count() == 5
    assert not selectors.invitable_companies(programme, sector="food_processing").exists()
