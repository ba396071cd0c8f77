"""Programme pages read a fixed number of queries however many rows they show (no N+1).

Each test renders the page with 2 rows and with 10 under the same bound, and checks that the
two counts are equal. Per request: the session, the user, the user's organisation (the page
header), then the page's own reads.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import local

pytestmark = pytest.mark.django_db

PROGRAMME_LIST_QUERIES = 4  # session, user, organisation, programmes with activity counts
PROGRAMME_DETAIL_QUERIES = 8  # ... programme, the user's roles (2), activities + venues, tables


def add_programmes(count: int, *, invite) -> None:
    """`count` programmes of 3 activities each (2 tables per session), `invite`d to each."""
    for _ in range(count):
        programme = factories.ProgrammeFactory()
        factories.ProgrammeOrganisationFactory(programme=programme, organisation=invite)
        add_activities(programme, 3)


def add_activities(programme, count: int, *, first: int = 0, tables: int = 2) -> None:
    """Sessions `first`+1 … `first`+`count`, spread over the week, each with `tables` tables."""
    for n in range(first, first + count):
        day = programme.start_date + timedelta(days=n % 5)
        hour = 8 + 2 * (n // 5)
        activity = factories.ActivityFactory(
            programme=programme,
            title=f"Session {n + 1}",
            starts_at=local(programme, day, hour),
            ends_at=local(programme, day, hour + 1),
            meetings_per_day=2,
        )
        for number in range(1, tables + 1):
            factories.TableFactory(activity=activity, number=number)


def queries(client, url: str):
    """(number of queries, response) of a GET."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("who", ["staff", "counterpart"])
@pytest.mark.parametrize("rows", [2, 10])
def test_programme_list_reads_a_fixed_number_of_queries_for_any_number_of_programmes(
    client, role_users, django_assert_max_num_queries, who, rows
):
    add_programmes(rows, invite=role_users["counterpart"].organisation)
    client.force_login(role_users[who])

    with django_assert_max_num_queries(PROGRAMME_LIST_QUERIES):
        response = client.get(reverse("programmes:programme.list"))

    # the role_users programme (no activities) plus the new ones, each showing its 3 activities
    assert len(response.context["programmes"]) == rows + 1
    assert response.content.decode().count('<td class="num">3</td>') == rows


@pytest.mark.parametrize("who", ["staff", "counterpart"])
def test_programme_list_queries_do_not_grow_with_the_programmes(client, role_users, who):
    organisation = role_users["counterpart"].organisation
    client.force_login(role_users[who])
    add_programmes(2, invite=organisation)
    few, _ = queries(client, reverse("programmes:programme.list"))

    add_programmes(8, invite=organisation)
    many, response = queries(client, reverse("programmes:programme.list"))

    assert many == few
    assert response.content.decode().count('<td class="num">3</td>') == 10


@pytest.mark.parametrize("who", ["staff", "counterpart"])
@pytest.mark.parametrize("rows", [2, 10])
def test_programme_detail_reads_a_fixed_number_of_queries_for_any_number_of_activities(
    client, role_users, programme, django_assert_max_num_queries, who, rows
):
    add_activities(programme, rows)
    client.force_login(role_users[who])

    with django_assert_max_num_queries(PROGRAMME_DETAIL_QUERIES):
        response = client.get(reverse("programmes:programme.detail", args=[programme.slug]))

    content = response.content.decode()
    assert sum(len(activities) for _day, activities in response.context["days"]) == rows
    assert all(f">Session {n + 1}</a>" in content for n in range(rows))


def test_programme_detail_queries_do_not_grow_with_activities_and_tables(client, staff, programme):
    url = reverse("programmes:programme.detail", args=[programme.slug])
    client.force_login(staff)
    add_activities(programme, 2)
    few, _ = queries(client, url)

    add_activities(programme, 8, first=2, tables=20)
    many, response = queries(client, url)

    assert many == few
    shown = [a for _day, activities in response.context["days"] for a in activities]
    assert sorted(len(a.tables.all()) for a in shown) == [2, 2] + [20] * 8
