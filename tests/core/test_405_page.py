"""A method a page does not take is refused with the project's own page, not an empty body."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_put_to_a_page_gets_the_styled_405_page_with_the_allow_header(client, staff):
    client.force_login(staff)
    response = client.put(reverse("programmes:programme.list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    html = response.content.decode()
    assert 'class="topbar"' in html
    assert "Nothing has been changed" in html


@pytest.mark.django_db
def test_a_post_to_a_page_that_only_shows_gets_the_styled_page_in_the_readers_language(
    client, staff
):
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    response = client.post(reverse("healthz"))
    assert response.status_code == 405
    assert "POST" not in response["Allow"]
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert 'class="topbar"' in html


@pytest.mark.django_db
def test_the_api_keeps_its_own_json_405(client, staff):
    client.force_login(staff)
    response = client.delete("/api/v1/programmes/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
