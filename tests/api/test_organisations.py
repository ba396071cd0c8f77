import pytest

from core.models import Organisation
from tests import factories

OPORA = {
    "name": "Opora Russia",
    "name_local": "Опора России",
    "kind": "counterpart",
    "country": "RU",
    "contact_email": "info@opora.example",
    "website": "https://opora.example",
}


def test_staff_adds_an_organisation_and_reads_it_back(staff_api):
    response = staff_api.post("/api/v1/organisations/", OPORA)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "opora-russia"
    assert body["country"] == "RU"
    organisation = Organisation.objects.get(slug="opora-russia")
    assert organisation.name_local == "Опора России"
    assert staff_api.get("/api/v1/organisations/opora-russia/").json() == body


def test_slug_is_made_unique_when_left_out(staff_api):
    factories.OrganisationFactory(name="Opora Russia")  # slug opora-russia

    body = staff_api.post("/api/v1/organisations/", OPORA).json()

    assert body["slug"] == "opora-russia-2"


def test_taken_slug_and_unknown_country_are_field_errors(staff_api):
    factories.OrganisationFactory(name="Opora Russia")

    response = staff_api.post(
        "/api/v1/organisations/", {**OPORA, "slug": "opora-russia", "country": "XX"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"country": ['"XX" is not a valid choice.']}
    response = staff_api.post("/api/v1/organisations/", {**OPORA, "slug": "opora-russia"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "slug": ["Organisation with this Short name already exists."]
    }
    assert Organisation.objects.filter(name="Opora Russia").count() == 1


def test_staff_patch_changes_an_organisation(staff_api):
    organisation = factories.OrganisationFactory(name="Russian Export Center", country="RU")

    response = staff_api.patch(
        f"/api/v1/organisations/{organisation.slug}/", {"contact_name": "Ivan Petrov"}
    )

    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.contact_name == "Ivan Petrov"
    assert organisation.country.code == "RU"


def test_members_see_only_their_own_organisation(client_for, role_users):
    api = client_for(role_users["counterpart"])
    own = role_users["counterpart"].organisation
    other = role_users["other_counterpart"].organisation

    listed = api.get("/api/v1/organisations/").json()

    assert [o["slug"] for o in listed["results"]] == [own.slug]
    assert api.get(f"/api/v1/organisations/{own.slug}/").status_code == 200
    assert api.get(f"/api/v1/organisations/{other.slug}/").status_code == 404


def test_staff_list_every_organisation(staff_api, role_users):
    listed = staff_api.get("/api/v1/organisations/").json()

    assert listed["count"] == Organisation.objects.count() == 7


@pytest.mark.parametrize("method", ["put", "patch"])
def test_members_may_not_change_their_organisation(client_for, role_users, method):
    own = role_users["counterpart"].organisation

    response = getattr(client_for(role_users["counterpart"]), method)(
        f"/api/v1/organisations/{own.slug}/", {**OPORA, "name": "Renamed"}
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "Opora Russia"


def test_members_may_not_add_organisations(client_for, role_users):
    response = client_for(role_users["adviser"]).post(
        "/api/v1/organisations/", {**OPORA, "name": "New"}
    )

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="New").exists()
