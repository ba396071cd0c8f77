"""Every refusal is the project's own page, styled, translated and with the way on: 403 (also a
CSRF failure), 404 and 500, with DEBUG off as in production and in the demo. The API keeps its
JSON errors."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEBUG_PAGE_WORDS = ("URLconf", "urlpatterns", "Traceback", "Django tried these URL patterns")


def _assert_project_page(html: str, *, code: str):
    assert 'class="topbar"' in html and "SME Match" in html
    assert "css/app.css" in html and "css/errors.css" in html
    assert f'<p class="error-code">{code}</p>' in html
    for word in DEBUG_PAGE_WORDS:
        assert word not in html


@override_settings(DEBUG=False)
def test_404_for_a_signed_in_counterpart_is_the_project_page_with_navigation(client, role_users):
    client.force_login(role_users["counterpart"])

    response = client.get("/programmes/no-such-programme-at-all/")

    assert response.status_code == 404
    html = response.content.decode()
    _assert_project_page(html, code="404")
    assert "This page does not exist" in html
    assert 'aria-label="Main navigation"' in html
    assert reverse("programmes:programme.list") in html
    assert "Sign out and sign in as someone else" in html


@override_settings(DEBUG=False)
def test_404_of_an_unknown_address_does_not_list_the_url_patterns(client, role_users):
    client.force_login(role_users["counterpart"])

    response = client.get("/this/address/does/not/exist/")

    assert response.status_code == 404
    _assert_project_page(response.content.decode(), code="404")


@override_settings(DEBUG=False)
def test_403_for_a_reviewer_on_the_ranking_is_the_styled_page(client, role_users, programme):
    client.force_login(role_users["reviewer"])

    response = client.get(reverse("matching:ranking", kwargs={"slug": programme.slug}))

    assert response.status_code == 403
    html = response.content.decode()
    _assert_project_page(html, code="403")
    assert "You may not open this page" in html
    assert "Nothing has been changed." in html
    assert 'aria-label="Main navigation"' in html
    assert reverse("home") in html and reverse("programmes:programme.list") in html
    assert f'action="{reverse("logout")}"' in html
    assert "403 Forbidden" not in html


@override_settings(DEBUG=False)
def test_403_shows_the_reason_the_view_gave(client, role_users, programme):
    """A refusal that says why (a company user whose company does not take part) shows it."""
    client.force_login(role_users["company"])

    response = client.get(reverse("scheduling:request.catalogue", kwargs={"slug": programme.slug}))

    assert response.status_code == 403
    html = response.content.decode()
    _assert_project_page(html, code="403")
    assert "Your company does not take part in this programme&#x27;s meetings." in html


@override_settings(DEBUG=False)
def test_403_is_in_the_language_the_reader_chose(client, role_users, programme):
    client.force_login(role_users["reviewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    response = client.get(reverse("matching:ranking", kwargs={"slug": programme.slug}))

    assert response.status_code == 403
    assert '<html lang="ja">' in response.content.decode()


@override_settings(DEBUG=False)
def test_404_follows_the_browser_language_for_anonymous_readers(client):
    response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert reverse("login") in html  # the way on for someone not signed in


@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.urls_raising")
def test_500_is_the_project_page_without_the_traceback(client, role_users):
    client.raise_request_exception = False
    client.force_login(role_users["counterpart"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    response = client.get("/test-only/fails/")

    assert response.status_code == 500
    html = response.content.decode()
    _assert_project_page(html, code="500")
    assert "a bug in a view" not in html and "RuntimeError" not in html
    assert "システム側でエラーが発生しました" in html
    assert '<html lang="ja">' in html
    assert 'href="/"' in html


@override_settings(DEBUG=False)
def test_csrf_failure_is_the_styled_page_saying_what_to_do(role_users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_users["reviewer"])

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    html = response.content.decode()
    _assert_project_page(html, code="403")
    assert "The form could not be sent" in html
    assert "reload the page" in html


@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_errors(client, role_users, programme):
    from core.services import api_token_create

    reviewer = role_users["reviewer"]
    _token, key = api_token_create(reviewer, name="tests", by=reviewer)
    response = client.get(
        "/api/v1/programmes/no-such-programme/", HTTP_AUTHORIZATION=f"Token {key}"
    )

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()

    anonymous = Client().get("/api/v1/programmes/")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"].startswith("application/json")


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_400_for_a_bad_host_is_the_project_page(client):
    response = client.get("/programmes/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="error-code">400</p>' in html
    assert "css/app.css" in html and "The request could not be understood" in html


def _switch_languages(html: str) -> set[str]:
    import re

    switch = html.split('class="langswitch"', 1)[1].split("</form>", 1)[0]
    return set(re.findall(r'name="language" value="([a-z]{2})"', switch))


@override_settings(DEBUG=False)
def test_404_of_an_unknown_address_offers_a_company_user_all_five_languages(client, role_users):
    """No route matches, so no view (and no PageLanguageMiddleware.process_view) ran: the switch
    still offers what the reader may use, and the page is in the Thai the company user chose."""
    client.force_login(role_users["company"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"

    response = client.get("/nope/")

    assert response.status_code == 404
    html = response.content.decode()
    _assert_project_page(html, code="404")
    assert '<html lang="th">' in html
    assert _switch_languages(html) == {"en", "ja", "ru", "vi", "th"}


@override_settings(DEBUG=False)
def test_404_of_an_unknown_address_offers_staff_their_three_languages(client, role_users):
    client.force_login(role_users["counterpart"])

    response = client.get("/nope/")

    assert response.status_code == 404
    assert _switch_languages(response.content.decode()) == set(settings.STAFF_LANGUAGES)


@override_settings(DEBUG=False)
def test_403_raised_in_a_view_offers_a_company_user_all_five_languages(
    client, role_users, programme
):
    client.force_login(role_users["company"])

    response = client.get(reverse("scheduling:request.catalogue", kwargs={"slug": programme.slug}))

    assert response.status_code == 403
    assert _switch_languages(response.content.decode()) == {"en", "ja", "ru", "vi", "th"}
