"""PostgreSQL going away under the whole application, then coming back (docs/security.md,
"Faults"). While it is down, every new connection is refused, as when the server is stopped:
the test points the connection at a port where nothing listens and closes the open one.

Pages answer the 503 page (also when the outage is met in a middleware: the signed-in user read
from the session), the API its error shape, /healthz says the database is down, and nothing is
shown of the error. A form sent during the outage wrote nothing; sent again once the database is
back, it is saved once. Sessions and tokens made before the outage still work after it."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Application
from companies.services.companies import builtin_rule_sets_sync
from core.services import api_token_create
from tests import factories

pytestmark = pytest.mark.integration

LEAKS = ("Traceback", "OperationalError", "Connection refused", "port 1", "127.0.0.1")


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


@contextmanager
def database_down():
    saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<p class="error-code">503</p>' in html
    assert "SME Match is temporarily unavailable" in html
    for leak in LEAKS:
        assert leak not in html


def _client() -> Client:
    client = Client()
    # An error met in a middleware is answered by handler500; the test client would re-raise it.
    client.raise_request_exception = False
    return client


APPLICANT = {
    "email": "irina@sever.example",
    "legal_name": "Sever Instruments LLC",
    "country": "RU",
    "sector": "manufacturing",
    "legal_form": "company",
    "currency": "RUB",
    "sales": "500000000",
    "employees": "80",
    "exports": "yes",
    "imports": "no",
    "japanese_partner_experience": "no",
}


def test_pages_api_and_healthz_while_postgresql_is_down_and_nothing_lost_after(postgres):
    builtin_rule_sets_sync()
    programme = factories.ProgrammeFactory()
    form = factories.ApplicationFormFactory(
        programme=programme, is_open=True, deadline=timezone.now() + timedelta(days=30)
    )
    staff_user = factories.StaffUserFactory(username="staff")
    _token, secret = api_token_create(staff_user, name="monitor", by=staff_user)
    staff = _client()
    staff.force_login(staff_user)
    applicant = _client()
    api = _client()
    apply_url = reverse("companies:apply.start", args=[form.public_token])
    assert applicant.get(apply_url).status_code == 200

    with database_down():
        staff_page = staff.get(reverse("programmes:programme.list"))
        form_page = applicant.get(apply_url)
        sent = applicant.post(apply_url, APPLICANT)
        api_list = api.get("/api/v1/programmes/", HTTP_AUTHORIZATION=f"Token {secret}")
        health = applicant.get("/healthz")
        staff_health = staff.get("/healthz")

    _assert_503_page(staff_page)  # met in a middleware: the user read from the session
    _assert_503_page(form_page)  # met in the view
    _assert_503_page(sent)
    assert api_list.status_code == 503
    assert api_list["Retry-After"] == "30"
    assert api_list.json() == {
        "detail": "The service is temporarily unavailable: nothing was changed. "
        "Try again in a few minutes.",
        "code": "service_unavailable",
        "errors": {},
    }
    for response in (health, staff_health):
        assert response.status_code == 503
        body = response.json()
        assert (body["status"], body["database"], body["cache"]) == ("error", "down", "ok")
        assert body["checks"]["database"] == {"ok": False}
        assert "127.0.0.1" not in response.content.decode()

    # The database is back: the form sent during the outage wrote nothing, and sent again it
    # is saved once; the session and the token made before the outage still work.
    assert not Application.objects.unscoped("test").filter(email=APPLICANT["email"]).exists()
    resent = applicant.post(apply_url, APPLICANT)
    assert resent.status_code == 302
    saved = Application.objects.unscoped("test").get(email=APPLICANT["email"])
    assert saved.company.legal_name == "Sever Instruments LLC"
    assert resent["Location"] == reverse("companies:apply.private", args=[saved.access_token])
    assert staff.get(reverse("programmes:programme.list")).status_code == 200
    again = api.get("/api/v1/programmes/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert again.status_code == 200
    assert [row["slug"] for row in again.json()["results"]] == [programme.slug]
    assert applicant.get("/healthz").json()["database"] == "ok"
