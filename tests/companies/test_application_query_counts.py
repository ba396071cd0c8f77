"""The applicants list reads a fixed number of queries however many rows it shows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

# session, user, organisation, programme, then either the counterpart's roles in the programme (2)
# or, for staff, the counterpart filter's choices (1); the count of rows, the counts per status,
# the page of rows (companies and counterparts joined)
LIST_QUERIES = 9


def add_applicants(programme, count: int, *, counterpart) -> None:
    for n in range(count):
        company = factories.CompanyFactory(legal_name=f"Applicant {n:02d}", local_name=f"申請者{n}")
        factories.ApplicationFactory(
            programme=programme,
            company=company,
            counterpart=counterpart,
            eligible=n % 2 == 0,
            size_class="small",
        )


def queries(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("who", ["staff", "counterpart"])
def test_applicants_list_queries_do_not_grow_with_the_rows(client, role_users, programme, who):
    counterpart = role_users["counterpart"].organisation
    url = reverse("companies:application.list", args=[programme.slug])
    client.force_login(role_users[who])
    add_applicants(programme, 2, counterpart=counterpart)
    few, _ = queries(client, url)

    add_applicants(programme, 18, counterpart=counterpart)
    many, response = queries(client, url)

    assert many == few <= LIST_QUERIES
    assert len(response.context["page"].object_list) == 20
    assert response.content.decode().count('class="local-name small"') == 20
