"""Registry pages read a fixed number of queries however many rows they show (no N+1): each
page is rendered with few rows and with many under the same bound, and the counts must match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.imports.values import normalise_name
from tests import factories

pytestmark = pytest.mark.django_db

# session, user, organisation (header), companies counted, the page of companies with their
# application counts and duplicate flags, the flagged count, the countries for the filter
COMPANY_LIST_QUERIES = 7
# session, user, organisation, rule sets with their form counts
RULE_SET_LIST_QUERIES = 4
# session, user, organisation, rates counted, the page of rates with who entered them
RATE_LIST_QUERIES = 5


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def add_companies(count: int, start: int = 0) -> None:
    """`count` companies with two applications each; every second one has a twin."""
    for n in range(start, start + count):
        name = f"Saigon Precision {n} Co., Ltd."
        company = factories.CompanyFactory(legal_name=name, normalised_name=normalise_name(name))
        factories.ApplicationFactory(company=company)
        factories.ApplicationFactory(company=company)
        if n % 2:
            factories.CompanyFactory(
                legal_name=f"SAIGON PRECISION {n}", normalised_name=normalise_name(name)
            )


@pytest.mark.parametrize("rows", [2, 10])
def test_company_list_reads_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries, rows
):
    add_companies(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(COMPANY_LIST_QUERIES):
        count = queries(client, reverse("companies:company.list"))

    assert count == COMPANY_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 8])
def test_rule_set_list_reads_a_fixed_number_of_queries(client, staff, rows):
    for n in range(rows):
        rule_set = factories.RuleSetFactory(name=f"programme-rule-{n}")
        factories.ApplicationFormFactory(rule_set=rule_set)
    client.force_login(staff)

    assert queries(client, reverse("companies:rule_set.list")) == RULE_SET_LIST_QUERIES


@pytest.mark.parametrize("rows", [1, 8])
def test_rate_list_reads_a_fixed_number_of_queries(client, staff, rows):
    for day in range(1, rows + 1):
        factories.ExchangeRateFactory(date=f"2026-10-{day:02d}", created_by=staff)
    client.force_login(staff)

    assert queries(client, reverse("companies:rate.list")) == RATE_LIST_QUERIES
