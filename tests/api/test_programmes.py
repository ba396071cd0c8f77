from datetime import date, timedelta

import pytest

from programmes.models import Programme, Role
from tests import factories

NEW_PROGRAMME = {
    "kind": "ceo_network",
    "title": "CEO Network Enhancing Project: Vietnam and Thailand",
    "title_ja": "経営者ネットワーク強化事業",
    "description": "Auto parts and electronics, Osaka and Tokyo.",
    "partner_countries": ["VN", "TH"],
    "sectors": ["auto_parts", "electronics"],
    "time_zone": "Asia/Tokyo",
    "start_date": "2027-02-15",
    "end_date": "2027-02-19",
}


def test_staff_creates_programme_and_reads_it_back(staff_api, staff):
    response = staff_api.post("/api/v1/programmes/", NEW_PROGRAMME)

    assert response.status_code == 201, response.json()
    created = response.json()
    slug = created["slug"]
    assert slug == "ceo-network-enhancing-project-vietnam-and-thailand-2027"
    programme = Programme.objects.get(slug=slug)
    assert programme.created_by == staff
    assert [c.code for c in programme.partner_countries] == ["TH", "VN"]  # kept sorted
    assert programme.end_date == date(2027, 2, 19)

    read = staff_api.get(f"/api/v1/programmes/{slug}/").json()
    assert read == created
    assert read["title"] == NEW_PROGRAMME["title"]
    assert read["display_title"] == NEW_PROGRAMME["title"]
    assert read["partner_countries"] == ["TH", "VN"]
    assert read["sectors"] == ["auto_parts", "electronics"]
    assert read["status"] == "draft"
    assert read["allowed_transitions"] == ["recruiting"]
    assert read["activities_url"] == f"http://testserver/api/v1/activities/?programme={slug}"


def test_programme_ending_before_it_starts_is_refused_and_not_saved(staff_api):
    response = staff_api.post(
        "/api/v1/programmes/",
        {**NEW_PROGRAMME, "start_date": "2027-02-19", "end_date": "2027-02-15"},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"end_date": ["The last day cannot be before the first day."]}
    assert body["code"] == "invalid"
    assert not Programme.objects.exists()


def test_unknown_partner_country_is_named_in_the_error(staff_api):
    response = staff_api.post(
        "/api/v1/programmes/", {**NEW_PROGRAMME, "partner_countries": ["VN", "XX", "Vietnam"]}
    )
    one = staff_api.post("/api/v1/programmes/", {**NEW_PROGRAMME, "partner_countries": ["EU"]})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "partner_countries": ["“XX”, “Vietnam” are not ISO 3166-1 country codes."]
    }
    assert one.json()["errors"] == {
        "partner_countries": ["“EU” is not an ISO 3166-1 country code."]
    }
    assert not Programme.objects.exists()


def test_unknown_sector_and_missing_title_are_reported_by_field(staff_api):
    data = {**NEW_PROGRAMME, "sectors": ["auto_parts", "spaceships"]}
    del data["title"]

    response = staff_api.post("/api/v1/programmes/", data)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == ["This field is required."]
    assert errors["sectors"][0].startswith("Unknown: spaceships. Choose from: auto_parts,")
    assert not Programme.objects.exists()


