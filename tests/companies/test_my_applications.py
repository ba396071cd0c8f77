"""A company's home, "My applications" (companies/views/mine.py): its own applications in every
programme with status, SME result, decision and answer, the links to its requests and agenda,
and never another company's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Organisation
from matching.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("companies:application.mine")


def _company_user(name, programme=None, *, country="VN"):
    org = factories.OrganisationFactory(
        name=f"{name} org", kind=Organisation.Kind.COMPANY, country=country
    )
    company = factories.CompanyFactory(legal_name=name, country=country, organisation=org)
    user = factories.UserFactory(username=name.split()[0].lower(), organisation=org)
    if programme is not None:
        factories.ProgrammeOrganisationFactory(
            programme=programme, organisation=org, role="company"
        )
    return user, company


@pytest.fixture
def two_companies(programme):
    user_a, company_a = _company_user("Saigon Auto Parts JSC", programme)
    user_b, company_b = _company_user("Bangkok Gears Co., Ltd.", programme, country="TH")
    selected = factories.DecisionFactory(
        application__programme=programme,
        application__company=company_a,
        response=Decision.Response.CONFIRMED,
        responded_at=timezone.now(),
    ).application
    other_programme = factories.ProgrammeFactory(slug="japan-russia", title="Japan–Russia SMEs")
    waitlisted = factories.DecisionFactory(
        application__programme=other_programme,
        application__company=company_a,
        application__status="waitlisted",
        outcome=Decision.Outcome.WAITLIST,
        waitlist_rank=1,
    ).application
    rejected_b = factories.DecisionFactory(
        application__programme=programme,
        application__company=company_b,
        application__status="rejected",
        outcome=Decision.Outcome.REJECT,
    ).application
    return {
        "a": user_a,
        "b": user_b,
        "selected": selected,
        "waitlisted": waitlisted,
        "rejected_b": rejected_b,
    }


def _entries(html: str) -> list[str]:
    return html.split('class="card facts my-application"')[1:]


def test_a_company_sees_its_applications_with_status_decision_and_answer(client, two_companies):
    client.force_login(two_companies["a"])

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    entries = _entries(html)
    assert len(entries) == 2
    selected = next(e for e in entries if two_companies["selected"].programme.title in e)
    waitlisted = next(e for e in entries if "Japan–Russia SMEs" in e)
    assert "app-status-selected" in selected
    assert "Eligible" in selected
    assert '<dd class="my-decision">Selected' in " ".join(selected.split())
    assert "Confirmed" in selected
    private = reverse("companies:apply.private", args=[two_companies["selected"].access_token])
    assert f'href="{private}#participation"' in selected
    assert "On the waiting list" in waitlisted
    assert "Your answer" not in waitlisted
    # The programme it is not invited to is not linked (it would 404); its private page is.
    assert reverse("programmes:programme.detail", args=["japan-russia"]) not in waitlisted
    private_waitlisted = reverse(
        "companies:apply.private", args=[two_companies["waitlisted"].access_token]
    )
    assert private_waitlisted in waitlisted


def test_a_company_never_sees_another_companys_application(client, two_companies):
    client.force_login(two_companies["a"])

    html = client.get(URL).content.decode()

    assert "Bangkok Gears" not in html
    assert two_companies["rejected_b"].access_token not in html

    client.force_login(two_companies["b"])
    html = client.get(URL).content.decode()

    assert len(_entries(html)) == 1
    assert "Not selected" in html
    assert "Saigon Auto Parts" not in html
    assert two_companies["selected"].access_token not in html
    assert two_companies["waitlisted"].access_token not in html


def test_a_company_without_applications_is_told_how_to_apply(client, programme):
    user, _company = _company_user("Hanoi Mechanical JSC", programme)
    client.force_login(user)

    html = client.get(URL).content.decode()

    assert _entries(html) == []
    assert "Your company has no application yet." in html


@pytest.mark.parametrize("kind", ["agency", "counterpart", "advisers", "ministry"])
def test_other_roles_are_refused(client, kind):
    org = factories.OrganisationFactory(kind=kind)
    client.force_login(factories.UserFactory(organisation=org))

    assert client.get(URL).status_code == 403


def test_requests_are_linked_while_the_window_is_open_and_the_agenda_once_published(
    client, two_companies, programme
):
    client.force_login(two_companies["a"])
    catalogue = reverse("scheduling:request.catalogue", args=[programme.slug])
    company = two_companies["selected"].company
    agenda = reverse("scheduling:agenda.company", args=[programme.slug, company.pk])

    html = client.get(URL).content.decode()
    assert catalogue in html
    assert agenda not in html

    settings = factories.SchedulingSettingsFactory(programme=programme)
    settings.requests_close_at = timezone.now() - timedelta(days=1)
    settings.save()
    factories.ScheduleFactory(programme=programme, status="published")

    html = client.get(URL).content.decode()
    assert catalogue not in html
    assert "Meeting requests closed on" in html
    assert agenda in html
    assert client.get(agenda).status_code == 200


def test_a_company_not_taking_part_has_no_request_or_agenda_link(client, two_companies, programme):
    factories.ScheduleFactory(programme=programme, status="published")
    client.force_login(two_companies["b"])

    html = client.get(URL).content.decode()

    assert reverse("scheduling:request.catalogue", args=[programme.slug]) not in html
    assert "/agenda/" not in html


def test_the_list_reads_a_bounded_number_of_queries(
    client, two_companies, django_assert_max_num_queries
):
    """Each programme's decision, membership, request window and schedule are read per entry
    (the scheduling app's tag): a handful of queries per programme the company applied to."""
    client.force_login(two_companies["a"])

    with django_assert_max_num_queries(20):
        response = client.get(URL)

    assert response.status_code == 200
