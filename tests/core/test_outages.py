"""The database or Redis unreachable (core/outages.py, core/middleware.py, core/health.py): a
clear 503 page (the API: its error shape) with Retry-After and no traceback, /healthz says which
part is down, and a Redis outage does not stop the public pages (the rate limits fail open).

The outages are real: the views ask a database that cannot be reached through Django's database
layer (tests/core/urls_outage.py), and the cache is a Redis client pointed at a port where
nothing listens. The database going away under the whole application (sessions, users, forms)
is tested on PostgreSQL in tests/integration/test_outages.py."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from companies.models import Application
from companies.services.companies import builtin_rule_sets_sync
from core.outages import server_error
from tests import factories
from tests.core.urls_outage import unreachable_database

pytestmark = pytest.mark.django_db

OUTAGE_URLS = "tests.core.urls_outage"
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}
LEAKS = ("Traceback", "OperationalError", "unable to open", "nonexistent-folder", "127.0.0.1:1")


def _assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<p class="error-code">503</p>' in html
    assert "SME Match is temporarily unavailable" in html
    assert "nothing was half-saved" in html
    assert 'class="topbar"' in html and "css/errors.css" in html
    for leak in LEAKS:
        assert leak not in html
    return html


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS)
def test_a_page_answers_503_when_the_database_is_unreachable(client, caplog):
    with caplog.at_level("ERROR", logger="core.outages"):
        response = client.get("/test-only/database-down/")

    _assert_503_page(response)
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response
    logged = [r for r in caplog.records if r.name == "core.outages"]
    assert [r.getMessage() for r in logged] == [
        "service unavailable (OperationalError) for GET /test-only/database-down/"
    ]
    assert logged[0].exc_info is not None  # the traceback is in the log, not on the page


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS)
def test_the_503_page_is_in_the_language_the_reader_chose(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get("/test-only/database-down/")

    assert response.status_code == 503
    assert '<html lang="ru">' in response.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS)
def test_the_api_answers_503_in_its_error_shape_when_the_database_is_unreachable(client):
    response = client.get("/api/test-only/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The service is temporarily unavailable: nothing was changed. "
        "Try again in a few minutes.",
        "code": "service_unavailable",
        "errors": {},
    }


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS)
def test_an_outage_met_outside_a_view_gets_the_503_page_from_handler500():
    """A middleware (the session, the signed-in user) meeting the outage: Django calls
    handler500 while it handles the error."""
    request = RequestFactory().get("/programmes/")
    try:
        unreachable_database().ensure_connection()
    except OperationalError:
        response = server_error(request)

    _assert_503_page(response)


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS)
def test_any_other_error_is_still_the_500_page(client):
    client.raise_request_exception = False

    response = client.get("/test-only/fails/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<p class="error-code">500</p>' in html
    assert "Retry-After" not in response
    assert "a bug in a view" not in html


@override_settings(DEBUG=False, ROOT_URLCONF=OUTAGE_URLS, CACHES=REDIS_DOWN)
def test_a_page_that_needs_the_cache_answers_503_when_redis_is_unreachable(client):
    response = client.get("/test-only/cache/")

    _assert_503_page(response)


@override_settings(CACHES=REDIS_DOWN)
def test_healthz_says_the_cache_is_down_when_redis_is_unreachable(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert {key: body[key] for key in ("status", "database", "cache", "broker")} == {
        "status": "error",
        "database": "ok",
        "cache": "down",
        "broker": "ok",
    }
    assert body["checks"]["cache"] == {"ok": False}
    assert "127.0.0.1" not in response.content.decode()


@override_settings(CACHES=REDIS_DOWN)
def test_healthz_gives_staff_the_cache_error(client, staff):
    client.force_login(staff)

    response = client.get("/healthz")

    cache_check = response.json()["checks"]["cache"]
    assert cache_check["ok"] is False
    assert cache_check["backend"] == "RedisCache"
    assert "Connection refused" in cache_check["error"] or "connecting" in cache_check["error"]


@override_settings(DEBUG=False, CACHES=REDIS_DOWN, RATE_LIMITS={"public_form": "5/minute"})
def test_the_public_form_works_while_redis_is_down_and_saves_the_draft(client, programme, caplog):
    """The rate limits are counted in Redis: without it they are not counted (they fail open,
    docs/security.md) and the applicant's draft is saved as usual."""
    builtin_rule_sets_sync()
    form = factories.ApplicationFormFactory(
        programme=programme, is_open=True, deadline=timezone.now() + timedelta(days=30)
    )
    url = reverse("companies:apply.start", args=[form.public_token])
    data = {
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

    with caplog.at_level("WARNING", logger="core.ratelimit"):
        pages = [client.get(url).status_code for _ in range(6)]
        response = client.post(url, data)

    assert pages == [200] * 6  # more than the limit of 5: not counted, not refused
    assert response.status_code == 302
    application = Application.objects.unscoped("test").get(email="irina@sever.example")
    assert application.company.legal_name == "Sever Instruments LLC"
    assert response["Location"] == reverse(
        "companies:apply.private", args=[application.access_token]
    )
    warnings = [r.getMessage() for r in caplog.records if r.name == "core.ratelimit"]
    assert len(warnings) == 7
    assert warnings[0].startswith("rate limit public_form not counted: the cache is unreachable")
