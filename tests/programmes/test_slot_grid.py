"""The meeting slots of a session with many tables: the grid scrolls inside its own box with
the slot column and the header row fixed, and says so above it."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, staff, tables: int) -> str:
    activity = factories.ActivityFactory()
    for number in range(1, tables + 1):
        factories.TableFactory(activity=activity, number=number)
    client.force_login(staff)
    response = client.get(
        reverse("programmes:activity.detail", args=[activity.programme.slug, activity.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_twenty_tables_scroll_with_a_hint_and_a_fixed_slot_column(client, staff):
    html = _page(client, staff, 20)

    assert (
        "20 tables: scroll sideways to see all of them; the slot column and the table numbers "
        "stay in place." in html
    )
    assert re.search(
        r'<div class="slot-grid-scroll" tabindex="0" role="region" '
        r'aria-label="Meeting slots per table" aria-describedby="slot-grid-hint">',
        html,
    )
    grid = html[html.index('<table class="grid slots slot-grid">') :]
    grid = grid[: grid.index("</table>")]
    assert grid.count('<th scope="col" class="nowrap">') == 20  # every table has its column
    assert grid.count('<th class="sticky nowrap" scope="row">') == 10  # one fixed cell per slot
    assert '<span class="slot-no">10</span> 17:30–18:00' in grid


def test_a_few_tables_need_no_hint(client, staff):
    html = _page(client, staff, 4)

    assert "scroll sideways" not in html
    assert 'class="slot-grid-scroll"' in html
    assert "aria-describedby" not in html


def test_the_grid_styles_are_linked(client, staff):
    html = _page(client, staff, 20)
    assert 'href="/static/css/programmes.css"' in html
