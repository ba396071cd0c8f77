"""The grid's edit forms post through htmx and swap the page's <main> (grid, edit panel and
messages) with the one of the grid the server redirects to; without JavaScript they are plain
POST forms with the same URL."""

import re

import pytest
from django.urls import reverse

from scheduling.models import Meeting
from scheduling.services import meetings as edits
from tests import factories

HX = {
    "hx-target": "main",
    "hx-select": "main",
    "hx-swap": "outerHTML",
    "hx-push-url": "true",
}


@pytest.fixture
def grid(scenario, staff, client):
    client.force_login(staff)
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    o, d = scenario.overseas, scenario.domestic
    a = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    b = edits.meeting_add(schedule, overseas=o[1], domestic=d[0], slot=1, by=staff)
    url = reverse("scheduling:schedule.grid", args=[scenario.programme.slug, schedule.pk])
    return schedule, a, b, url


def _forms(page: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<form [^>]*>", page)
    ]


def test_every_edit_form_of_the_grid_posts_through_htmx(grid, client):
    schedule, a, b, url = grid
    page = client.get(url, {"day": 0, "meeting": b.pk}).content.decode()
    slug = schedule.programme.slug
    expected = {
        reverse("scheduling:meeting.move", args=[slug, schedule.pk, b.pk]),
        reverse("scheduling:meeting.swap", args=[slug, schedule.pk]),
        reverse("scheduling:meeting.mark", args=[slug, schedule.pk, b.pk]),
        reverse("scheduling:meeting.add", args=[slug, schedule.pk]),
    }
    forms = [f for f in _forms(page) if f.get("action") in expected]
    assert {f["action"] for f in forms} == expected
    for form in forms:
        assert form["method"] == "post"  # still a plain form without JavaScript
        assert form["hx-post"] == form["action"]
        assert {k: form.get(k) for k in HX} == HX
    assert page.count("<main") == 1  # what hx-select picks


def test_an_htmx_edit_answers_with_the_grid_and_a_refusal_shows_in_it(grid, client):
    schedule, a, b, url = grid
    move = reverse("scheduling:meeting.move", args=[schedule.programme.slug, schedule.pk, b.pk])
    response = client.post(move, {"slot": "0", "day": "0"}, HTTP_HX_REQUEST="true")
    # A redirect, which htmx's request follows, to the grid with the meeting still chosen.
    assert response.status_code == 302
    assert response["Location"] == f"{url}?day=0&meeting={b.pk}"
    response = client.get(response["Location"], HTTP_HX_REQUEST="true")
    main = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S).group(1)
    assert "Double booking: " in main and 'class="messages"' in main
    assert 'id="edit"' in main and "meeting-grid" in main
    assert Meeting.objects.get(pk=b.pk).slot == 1  # nothing saved

    response = client.post(move, {"slot": "2", "day": "0"}, HTTP_HX_REQUEST="true", follow=True)
    main = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S).group(1)
    assert "The meeting is moved." in main
    assert Meeting.objects.get(pk=b.pk).slot == 2
    mark = reverse("scheduling:meeting.mark", args=[schedule.programme.slug, schedule.pk, a.pk])
    response = client.post(
        mark, {"status": "cancelled", "day": "0"}, HTTP_HX_REQUEST="true", follow=True
    )
    assert "is marked" in response.content.decode()
    assert Meeting.objects.get(pk=a.pk).status == "cancelled"
