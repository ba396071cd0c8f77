"""Organisation and job lists read a fixed number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

ORGANISATION_LIST_QUERIES = 4  # session, user, the user's organisation, organisations
JOB_LIST_QUERIES = 4  # session, user, the user's organisation, jobs with who started them


def add_organisations(count: int, *, first: int = 0) -> None:
    for n in range(first, first + count):
        factories.OrganisationFactory(
            name=f"Counterpart {n + 1:02d}", name_local=f"相手機関 {n + 1}", country="VN"
        )


def add_jobs(count: int, *, first: int = 0) -> None:
    """Jobs started by different people, each in an organisation."""
    for n in range(first, first + count):
        organisation = factories.OrganisationFactory(name=f"Starter org {n + 1}")
        user = factories.UserFactory(username=f"starter{n + 1}", organisation=organisation)
        factories.JobFactory(created_by=user, description=f"Workbook {n + 1}")


def queries(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("rows", [2, 10])
def test_organisation_list_reads_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries, rows
):
    add_organisations(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(ORGANISATION_LIST_QUERIES):
        response = client.get(reverse("core:organisation.list"))

    content = response.content.decode()
    assert all(f"Counterpart {n + 1:02d}" in content for n in range(rows))
    assert len(response.context["organisations"]) == Organisation.objects.count()


def test_organisation_list_queries_do_not_grow_with_the_organisations(client, staff):
    client.force_login(staff)
    add_organisations(2)
    few, _ = queries(client, reverse("core:organisation.list"))

    add_organisations(8, first=2)
    many, response = queries(client, reverse("core:organisation.list"))

    assert many == few
    assert "Counterpart 10" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 10])
def test_job_list_reads_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries, rows
):
    add_jobs(rows)
    client.force_login(staff)

    with django_assert_max_num_queries(JOB_LIST_QUERIES):
        response = client.get(reverse("core:job.list"))

    content = response.content.decode()
    assert len(response.context["jobs"]) == rows
    assert all(f"Workbook {n + 1}</td>" in content for n in range(rows))
    assert content.count("<td>Test Person") == rows  # who started each job


def test_job_list_queries_do_not_grow_with_the_jobs(client, staff):
    client.force_login(staff)
    add_jobs(2)
    few, _ = queries(client, reverse("core:job.list"))

    add_jobs(8, first=2)
    many, response = queries(client, reverse("core:job.list"))

    assert many == few
    assert len(response.context["jobs"]) == 10
