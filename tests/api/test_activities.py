from datetime import UTC, date, datetime

import pytest

from programmes.models import Activity, Table
from tests import factories
from tests.factories import local


@pytest.fixture
def session(programme, venue):
    """A business-meeting session on 15 Feb 2027, 13:00–18:00 Tokyo, 10 × 30 min, 3 tables."""
    activity = factories.ActivityFactory(programme=programme, venue=venue)
    for number in (1, 2, 3):
        factories.TableFactory(activity=activity, number=number)
    return activity


def meeting_session(programme, venue, **changes):
    return {
        "programme": programme.slug,
        "kind": "business_meetings",
        "title": "Business meetings, day 2",
        "title_ja": "商談会 2日目",
        "venue": venue.pk,
        "starts_at": "2027-02-16T13:00:00",
        "ends_at": "2027-02-16T18:00:00",
        "meeting_minutes": 30,
        "break_minutes": 0,
        "meetings_per_day": 10,
        "tables": 12,
        **changes,
    }


def test_staff_creates_meeting_session_with_local_times_and_reads_it_back(
    staff_api, programme, venue
):
    response = staff_api.post("/api/v1/activities/", meeting_session(programme, venue))

    assert response.status_code == 201, response.json()
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    # Naive times are read in the programme's zone (Asia/Tokyo, UTC+9) and answered in UTC.
    assert activity.starts_at == datetime(2027, 2, 16, 4, 0, tzinfo=UTC)
    assert activity.tables.count() == 12
    assert body["starts_at"] == "2027-02-16T04:00:00Z"
    assert body["ends_at"] == "2027-02-16T09:00:00Z"
    assert body["starts_local"] == "2027-02-16T13:00:00+09:00"
    assert body["ends_local"] == "2027-02-16T18:00:00+09:00"
    assert body["programme"] == programme.slug
    assert body["venue"] == {
        "id": venue.pk,
        "name": "Osaka International Convention Center",
        "city": "Osaka",
        "country": "JP",
    }
    assert body["tables"] == 12
    assert body["slot_count"] == 10
    assert staff_api.get(f"/api/v1/activities/{activity.pk}/").json() == body


def test_times_with_an_offset_are_taken_as_given(staff_api, programme, venue):
    data = meeting_session(
        programme, venue, starts_at="2027-02-16T04:00:00Z", ends_at="2027-02-16T18:00:00+09:00"
    )

    body = staff_api.post("/api/v1/activities/", data).json()

    assert body["starts_local"] == "2027-02-16T13:00:00+09:00"
    assert body["ends_at"] == "2027-02-16T09:00:00Z"