def test_unknown_time_zone_is_refused_by_the_service(staff_api):
    response = staff_api.post("/api/v1/programmes/", {**NEW_PROGRAMME, "time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"time_zone": ["Unknown time zone “Mars/Olympus”."]}
    assert not Programme.objects.exists()


def test_counterpart_may_not_create_programmes(client_for, role_users):
    response = client_for(role_users["counterpart"]).post("/api/v1/programmes/", NEW_PROGRAMME)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Programme.objects.count() == 1  # only the fixture's


def test_counterpart_sees_only_programmes_it_was_invited_to(client_for, role_users, programme):
    other = factories.ProgrammeFactory(slug="japan-russia-2027", kind="japan_russia")
    api = client_for(role_users["counterpart"])

    listed = api.get("/api/v1/programmes/").json()
    assert [p["slug"] for p in listed["results"]] == [programme.slug]
    assert listed["results"][0]["allowed_transitions"] == []

    assert api.get(f"/api/v1/programmes/{programme.slug}/").status_code == 200
    hidden = api.get(f"/api/v1/programmes/{other.slug}/")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"


def test_counterpart_gets_403_on_patch_of_a_visible_programme(client_for, role_users, programme):
    response = client_for(role_users["counterpart"]).patch(
        f"/api/v1/programmes/{programme.slug}/", {"title": "Renamed"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Only programme staff may change this programme."
    programme.refresh_from_db()
    assert programme.title != "Renamed"


def test_counterpart_gets_404_on_patch_of_a_programme_it_cannot_see(client_for, role_users):
    other = factories.ProgrammeFactory(slug="eu-japan-2027")

    response = client_for(role_users["other_counterpart"]).patch(
        f"/api/v1/programmes/{other.slug}/", {"title": "Renamed"}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title != "Renamed"


def test_staff_patch_changes_only_the_given_fields(staff_api, programme):
    response = staff_api.patch(
        f"/api/v1/programmes/{programme.slug}/",
        {"title": "Renamed", "partner_countries": ["id", "MYS"]},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["partner_countries"] == ["ID", "MY"]
    programme.refresh_from_db()
    assert programme.title == "Renamed"
    assert [c.code for c in programme.partner_countries] == ["ID", "MY"]
    assert programme.sectors == ["auto_parts", "electronics"]


def test_staff_patch_that_leaves_an_activity_outside_the_programme_is_refused(staff_api, programme):
    factories.ActivityFactory(programme=programme)  # on the first day

    response = staff_api.patch(
        f"/api/v1/programmes/{programme.slug}/", {"start_date": "2027-02-16"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "start_date": [
            "The activity “Business meetings” on 2027-02-15 would fall outside the programme."
        ]
    }
    programme.refresh_from_db()
    assert programme.start_date == date(2027, 2, 15)


def test_programmes_cannot_be_deleted_through_the_api(staff_api, programme):
    response = staff_api.delete(f"/api/v1/programmes/{programme.slug}/")

    assert response.status_code == 405
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_transition_moves_the_status_one_step(staff_api, programme):
    response = staff_api.post(
        f"/api/v1/programmes/{programme.slug}/transition/", {"status": "recruiting"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "recruiting"
    assert response.json()["allowed_transitions"] == ["screening", "draft"]
    programme.refresh_from_db()
    assert programme.status == Programme.Status.RECRUITING


def test_transition_that_skips_steps_is_refused(staff_api, programme):
    response = staff_api.post(
        f"/api/v1/programmes/{programme.slug}/transition/", {"status": "closed"}
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["detail"] == "A programme in status “Draft” cannot move to “Closed”."
    assert body["errors"] == {"status": ["Allowed: Recruiting."]}
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT


def test_transition_to_an_unknown_status_is_a_field_error(staff_api, programme):
    response = staff_api.post(
        f"/api/v1/programmes/{programme.slug}/transition/", {"status": "finished"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ['"finished" is not a valid choice.']}


def test_counterpart_may_not_change_the_status(client_for, role_users, programme):
    response = client_for(role_users["counterpart"]).post(
        f"/api/v1/programmes/{programme.slug}/transition/", {"status": "recruiting"}
    )

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT


def test_list_filters_by_status_and_kind(staff_api, db):
    draft = factories.ProgrammeFactory(slug="draft-one")
    factories.ProgrammeFactory(slug="recruiting-one", status=Programme.Status.RECRUITING)
    russia = factories.ProgrammeFactory(
        slug="russia-one", kind=Programme.Kind.JAPAN_RUSSIA, status=Programme.Status.RECRUITING
    )

    def slugs(query):
        return sorted(
            p["slug"] for p in staff_api.get(f"/api/v1/programmes/{query}").json()["results"]
        )

    assert slugs("?status=draft") == [draft.slug]
    assert slugs("?status=recruiting&kind=japan_russia") == [russia.slug]
    assert slugs("?kind=eu_japan") == []
    bad = staff_api.get("/api/v1/programmes/?status=someday")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"status": ['"someday" is not a valid choice.']}


def test_list_is_paginated(staff_api, db):
    for n in range(51):  # PAGE_SIZE is 50
        first_day = date(2027, 1, 1) + timedelta(days=n)
        factories.ProgrammeFactory(
            slug=f"programme-{n:02d}", start_date=first_day, end_date=first_day + timedelta(days=4)
        )

    first = staff_api.get("/api/v1/programmes/").json()

    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 51
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/programmes/?page=2"
    assert len(first["results"]) == 50
    # latest first day first
    assert first["results"][0]["slug"] == "programme-50"
    second = staff_api.get(first["next"]).json()
    assert [p["slug"] for p in second["results"]] == ["programme-00"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/programmes/"


def test_display_title_follows_the_request_language(client_for, role_users, programme):
    api = client_for(role_users["counterpart"])

    ja = api.get(f"/api/v1/programmes/{programme.slug}/", HTTP_ACCEPT_LANGUAGE="ja").json()
    ru = api.get(f"/api/v1/programmes/{programme.slug}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    en = api.get(f"/api/v1/programmes/{programme.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert ja["display_title"] == "中小企業経営者ネットワーク強化事業"
    assert ru["display_title"] == "Проект укрепления сети руководителей МСП"
    assert en["display_title"] == programme.title


def test_token_user_without_accept_language_gets_their_own_language(api_client, programme):
    from core.services import api_token_create

    user = factories.StaffUserFactory(username="tanaka", language="ja")
    _token, key = api_token_create(user, name="tests", by=user)

    body = api_client.get(
        f"/api/v1/programmes/{programme.slug}/", HTTP_AUTHORIZATION=f"Token {key}"
    ).json()

    assert body["display_title"] == "中小企業経営者ネットワーク強化事業"


def test_participants_lists_invited_organisations_and_people(staff_api, role_users, programme):
    response = staff_api.get(f"/api/v1/programmes/{programme.slug}/participants/")

    assert response.status_code == 200
    body = response.json()
    assert [(o["organisation"]["name"], o["role"]) for o in body["organisations"]] == [
        ("Opora Russia", Role.COUNTERPART)
    ]
    assert body["organisations"][0]["organisation"]["country"] == "RU"
    assert sorted((p["user"]["username"], p["role"]) for p in body["people"]) == [
        ("adviser", "adviser"),
        ("company", "company"),
        ("interpreter", "interpreter"),
        ("reviewer", "reviewer"),
    ]


def test_participants_are_for_staff_only(client_for, role_users, programme):
    response = client_for(role_users["adviser"]).get(
        f"/api/v1/programmes/{programme.slug}/participants/"
    )

    assert response.status_code == 403


@pytest.mark.parametrize("rows", [3, 12])
def test_programme_list_queries_do_not_grow_with_rows(
    staff_api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        factories.ProgrammeFactory(slug=f"p-{n}")

    with django_assert_max_num_queries(2):  # count, page
        response = staff_api.get("/api/v1/programmes/")

    assert response.json()["count"] == rows


def test_programme_list_queries_for_a_counterpart(
    client_for, role_users, programme, django_assert_max_num_queries
):
    for n in range(5):
        factories.ProgrammeOrganisationFactory(
            programme=factories.ProgrammeFactory(slug=f"invited-{n}"),
            organisation=role_users["counterpart"].organisation,
        )
    api = client_for(role_users["counterpart"])

    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/programmes/")

    assert response.json()["count"] == 6


def test_times_are_answered_in_utc_even_when_a_page_left_another_zone_active(staff_api, programme):
    import zoneinfo

    from django.utils import timezone

    timezone.activate(zoneinfo.ZoneInfo("Asia/Tokyo"))  # as a programme page does
    try:
        body = staff_api.get(f"/api/v1/programmes/{programme.slug}/").json()
    finally:
        timezone.deactivate()

    assert body["created_at"].endswith("Z")
    assert body["updated_at"].endswith("Z")
