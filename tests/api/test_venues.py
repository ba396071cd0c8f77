from programmes.models import Venue
from tests import factories


def test_any_signed_in_user_lists_venues(client_for, role_users, venue):
    listed = client_for(role_users["company"]).get("/api/v1/venues/").json()

    assert listed["results"] == [
        {
            "id": venue.pk,
            "name": "Osaka International Convention Center",
            "city": "Osaka",
            "country": "JP",
            "address": "",
        }
    ]


def test_staff_add_a_venue_once(staff_api, db):
    created = staff_api.post("/api/v1/venues/", {"name": " Tokyo Big Sight ", "city": "Tokyo"})
    again = staff_api.post("/api/v1/venues/", {"name": "Tokyo Big Sight", "city": "Tokyo"})

    assert created.status_code == 201
    assert created.json()["name"] == "Tokyo Big Sight"
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    assert Venue.objects.filter(name="Tokyo Big Sight", city="Tokyo").count() == 1


def test_venue_needs_a_city(staff_api, db):
    response = staff_api.post("/api/v1/venues/", {"name": "Somewhere"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"city": ["This field is required."]}
    assert not Venue.objects.exists()


def test_members_may_not_add_venues(client_for, role_users):
    response = client_for(role_users["counterpart"]).post(
        "/api/v1/venues/", {"name": "Hall", "city": "Hanoi"}
    )

    assert response.status_code == 403
    assert not Venue.objects.exists()
    factories.VenueFactory()  # staff-created venues still list for them
    assert client_for(role_users["counterpart"]).get("/api/v1/venues/").json()["count"] == 1