def test_visit_gets_no_tables_or_meeting_settings(staff_api, programme, venue):
    data = {
        "programme": programme.slug,
        "kind": "company_visit",
        "title": "Visit to a die maker",
        "venue": venue.pk,
        "starts_at": "2027-02-17T09:00:00",
        "ends_at": "2027-02-17T12:00:00",
    }

    body = staff_api.post("/api/v1/activities/", data).json()

    assert body["tables"] == 0
    assert body["slot_count"] == 0
    assert body["meeting_minutes"] is None
    slots = staff_api.get(f"/api/v1/activities/{body['id']}/slots/").json()
    assert slots["tables"] == [] and slots["slots"] == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"starts_at": "2027-02-16T15:00:00", "ends_at": "2027-02-16T14:00:00"},
            "ends_at",
            "The activity must end after it starts.",
            id="ends-before-it-starts",
        ),
        pytest.param(
            {"starts_at": "2027-02-20T13:00:00", "ends_at": "2027-02-20T18:00:00"},
            "ends_at",
            "The activity must take place within the programme, 2027-02-15 to 2027-02-19.",
            id="after-the-last-day",
        ),
        pytest.param(
            {"starts_at": "2027-02-14T13:00:00", "ends_at": "2027-02-14T18:00:00"},
            "starts_at",
            "The activity must take place within the programme, 2027-02-15 to 2027-02-19.",
            id="before-the-first-day",
        ),
        pytest.param(
            # Still the 19th in UTC, but 00:30 on the 20th in Tokyo, the programme's zone.
            {"starts_at": "2027-02-19T15:30:00Z", "ends_at": "2027-02-19T20:30:00Z"},
            "ends_at",
            "The activity must take place within the programme, 2027-02-15 to 2027-02-19.",
            id="after-the-last-day-in-the-programme-zone",
        ),
        pytest.param(
            {"starts_at": "2027-02-15T15:00:00", "ends_at": "2027-02-15T17:00:00"},
            "starts_at",
            "This overlaps “Business meetings” (2027-02-15 13:00–18:00) at the same venue.",
            id="overlaps-a-session-at-the-same-venue",
        ),
        pytest.param(
            {"starts_at": "2027-02-16T13:00:00", "ends_at": "2027-02-16T15:00:00"},
            "meetings_per_day",
            "10 meetings of 30 minutes with 0-minute breaks need 5 h 00 min, "
            "but the session lasts 2 h 00 min.",
            id="slots-do-not-fit",
        ),
        pytest.param(
            {"tables": 0},
            "tables",
            "A session needs between 1 and 200 tables.",
            id="no-tables",
        ),
    ],
)
def test_invalid_activity_is_refused_on_the_right_field_and_not_saved(
    staff_api, session, venue, changes, field, message
):
    before = set(Activity.objects.values_list("pk", flat=True))
    tables_before = Table.objects.count()

    response = staff_api.post(
        "/api/v1/activities/", meeting_session(session.programme, venue, **changes)
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {field: [message]}
    assert body["code"] == "invalid"
    assert set(Activity.objects.values_list("pk", flat=True)) == before
    assert Table.objects.count() == tables_before


def test_unknown_venue_and_programme_are_field_errors(staff_api, programme):
    data = meeting_session(programme, factories.VenueFactory.build(pk=999_999))
    data["programme"] = "no-such-programme"

    response = staff_api.post("/api/v1/activities/", data)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["programme"] == ["Object with slug=no-such-programme does not exist."]
    assert errors["venue"] == ['Invalid pk "999999" - object does not exist.']
    assert not Activity.objects.exists()


def test_overlap_at_another_venue_is_allowed(staff_api, session):
    other_venue = factories.VenueFactory(name="Tokyo Big Sight", city="Tokyo")
    data = meeting_session(
        session.programme,
        other_venue,
        starts_at="2027-02-15T13:00:00",
        ends_at="2027-02-15T18:00:00",
    )

    response = staff_api.post("/api/v1/activities/", data)

    assert response.status_code == 201
    assert Activity.objects.count() == 2


def test_slots_are_answered_in_utc_and_in_the_programme_zone(client_for, role_users, session):
    response = client_for(role_users["interpreter"]).get(f"/api/v1/activities/{session.pk}/slots/")

    assert response.status_code == 200
    body = response.json()
    assert body["activity"] == session.pk
    assert body["time_zone"] == "Asia/Tokyo"
    assert [(t["number"], t["label"]) for t in body["tables"]] == [(1, ""), (2, ""), (3, "")]
    assert len(body["slots"]) == 10
    assert body["slots"][0] == {
        "index": 0,
        "starts_at": "2027-02-15T04:00:00Z",
        "ends_at": "2027-02-15T04:30:00Z",
        "starts_local": "2027-02-15T13:00:00+09:00",
        "ends_local": "2027-02-15T13:30:00+09:00",
    }
    assert body["slots"][9] == {
        "index": 9,
        "starts_at": "2027-02-15T08:30:00Z",
        "ends_at": "2027-02-15T09:00:00Z",
        "starts_local": "2027-02-15T17:30:00+09:00",
        "ends_local": "2027-02-15T18:00:00+09:00",
    }


def test_slots_follow_the_break_between_meetings(staff_api, programme, venue):
    day = date(2027, 2, 18)
    activity = factories.ActivityFactory(
        programme=programme, venue=venue, meeting_minutes=40, break_minutes=10, meetings_per_day=4,
        starts_at=local(programme, day, 9), ends_at=local(programme, day, 12),
    )  # fmt: skip

    slots = staff_api.get(f"/api/v1/activities/{activity.pk}/slots/").json()["slots"]

    assert [s["starts_local"][11:16] for s in slots] == ["09:00", "09:50", "10:40", "11:30"]
    assert slots[-1]["ends_local"] == "2027-02-18T12:10:00+09:00"


def test_staff_patch_moves_a_session_and_keeps_its_tables(staff_api, session):
    response = staff_api.patch(
        f"/api/v1/activities/{session.pk}/",
        {"starts_at": "2027-02-17T14:00:00", "ends_at": "2027-02-17T19:00:00"},
    )

    assert response.status_code == 200, response.json()
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 2, 17, 5, 0, tzinfo=UTC)
    assert session.tables.count() == 3
    assert response.json()["tables"] == 3


