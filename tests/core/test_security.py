"""Sign-in, sessions, API tokens, rate limits and the production settings (docs/security.md)."""

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from core.api_tokens import token_hash
from core.middleware import SessionTimeoutMiddleware
from core.models import ApiToken
from core.services import api_token_create
from tests import factories

PASSWORD = "secret-pass-123"
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    cache.clear()  # the rate-limit counters
    # One fixed moment in the middle of a window: a test's requests never straddle two windows.
    monkeypatch.setattr("core.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    yield
    cache.clear()


def _login(client, username="staff", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- lockout (django-axes) ------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_user_name_out_from_that_address(client, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, password="wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    locked = _login(client, password="wrong-password")
    again = _login(client)  # now even the right password is refused

    for response in (locked, again):
        assert response.status_code == 429
        page = response.content.decode()
        assert "Signing in is locked for a while" in page
        assert "You can try again in 15 minutes." in page
        assert "they can unlock your account" in page
        assert response["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_name_and_address(client, staff):
    factories.UserFactory(username="colleague", password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, password="wrong-password")
    assert _login(client).status_code == 429

    # A colleague at the same address, and the same person from another address, sign in.
    assert _login(Client(), username="colleague").status_code == 302
    assert _login(Client(), REMOTE_ADDR="10.1.2.3").status_code == 302


def test_staff_unlock_a_locked_out_user_with_axes_reset(client, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, password="wrong-password")
    assert _login(client).status_code == 429

    call_command("axes_reset_username", "staff")

    assert _login(client).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="wrong-password")
    assert _login(client).status_code == 302
    client.post(reverse("logout"))

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="wrong-password")

    assert _login(client).status_code == 302


def test_the_api_token_exchange_counts_towards_the_lockout(staff):
    api = APIClient()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": "staff", "password": "wrong"})

    response = api.post("/api/v1/auth/token/", {"username": "staff", "password": PASSWORD})

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert not ApiToken.objects.exists()


# --- sessions -------------------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(client, staff):
    session = client.session
    session["seen_the_form"] = True
    session.save()
    before = session.session_key

    assert _login(client).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"] == str(staff.pk)


def _age_session(client, *, login_ago: int, seen_ago: int):
    session = client.session
    now = int(time.time())
    session[SessionTimeoutMiddleware.LOGIN_AT] = now - login_ago
    session[SessionTimeoutMiddleware.SEEN_AT] = now - seen_ago
    session.save()


def test_an_idle_session_ends(client, staff):
    _login(client)
    assert client.get("/programmes/").status_code == 200
    _age_session(client, login_ago=7200, seen_ago=settings.SESSION_IDLE_SECONDS + 5)

    response = client.get("/programmes/", follow=True)

    assert response.redirect_chain[0][0].startswith(f"{LOGIN}?next=")
    assert "Your session has expired. Please log in again." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_at_the_latest_after_the_absolute_timeout_even_when_busy(client, staff):
    _login(client)
    _age_session(client, login_ago=settings.SESSION_ABSOLUTE_SECONDS + 5, seen_ago=10)

    response = client.get("/programmes/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


def test_an_active_session_goes_on_and_its_last_activity_is_noted(client, staff):
    _login(client)
    _age_session(client, login_ago=3 * 3600, seen_ago=settings.SESSION_IDLE_SECONDS - 60)

    assert client.get("/programmes/").status_code == 200

    seen = client.session[SessionTimeoutMiddleware.SEEN_AT]
    assert int(time.time()) - seen < 5


def test_the_session_cookie_lives_no_longer_than_the_absolute_timeout(client, staff):
    response = _login(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_ABSOLUTE_SECONDS
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_http_only_and_same_site(client, db):
    response = client.get(LOGIN)

    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_form_sent_without_its_csrf_token_is_refused(db, staff):
    client = Client(enforce_csrf_checks=True)

    response = _login(client)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_page_is_exempt_from_the_csrf_check():
    """DRF's views are csrf_exempt as Django sees them and check CSRF themselves for session
    users (SessionAuthentication); every other view must be checked by the middleware."""
    exempt = [
        path
        for path, view in _routes(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not path.startswith("api/")
    ]

    assert exempt == []


def test_the_api_checks_csrf_for_session_users(staff):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post("/api/v1/tokens/", {"name": "From a page"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Xk2#pq", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("4839205718", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused(db, password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=factories.UserFactory(username="tanaka"))

    assert message in error.value.messages


# --- API tokens -----------------------------------------------------------------------------


def test_the_tokens_page_creates_a_token_and_shows_it_once(client, staff):
    client.force_login(staff)

    created = client.post(reverse("core:token.list"), {"name": "Reporting script"})

    token = ApiToken.objects.get()
    page = created.content.decode()
    secret = page.split('<code class="token-secret">')[1].split("</code>")[0]
    assert (token.user, token.name, token.key_hash) == (
        staff,
        "Reporting script",
        token_hash(secret),
    )
    assert "it is shown only this once" in page
    listed = client.get(reverse("core:token.list")).content.decode()
    assert "Reporting script" in listed
    assert f"{token.key_prefix}…" in listed
    assert secret not in listed
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200


def test_a_token_needs_a_name(client, staff):
    client.force_login(staff)

    response = client.post(reverse("core:token.list"), {"name": "  "})

    assert response.status_code == 400
    assert "Give the token a name." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_has_several_named_tokens_and_sees_only_their_own(role_users):
    company = role_users["company"]
    api_token_create(company, name="Laptop", by=company)
    api_token_create(company, name="Reporting", by=company)
    api_token_create(role_users["counterpart"], name="Someone else's", by=role_users["counterpart"])
    api = APIClient()
    api.force_authenticate(company)

    names = [t["name"] for t in api.get("/api/v1/tokens/").json()["results"]]
    page = Client()
    page.force_login(company)
    html = page.get(reverse("core:token.list")).content.decode()

    assert names == ["Reporting", "Laptop"]
    assert "Someone else" not in html
    assert page.get(reverse("core:token.list_all")).status_code == 403


def test_staff_list_every_users_tokens(client, role_users):
    counterpart = role_users["counterpart"]
    api_token_create(counterpart, name="Opora upload script", by=counterpart)
    client.force_login(role_users["staff"])

    page = client.get(reverse("core:token.list_all")).content.decode()

    assert "Opora upload script" in page
    assert counterpart.username in page


def test_a_revoked_token_is_refused(client, staff):
    token, secret = api_token_create(staff, name="Old laptop", by=staff)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/me/").status_code == 200
    client.force_login(staff)

    response = client.post(reverse("core:token.revoke", args=[token.pk]), follow=True)

    assert "The token “Old laptop” is revoked." in response.content.decode()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Invalid token."
    token.refresh_from_db()
    assert (token.revoked_by, token.is_active) == (staff, False)


def test_a_token_revoked_through_the_api_by_its_owner(role_users):
    owner = role_users["adviser"]
    token, secret = api_token_create(owner, name="Scores sync", by=owner)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")

    assert api.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_another_users_token_cannot_be_revoked_or_seen(role_users):
    owner = role_users["counterpart"]
    token, secret = api_token_create(owner, name="Upload script", by=owner)
    other = APIClient()
    other.force_authenticate(role_users["other_counterpart"])

    assert other.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert other.get("/api/v1/tokens/").json()["results"] == []
    page = Client()
    page.force_login(role_users["other_counterpart"])
    assert page.post(reverse("core:token.revoke", args=[token.pk])).status_code == 404
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200


def test_staff_revoke_anyones_token(role_users):
    owner = role_users["company"]
    token, secret = api_token_create(owner, name="Left the company", by=owner)
    client = Client()
    client.force_login(role_users["staff"])

    response = client.post(reverse("core:token.revoke", args=[token.pk]))

    assert response["Location"] == reverse("core:token.list_all")
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401


def test_the_token_list_never_answers_a_secret(staff):
    _token, secret = api_token_create(staff, name="CI", by=staff)
    api = APIClient()
    api.force_authenticate(staff)

    body = api.get("/api/v1/tokens/").json()

    assert secret not in str(body)
    assert set(body["results"][0]) == {
        "id",
        "name",
        "key_prefix",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
        "is_active",
    }


def test_an_inactive_users_token_is_refused(staff):
    _token, secret = api_token_create(staff, name="CI", by=staff)
    staff.is_active = False
    staff.save()

    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 401


# --- rate limits ----------------------------------------------------------------------------


def _limits(**changed):
    return override_settings(RATE_LIMITS={**settings.RATE_LIMITS, **changed})


def test_token_issue_is_throttled_per_address(staff):
    api = APIClient()
    credentials = {"username": "staff", "password": PASSWORD}
    with _limits(token_issue="2/minute"):
        answers = [api.post("/api/v1/auth/token/", credentials) for _ in range(3)]
        elsewhere = APIClient(REMOTE_ADDR="10.9.8.7").post("/api/v1/auth/token/", credentials)

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["code"] == "throttled"
    assert 1 <= int(answers[2]["Retry-After"]) <= 60
    assert elsewhere.status_code == 201
    assert ApiToken.objects.count() == 3


def test_creating_tokens_through_the_api_is_throttled_but_listing_is_not(staff):
    api = APIClient()
    api.force_authenticate(staff)
    with _limits(token_issue="1/minute"):
        created = [api.post("/api/v1/tokens/", {"name": f"t{n}"}).status_code for n in range(2)]
        listed = [api.get("/api/v1/tokens/").status_code for _ in range(3)]

    assert created == [201, 429]
    assert listed == [200, 200, 200]


def test_the_public_application_form_is_rate_limited(client, programme):
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    path = reverse("companies:apply.start", args=[form.public_token])
    with _limits(public_form="3/minute"):
        answers = [client.get(path) for _ in range(4)]
        elsewhere = Client(REMOTE_ADDR="10.0.0.9").get(path)

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    page = answers[3].content.decode()
    assert "Too many requests" in page
    assert "Please try again in" in page
    assert 1 <= int(answers[3]["Retry-After"]) <= 60
    assert elsewhere.status_code == 200


def test_the_429_page_is_in_the_readers_language(client, programme):
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    path = reverse("companies:apply.start", args=[form.public_token])
    with _limits(public_form="1/minute"):
        client.get(path)
        refused = client.get(path, HTTP_ACCEPT_LANGUAGE="ja")

    assert refused.status_code == 429
    assert '<html lang="ja">' in refused.content.decode()


def test_the_eligibility_check_is_rate_limited(client, programme):
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    path = reverse("companies:apply.sme_check", args=[form.public_token])
    with _limits(eligibility_check="2/minute"):
        answers = [client.post(path, {}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_survey_links_are_rate_limited_also_for_bad_tokens(client, db):
    path = reverse("monitoring:survey", args=["not-a-real-token"])
    with _limits(survey="2/minute"):
        answers = [client.get(path).status_code for _ in range(3)]

    assert answers == [404, 404, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_limit_counts_the_forwarded_address(client, programme):
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    path = reverse("companies:apply.start", args=[form.public_token])
    with _limits(public_form="1/minute"):
        first = client.get(path, HTTP_X_FORWARDED_FOR="203.0.113.5")
        second = client.get(path, HTTP_X_FORWARDED_FOR="203.0.113.5")
        # A client cannot escape by putting a made-up address in front: the proxy's is last.
        forged = client.get(path, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
        other = client.get(path, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert [r.status_code for r in (first, second, forged, other)] == [200, 429, 429, 200]


# --- the API schema and docs ----------------------------------------------------------------


def test_the_api_schema_and_docs_are_for_signed_in_users(client, staff):
    schema = APIClient().get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 401
    assert docs.status_code == 302
    assert docs["Location"].startswith(f"{LOGIN}?next=")
    _token, secret = api_token_create(staff, name="schemathesis", by=staff)
    with_token = APIClient().get(
        "/api/schema/",
        HTTP_AUTHORIZATION=f"Token {secret}",
        HTTP_ACCEPT="application/vnd.oai.openapi+json",
    )
    assert with_token.status_code == 200
    assert "/api/v1/tokens/" in with_token.json()["paths"]


def test_the_api_docs_page_has_no_inline_script_or_style(client, staff):
    client.force_login(staff)

    page = client.get("/api/docs/").content.decode()

    assert "<style" not in page
    assert "<script>" not in page
    assert "css/api-docs.css" in page


# --- Content-Security-Policy and the production settings -----------------------------------


def test_pages_carry_a_strict_content_security_policy(client, staff):
    client.force_login(staff)

    policy = client.get("/programmes/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def _templates_with_inline_code():
    found = []
    for root in [settings.BASE_DIR / "templates"]:
        for path in root.rglob("*.html"):
            if "pdf" in path.relative_to(root).parts:
                continue  # rendered by WeasyPrint, never served to a browser
            text = path.read_text()
            if "<style" in text or 'style="' in text or " on" in text and '="' in text:
                for marker in ("<style", 'style="', " onclick=", " onchange=", " onload="):
                    if marker in text:
                        found.append(f"{path.name}: {marker}")
            for chunk in text.split("<script")[1:]:
                if "src=" not in chunk.split(">", 1)[0]:
                    found.append(f"{path.name}: inline <script>")
    return found


def test_no_template_has_inline_scripts_or_styles():
    """What the strict policy above relies on: a page with inline code would break under it."""
    assert _templates_with_inline_code() == []


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-" + "x7Qp9Lr2" * 6,
        "ALLOWED_HOSTS": "smematch.example.org",
    }
    env.pop("DATABASE_URL", None)
    # Set by the browser suite's fixtures in this process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_agency_staff_revoke_tokens_in_the_admin(client, role_users):
    owner = role_users["company"]
    token, secret = api_token_create(owner, name="Old script", by=owner)
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    listed = client.get(reverse("admin:core_apitoken_changelist")).content.decode()
    response = client.post(
        reverse("admin:core_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert "Old script" in listed
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == root
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401
