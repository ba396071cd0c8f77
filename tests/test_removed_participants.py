"""A participant removed from a programme loses what it saw there, through every door: the API
lists nothing more, details and actions answer 404 and change nothing (issue 13, item 1)."""

import pytest
from rest_framework.test import APIClient

from companies.models import Application
from programmes.models import ProgrammeOrganisation, ProgrammeRole, Role
from programmes.services import programme_uninvite
from tests import factories

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def counterpart(programme):
    org = factories.OrganisationFactory(name="Opora Russia", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="opora", organisation=org)


@pytest.fixture
def put_forward(programme, counterpart):
    company = factories.CompanyFactory(legal_name="Ural Valves LLC", country="RU")
    return factories.ApplicationFactory(
        programme=programme, company=company, counterpart=counterpart.organisation
    )


@pytest.fixture
def batch(programme, counterpart):
    return factories.ImportBatchFactory(
        programme=programme, organisation=counterpart.organisation, uploaded_by=counterpart
    )


def _remove_counterpart(programme, counterpart, staff):
    link = ProgrammeOrganisation.objects.get(
        programme=programme, organisation=counterpart.organisation
    )
    programme_uninvite(link, by=staff)


def test_a_counterpart_sees_its_applicants_while_it_takes_part(counterpart, put_forward, batch):
    client = api(counterpart)

    listed = client.get("/api/v1/applications/").json()["results"]

    assert [row["id"] for row in listed] == [put_forward.pk]
    assert client.get(f"/api/v1/applications/{put_forward.pk}/").status_code == 200
    assert client.get(f"/api/v1/uploads/{batch.pk}/").status_code == 200
    assert client.get(f"/api/v1/companies/{put_forward.company_id}/").status_code == 200


def test_a_removed_counterpart_lists_reads_and_withdraws_nothing(
    programme, counterpart, put_forward, batch, staff
):
    _remove_counterpart(programme, counterpart, staff)
    client = api(counterpart)

    listed = client.get("/api/v1/applications/").json()
    detail = client.get(f"/api/v1/applications/{put_forward.pk}/")
    withdraw = client.post(
        f"/api/v1/applications/{put_forward.pk}/transition/",
        {"status": "withdrawn", "reason": "gone"},
        format="json",
    )

    assert (listed["count"], listed["results"]) == (0, [])
    assert (detail.status_code, detail.json()["code"]) == (404, "not_found")
    assert (withdraw.status_code, withdraw.json()["code"]) == (404, "not_found")
    put_forward.refresh_from_db()
    assert put_forward.status != Application.Status.WITHDRAWN


def test_a_removed_counterpart_no_longer_sees_its_uploads_or_its_companies(
    programme, counterpart, put_forward, batch, staff
):
    _remove_counterpart(programme, counterpart, staff)
    client = api(counterpart)

    assert client.get(f"/api/v1/uploads/{batch.pk}/").status_code == 404
    assert client.post(f"/api/v1/uploads/{batch.pk}/confirm/").status_code == 404
    assert client.get(f"/api/v1/programmes/{programme.slug}/uploads/").status_code == 404
    assert client.get(f"/api/v1/companies/{put_forward.company_id}/").status_code == 404
    assert client.get("/api/v1/companies/").json()["results"] == []


def test_a_counterpart_keeps_what_it_put_forward_in_another_programme(
    programme, counterpart, put_forward, staff
):
    other = factories.ProgrammeFactory(slug="japan-russia-2027", title="Japan–Russia 2027")
    factories.ProgrammeOrganisationFactory(
        programme=other, organisation=counterpart.organisation, role=Role.COUNTERPART
    )
    kept = factories.ApplicationFactory(
        programme=other,
        company=factories.CompanyFactory(legal_name="Volga Foods JSC", country="RU"),
        counterpart=counterpart.organisation,
    )
    _remove_counterpart(programme, counterpart, staff)

    listed = api(counterpart).get("/api/v1/applications/").json()["results"]

    assert [row["id"] for row in listed] == [kept.pk]


@pytest.fixture
def adviser(programme):
    user = factories.UserFactory(username="tanaka", first_name="Ken", last_name="Tanaka")
    factories.ProgrammeRoleFactory(programme=programme, user=user, role=Role.ADVISER)
    return user


@pytest.fixture
def assignment(programme, adviser, put_forward):
    put_forward.status = Application.Status.ELIGIBLE
    put_forward.save(update_fields=["status"])
    return factories.AssignmentFactory(
        programme=programme, application=put_forward, adviser=adviser
    )


def test_an_adviser_reads_the_assigned_review_while_advising(adviser, assignment):
    client = api(adviser)

    assert [row["id"] for row in client.get("/api/v1/reviews/").json()["results"]] == [
        assignment.pk
    ]
    assert client.get(f"/api/v1/reviews/{assignment.pk}/").status_code == 200


def test_a_removed_adviser_reads_no_review_and_scores_nothing(
    programme, adviser, assignment, staff
):
    criterion = factories.CriterionFactory(programme=programme, scale_min=0, scale_max=5)
    programme_uninvite(ProgrammeRole.objects.get(programme=programme, user=adviser), by=staff)
    client = api(adviser)

    listed = client.get("/api/v1/reviews/").json()
    detail = client.get(f"/api/v1/reviews/{assignment.pk}/")
    scored = client.patch(
        f"/api/v1/reviews/{assignment.pk}/", {"scores": {str(criterion.pk): 4}}, format="json"
    )

    assert (listed["count"], listed["results"]) == (0, [])
    assert detail.status_code == 404
    assert scored.status_code == 404
    assert not assignment.scores.exists()
    assert client.get(f"/api/v1/companies/{assignment.application.company_id}/").status_code == 404


def test_a_removed_adviser_no_longer_sees_their_conflicts(programme, adviser, put_forward, staff):
    conflict = factories.ConflictFactory(
        programme=programme, adviser=adviser, company=put_forward.company, declared_by=adviser
    )
    assert api(adviser).get(f"/api/v1/conflicts/{conflict.pk}/").status_code == 200
    programme_uninvite(ProgrammeRole.objects.get(programme=programme, user=adviser), by=staff)

    assert api(adviser).get(f"/api/v1/conflicts/{conflict.pk}/").status_code == 404