def test_invalid_patch_changes_nothing(staff_api, session):
    response = staff_api.patch(f"/api/v1/activities/{session.pk}/", {"meetings_per_day": 11})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["meetings_per_day"]
    session.refresh_from_db()
    assert session.meetings_per_day == 10


def test_patch_cannot_move_an_activity_to_another_programme(staff_api, session):
    other = factories.ProgrammeFactory(slug="other-programme")

    moved = staff_api.patch(f"/api/v1/activities/{session.pk}/", {"programme": other.slug})
    same = staff_api.patch(
        f"/api/v1/activities/{session.pk}/", {"programme": session.programme.slug, "title": "B2B"}
    )

    assert moved.status_code == 400
    assert moved.json()["errors"] == {
        "programme": ["An activity cannot move to another programme."]
    }
    assert same.status_code == 200
    session.refresh_from_db()
    assert session.programme_id != other.pk
    assert session.title == "B2B"


def test_staff_deletes_an_activity(staff_api, session):
    response = staff_api.delete(f"/api/v1/activities/{session.pk}/")

    assert response.status_code == 204
    assert not Activity.objects.filter(pk=session.pk).exists()
    assert not Table.objects.filter(activity_id=session.pk).exists()


def test_counterpart_may_read_but_not_change_an_activity(client_for, role_users, session):
    api = client_for(role_users["counterpart"])

    assert api.get(f"/api/v1/activities/{session.pk}/").status_code == 200
    assert api.patch(f"/api/v1/activities/{session.pk}/", {"title": "x"}).status_code == 403
    assert api.delete(f"/api/v1/activities/{session.pk}/").status_code == 403
    create = api.post("/api/v1/activities/", meeting_session(session.programme, session.venue))
    assert create.status_code == 403
    assert Activity.objects.count() == 1
    session.refresh_from_db()
    assert session.title == "Business meetings"


def test_activities_of_programmes_one_cannot_see_are_404(client_for, role_users, session):
    hidden = factories.ActivityFactory(programme=factories.ProgrammeFactory(slug="hidden"))
    api = client_for(role_users["counterpart"])

    listed = api.get("/api/v1/activities/").json()
    assert [a["id"] for a in listed["results"]] == [session.pk]
    for response in (
        api.get(f"/api/v1/activities/{hidden.pk}/"),
        api.get(f"/api/v1/activities/{hidden.pk}/slots/"),
        api.patch(f"/api/v1/activities/{hidden.pk}/", {"title": "x"}),
        api.delete(f"/api/v1/activities/{hidden.pk}/"),
    ):
        assert response.status_code == 404
    assert Activity.objects.filter(pk=hidden.pk, title="Business meetings").exists()


def test_list_filters_by_programme(staff_api, session):
    other = factories.ActivityFactory(programme=factories.ProgrammeFactory(slug="other"))

    def ids(query):
        return [a["id"] for a in staff_api.get(f"/api/v1/activities/{query}").json()["results"]]

    assert ids(f"?programme={session.programme.slug}") == [session.pk]
    assert ids("?programme=other") == [other.pk]
    assert ids("?programme=nothing-here") == []
    assert sorted(ids("")) == sorted([session.pk, other.pk])


@pytest.mark.parametrize("rows", [2, 8])
def test_activity_list_queries_do_not_grow_with_rows(
    staff_api, programme, django_assert_max_num_queries, rows
):
    for n in range(rows):
        venue = factories.VenueFactory(name=f"Hall {n}")
        activity = factories.ActivityFactory(programme=programme, venue=venue)
        factories.TableFactory.create_batch(3, activity=activity)

    with django_assert_max_num_queries(3):  # count, page with programme and venue, tables
        response = staff_api.get("/api/v1/activities/")

    results = response.json()["results"]
    assert len(results) == rows
    assert all(a["tables"] == 3 and a["slot_count"] == 10 for a in results)
