import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests import factories

DAY = datetime.date(2027, 2, 15)


def render(language: str, source: str) -> str:
    with translation.override(language):
        return Template("{% load locale_extras %}" + source).render(Context({"day": DAY}))


@pytest.mark.parametrize(
    ("language", "with_year", "without_year"),
    [
        ("en", "Mon 15 Feb 2027", "Mon 15 Feb"),
        ("ja", "2027年2月15日(月)", "2月15日(月)"),
        ("ru", "Пн, 15 февраля 2027", "Пн, 15 февраля"),
    ],
)
def test_a_day_is_written_with_its_weekday_as_the_language_writes_it(
    language, with_year, without_year
):
    assert render(language, "{{ day|weekday_date }}") == with_year
    assert render(language, "{{ day|weekday_day }}") == without_year


def test_a_moment_is_written_with_its_weekday_and_the_24_hour_time():
    moment = datetime.datetime(2027, 2, 15, 13, 30)
    with translation.override("ja"):
        out = Template("{% load locale_extras %}{{ m|weekday_day_time }}").render(
            Context({"m": moment})
        )
    assert out == "2月15日(月) 13:30"


@pytest.mark.django_db
def test_the_programme_week_is_headed_by_japanese_dates(client, staff):
    programme = factories.ProgrammeFactory(
        start_date=datetime.date(2027, 2, 15), end_date=datetime.date(2027, 2, 19)
    )
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("programmes:programme.detail", args=[programme.slug])).content
    assert "2027年2月15日(月)" in html.decode()
    assert "月 15 2月 2027" not in html.decode()
