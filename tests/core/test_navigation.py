"""The top bar and the home page by role (core/navigation.py, core/context_processors.py)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(html: str) -> dict[str, str]:
    """{href: label} of the main navigation."""
    block = re.search(r'<nav class="mainnav".*?</nav>', html, re.S).group(0)
    return dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block))


def _top_bar(client, user) -> dict[str, str]:
    client.force_login(user)
    return _nav(client.get(reverse("programmes:programme.list")).content.decode())


JOBS = reverse("core:job.list")
API = reverse("api-docs")
PROGRAMMES = reverse("programmes:programme.list")
MINE = reverse("companies:application.mine")
ORGANISATIONS = reverse("core:organisation.list")
DASHBOARDS = reverse("monitoring:dashboard.portfolio")


def test_staff_see_programmes_organisations_jobs_and_the_api(client, role_users):
    nav = _top_bar(client, role_users["staff"])

    assert {PROGRAMMES, ORGANISATIONS, JOBS, API, DASHBOARDS} <= set(nav)
    assert MINE not in nav


def test_a_counterpart_sees_its_jobs_and_the_api_but_not_organisations(client, role_users):
    nav = _top_bar(client, role_users["counterpart"])

    assert set(nav) == {PROGRAMMES, JOBS, API}


def test_a_company_sees_its_applications_and_the_programmes_only(client, role_users):
    nav = _top_bar(client, role_users["company"])

    assert nav == {MINE: "My applications", PROGRAMMES: "Programmes"}


def test_an_adviser_finds_my_reviews_from_anywhere(client, role_users, programme):
    reviews = reverse("matching:review.list", args=[programme.slug])

    nav = _top_bar(client, role_users["adviser"])

    assert nav == {reviews: "My reviews", PROGRAMMES: "Programmes"}


def test_an_interpreter_finds_their_agenda(client, role_users, programme):
    agenda = reverse("scheduling:agenda.mine", args=[programme.slug])

    nav = _top_bar(client, role_users["interpreter"])

    assert nav == {agenda: "My agenda", PROGRAMMES: "Programmes"}


def test_a_reviewer_sees_no_jobs_and_no_api(client, role_users):
    nav = _top_bar(client, role_users["reviewer"])

    assert {PROGRAMMES: "Programmes", DASHBOARDS: "Dashboards"}.items() <= nav.items()
    assert JOBS not in nav and API not in nav


def test_a_removed_adviser_loses_my_reviews(client, role_users, programme):
    from programmes.models import ProgrammeRole

    ProgrammeRole.objects.filter(user=role_users["adviser"]).delete()

    nav = _top_bar(client, role_users["adviser"])

    assert nav == {PROGRAMMES: "Programmes"}


def test_the_current_section_is_marked(client, role_users):
    client.force_login(role_users["company"])

    html = client.get(MINE).content.decode()

    assert f'<a href="{MINE}" aria-current="page">My applications</a>' in html
    assert f'<a href="{PROGRAMMES}">Programmes</a>' in html


def test_home_sends_each_role_where_its_work_is(client, role_users, programme):
    expected = {
        "staff": PROGRAMMES,
        "counterpart": PROGRAMMES,
        "company": MINE,
        "adviser": reverse("matching:review.list", args=[programme.slug]),
        "interpreter": PROGRAMMES,
        "reviewer": PROGRAMMES,
        "other_counterpart": PROGRAMMES,
    }
    landed = {}
    for role in expected:
        client.force_login(role_users[role])
        landed[role] = client.get(reverse("home")).url

    assert landed == expected
    client.logout()
    assert client.get(reverse("home")).url == reverse("login")


def test_home_takes_the_adviser_to_the_programme_running_or_next(client, role_users, programme):
    from datetime import date

    from tests import factories

    past = factories.ProgrammeFactory(
        slug="past-one", start_date=date(2020, 1, 6), end_date=date(2020, 1, 10)
    )
    later = factories.ProgrammeFactory(
        slug="later-one",
        start_date=programme.start_date.replace(year=programme.start_date.year + 5),
        end_date=programme.end_date.replace(year=programme.end_date.year + 5),
    )
    for other in (past, later):
        factories.ProgrammeRoleFactory(programme=other, user=role_users["adviser"], role="adviser")
    client.force_login(role_users["adviser"])

    assert client.get(reverse("home")).url == reverse("matching:review.list", args=[programme.slug])


def test_signing_in_lands_a_company_on_its_applications(client, role_users):
    user = role_users["company"]
    user.set_password("secret-pass-123")
    user.save()

    response = client.post(
        reverse("login"), {"username": user.username, "password": "secret-pass-123"}, follow=True
    )

    assert response.redirect_chain[-1][0] == MINE
    assert response.status_code == 200
