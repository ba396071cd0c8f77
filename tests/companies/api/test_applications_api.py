"""/api/v1/applications/: scoped reads with the SME result and the trail, staff corrections,
status changes, and the one error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from companies.models import ApplicationEvent
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def rec_user(programme):
    org = factories.OrganisationFactory(name="Russian Export Center", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="rec", organisation=org)


@pytest.fixture
def hanoi(programme, role_users):
    company = factories.CompanyFactory(legal_name="Hanoi Mechanical JSC", employees=80)
    return factories.ApplicationFactory(
        programme=programme,
        company=company,
        counterpart=role_users["counterpart"].organisation,
        status="ineligible",
        eligible=False,
        size_class="large",
        rule_set_name="vn-decree-80-2021",
        eligibility_reasons=[
            {
                "template": "employees %(value)s > %(limit)s (%(group)s)",
                "params": {"value": 250, "limit": 200, "group": "industry"},
            }
        ],
        exchange_rate={
            "currency": "USD",
            "to_currency": "VND",
            "rate": "25000.0000000000",
            "date": "2026-01-05",
            "source": "State Bank of Vietnam",
        },
    )


@pytest.fixture
def volga(programme, rec_user):
    company = factories.CompanyFactory(legal_name="Volga Foods", country="RU", currency="RUB")
    return factories.ApplicationFactory(
        programme=programme, company=company, counterpart=rec_user.organisation, eligible=None
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_list_is_scoped_like_the_list_page(role_users, hanoi, volga, rec_user):
    assert sorted(ids(api(role_users["staff"]).get("/api/v1/applications/"))) == sorted(
        [hanoi.pk, volga.pk]
    )
    assert ids(api(role_users["counterpart"]).get("/api/v1/applications/")) == [hanoi.pk]
    assert ids(api(rec_user).get("/api/v1/applications/")) == [volga.pk]
    assert ids(api(role_users["adviser"]).get("/api/v1/applications/")) == []


def test_a_second_counterpart_gets_404_on_the_firsts_applicant(rec_user, hanoi):
    client = api(rec_user)

    responses = [
        client.get(f"/api/v1/applications/{hanoi.pk}/"),
        client.post(f"/api/v1/applications/{hanoi.pk}/transition/", {"status": "withdrawn"}),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert responses[0].json() == {"detail": "Not found.", "code": "not_found", "errors": {}}
    hanoi.refresh_from_db()
    assert hanoi.status == "ineligible"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("eligible=false", ["hanoi"]),
        ("eligible=null", ["volga"]),
        ("eligible=true", []),
        ("status=submitted", ["volga"]),
    ],
)
def test_list_filters(role_users, hanoi, volga, query, expected):
    wanted = {"hanoi": hanoi.pk, "volga": volga.pk}

    response = api(role_users["staff"]).get(f"/api/v1/applications/?{query}")

    assert ids(response) == [wanted[name] for name in expected]


def test_list_filter_by_programme(role_users, hanoi):
    other = factories.ApplicationFactory()
    client = api(role_users["staff"])

    mine = client.get(f"/api/v1/applications/?programme={hanoi.programme.slug}")
    theirs = client.get(f"/api/v1/applications/?programme={other.programme.slug}")

    assert (ids(mine), ids(theirs)) == ([hanoi.pk], [other.pk])


def test_list_refuses_an_unknown_filter_value(role_users):
    response = api(role_users["staff"]).get("/api/v1/applications/?eligible=maybe")

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["errors"])) == ("invalid", ["eligible"])


def test_list_queries_do_not_grow_with_the_rows(role_users, programme):
    client = api(role_users["staff"])
    for _ in range(2):
        factories.ApplicationFactory(programme=programme)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/applications/")
    for _ in range(18):
        factories.ApplicationFactory(programme=programme)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/applications/")

    assert len(response.json()["results"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_detail_answers_company_sme_result_and_trail(role_users, hanoi):
    staff = role_users["staff"]
    factories.ApplicationEventFactory(
        application=hanoi,
        kind=ApplicationEvent.Kind.STATUS,
        by=staff,
        actor="Sato Hanako",
        from_status="submitted",
        to_status="ineligible",
        reason="Too many employees",
    )

    body = api(staff).get(f"/api/v1/applications/{hanoi.pk}/").json()

    assert body["sme"] == {
        "eligible": False,
        "size_class": "large",
        "rule_set": "vn-decree-80-2021",
        "reasons": ["employees 250 > 200 (industry)"],
        "exchange_rate": {
            "currency": "USD",
            "to_currency": "VND",
            "rate": "25000.0000000000",
            "date": "2026-01-05",
            "source": "State Bank of Vietnam",
        },
    }
    assert body["company"]["legal_name"] == "Hanoi Mechanical JSC"
    assert body["company"]["country"] == "VN"
    assert body["counterpart"]["name"] == "Opora Russia"
    assert body["allowed_transitions"] == ["eligible", "withdrawn"]
    (event,) = body["events"]
    assert {k: event[k] for k in ("kind", "by", "actor", "from_status", "to_status", "reason")} == {
        "kind": "status",
        "by": staff.pk,
        "actor": "Sato Hanako",
        "from_status": "submitted",
        "to_status": "ineligible",
        "reason": "Too many employees",
    }


def test_a_counterpart_may_only_withdraw_what_it_sees(role_users, hanoi):
    body = api(role_users["counterpart"]).get(f"/api/v1/applications/{hanoi.pk}/").json()

    assert body["allowed_transitions"] == ["withdrawn"]


def test_staff_correct_an_application_and_the_check_runs_again(role_users, hanoi):
    staff = role_users["staff"]
    question = factories.QuestionFactory(
        form=factories.ApplicationFormFactory(programme=hanoi.programme),
        kind="number",
        title="Engineers?",
    )

    response = api(staff).patch(
        f"/api/v1/applications/{hanoi.pk}/",
        {"employees": 95, "latin_name": "Ha Noi Mechanical", "answers": {str(question.pk): 12}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    hanoi.refresh_from_db()
    hanoi.company.refresh_from_db()
    assert (hanoi.company.employees, hanoi.company.latin_name) == (95, "Ha Noi Mechanical")
    assert hanoi.answers == {str(question.pk): "12"}
    edit = hanoi.events.get(kind=ApplicationEvent.Kind.EDITED)
    assert edit.by == staff
    assert edit.changes["employees"] == [80, 95]
    # VND 15bn capital, 40bn sales, 95 employees: small under Decree 80 (from the migration)
    body = response.json()
    assert (body["sme"]["eligible"], body["sme"]["size_class"], body["status"]) == (
        True,
        "small",
        "eligible",
    )


def test_staff_correction_refused_by_the_service_answers_400_by_field(role_users, hanoi):
    response = api(role_users["staff"]).patch(
        f"/api/v1/applications/{hanoi.pk}/", {"year_founded": 1700}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some fields are not valid."
    assert list(body["errors"]) == ["year_founded"]
    hanoi.company.refresh_from_db()
    assert hanoi.company.year_founded == 2008


def test_staff_correction_refuses_an_unknown_sector(role_users, hanoi):
    response = api(role_users["staff"]).patch(
        f"/api/v1/applications/{hanoi.pk}/", {"sector": "mining"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sector"]


def test_a_counterpart_may_not_correct_data(role_users, hanoi):
    response = api(role_users["counterpart"]).patch(
        f"/api/v1/applications/{hanoi.pk}/", {"employees": 10}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only programme staff may correct an application.",
        "code": "permission_denied",
        "errors": {},
    }


def test_staff_transition_keeps_the_reason_in_the_trail(role_users, hanoi):
    response = api(role_users["staff"]).post(
        f"/api/v1/applications/{hanoi.pk}/transition/",
        {"status": "eligible", "reason": "Programme rule: exports count"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "eligible"
    assert response.json()["events"][-1]["reason"] == "Programme rule: exports count"


def test_transition_refusals_answer_400_with_the_reason(role_users, hanoi):
    client = api(role_users["staff"])

    no_reason = client.post(
        f"/api/v1/applications/{hanoi.pk}/transition/", {"status": "eligible"}, format="json"
    )
    not_allowed = client.post(
        f"/api/v1/applications/{hanoi.pk}/transition/", {"status": "selected"}, format="json"
    )

    assert (no_reason.status_code, not_allowed.status_code) == (400, 400)
    assert no_reason.json() == {
        "detail": "Give a reason to accept an application the SME check found not eligible.",
        "code": "invalid_transition",
        "errors": {"reason": ["A reason is required for this change."]},
    }
    assert not_allowed.json()["detail"] == (
        "An application that is Not eligible cannot become Selected."
    )
    hanoi.refresh_from_db()
    assert hanoi.status == "ineligible"


def test_a_counterpart_withdraws_but_may_not_decide(role_users, hanoi):
    client = api(role_users["counterpart"])

    decide = client.post(
        f"/api/v1/applications/{hanoi.pk}/transition/", {"status": "eligible"}, format="json"
    )
    withdraw = client.post(
        f"/api/v1/applications/{hanoi.pk}/transition/", {"status": "withdrawn"}, format="json"
    )

    assert decide.status_code == 403
    assert decide.json()["code"] == "permission_denied"
    assert withdraw.status_code == 200
    hanoi.refresh_from_db()
    assert hanoi.status == "withdrawn"
    assert hanoi.events.get().by == role_users["counterpart"]


def test_anonymous_gets_401(hanoi):
    response = api().get("/api/v1/applications/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_schema_lists_the_application_endpoints(client, db):
    client.force_login(factories.UserFactory())  # the schema is for signed-in users
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = schema["paths"]
    assert set(paths["/api/v1/applications/"]) == {"get"}
    assert set(paths["/api/v1/applications/{id}/"]) == {"get", "patch"}
    assert set(paths["/api/v1/applications/{id}/transition/"]) == {"post"}
