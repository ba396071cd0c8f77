"""The selection results page: the figures of the round and the companies chosen, read-only, for
the programme's ministry reviewers and agency staff (docs/assessment.md)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.selectors_results import selection_results
from tests import factories

pytestmark = pytest.mark.django_db


def _reviewed(application, adviser, value, criterion):
    assignment = factories.AssignmentFactory(
        application=application,
        programme=application.programme,
        adviser=adviser,
        completed_at=timezone.now(),
        comment="Adviser's private remark: the owner seemed tired",
    )
    factories.ScoreFactory(assignment=assignment, criterion=criterion, value=value)
    return assignment


@pytest.fixture
def round_(role_users, programme):
    """Counterpart "Opora Russia" put forward four applicants: two selected (scores 4 and 3 out
    of 5: 80 and 60), one waitlisted, one not an SME. One applicant came through the public
    form and was rejected; one draft, one withdrawn; one Japanese company invited."""
    counterpart = role_users["counterpart"].organisation
    criterion = factories.CriterionFactory(programme=programme, scale_min=0, scale_max=5)
    adviser = role_users["adviser"]

    def application(name, status, eligible, **kwargs):
        return factories.ApplicationFactory(
            programme=programme,
            company=factories.CompanyFactory(
                legal_name=name, country="RU", contact_email=f"{name[:4].lower()}@example.com"
            ),
            status=status,
            eligible=eligible,
            **kwargs,
        )

    best = application("Ural Gears LLC", "selected", True, counterpart=counterpart)
    second = application("Volga Optics LLC", "selected", True, counterpart=counterpart)
    waiting = application("Kama Plastics LLC", "waitlisted", True, counterpart=counterpart)
    application("Huge Steel PJSC", "ineligible", False, counterpart=counterpart)
    direct = application("Direct Foods LLC", "rejected", True)
    application("Draft Co", "draft", None, counterpart=counterpart)
    application("Gone Co", "withdrawn", None)
    _reviewed(best, adviser, Decimal("4"), criterion)
    _reviewed(second, adviser, Decimal("3"), criterion)
    _reviewed(waiting, adviser, Decimal("2"), criterion)
    factories.DecisionFactory(application=best, outcome="select", response="confirmed")
    factories.DecisionFactory(application=second, outcome="select")
    factories.DecisionFactory(application=waiting, outcome="waitlist", waitlist_rank=1)
    factories.DecisionFactory(application=direct, outcome="reject", reason="Too small")
    invited = factories.ApplicationFactory(
        programme=programme,
        company=factories.CompanyFactory(legal_name="Osaka Invited KK", country="JP"),
        status="selected",
        eligible=True,
    )
    factories.DecisionFactory(application=invited, outcome="select", invited=True)
    return programme


def _url(programme):
    return reverse("matching:results", kwargs={"slug": programme.slug})


def test_figures_count_each_step_overall_and_per_counterpart(round_, role_users):
    results = selection_results(round_)

    f = results.figures
    assert (f.received, f.sme_eligible, f.sme_ineligible, f.sme_unchecked) == (6, 4, 1, 1)
    assert (f.reviewed, f.selected, f.waitlisted, f.rejected, f.withdrawn) == (3, 2, 1, 1, 1)
    assert results.invited == 1
    rows = {
        (item.counterpart.name if item.counterpart else None): item.figures
        for item in results.by_counterpart
    }
    assert set(rows) == {"Opora Russia", None}
    opora = rows["Opora Russia"]
    assert (opora.received, opora.sme_eligible, opora.sme_ineligible) == (4, 3, 1)
    assert (opora.selected, opora.waitlisted, opora.rejected) == (2, 1, 0)
    direct = rows[None]
    assert (direct.received, direct.rejected, direct.withdrawn) == (2, 1, 1)


def test_selected_companies_carry_final_score_place_and_answer(round_):
    results = selection_results(round_)

    assert [(c.name, c.total, c.position) for c in results.selected] == [
        ("Ural Gears LLC", Decimal("80.00"), 1),
        ("Volga Optics LLC", Decimal("60.00"), 2),
    ]
    assert results.selected[0].response_label == "Confirmed participation"
    assert [(c.name, c.waitlist_rank) for c in results.waitlisted] == [("Kama Plastics LLC", 1)]


@pytest.mark.parametrize("role", ["reviewer", "staff"])
def test_reviewer_and_staff_read_the_page_without_comments_or_contacts(
    client, round_, role_users, role
):
    client.force_login(role_users[role])

    response = client.get(_url(round_))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Selection results" in html
    assert "Ural Gears LLC" in html and "80.00" in html and "Kama Plastics LLC" in html
    assert "Opora Russia" in html
    # Not shown: advisers' comments, decision reasons, contact e-mails, rejected names.
    assert "owner seemed tired" not in html
    assert "Strong fit" not in html and "Too small" not in html
    assert "@example.com" not in html
    assert "Direct Foods LLC" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("counterpart", 403), ("adviser", 403), ("company", 403), ("interpreter", 403),
     ("other_counterpart", 404)],
)  # fmt: skip
def test_other_roles_are_refused(client, round_, role_users, role, status):
    client.force_login(role_users[role])

    response = client.get(_url(round_))

    assert response.status_code == status
    assert "Ural Gears LLC" not in response.content.decode()


def test_post_is_refused_and_changes_nothing(client, round_, role_users):
    client.force_login(role_users["reviewer"])

    response = client.post(_url(round_), {"outcome": "reject"})

    assert response.status_code == 405
    assert selection_results(round_).figures.selected == 2


def test_programme_page_links_the_results_for_reviewer_and_staff_only(client, round_, role_users):
    url = reverse("programmes:programme.detail", kwargs={"slug": round_.slug})
    for role, shown in [("reviewer", True), ("staff", True), ("counterpart", False),
                        ("company", False), ("adviser", False)]:  # fmt: skip
        client.force_login(role_users[role])
        html = client.get(url).content.decode()
        assert (_url(round_) in html) is shown, role


def test_reviewer_programme_page_has_no_link_that_refuses(client, round_, role_users):
    """Every link on the reviewer's programme page opens (no 403 behind a button)."""
    import re

    client.force_login(role_users["reviewer"])
    html = client.get(reverse("programmes:programme.detail", kwargs={"slug": round_.slug}))
    links = set(re.findall(r'href="(/programmes/[^"?#]+)', html.content.decode()))
    assert _url(round_) in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_empty_programme_says_nothing_was_received(client, programme, role_users):
    client.force_login(role_users["reviewer"])

    html = client.get(_url(programme)).content.decode()

    assert "No application has been received yet." in html
    assert "No company has been selected yet." in html


def test_results_page_queries_do_not_grow_with_applicants(client, round_, role_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(role_users["reviewer"])
    client.get(_url(round_))  # session and language settle on the first request
    with CaptureQueriesContext(connection) as before:
        assert client.get(_url(round_)).status_code == 200
    for _ in range(5):
        factories.DecisionFactory(
            application=factories.ApplicationFactory(
                programme=round_, status="selected", eligible=True,
                counterpart=role_users["counterpart"].organisation,
            )
        )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        assert client.get(_url(round_)).status_code == 200
    assert len(after) == len(before) <= 30
