"""Ids no row can have (found by tests/api/test_fuzz_schema.py): refused as invalid (400)
before they reach the database. SQLite raised OverflowError on a number beyond 64 bits (a
500)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

TOO_LARGE = 2**64
MESSAGE = "Ensure this value is less than or equal to 9223372036854775807."
WHEN = {"starts_at": "2027-02-15T04:00:00Z", "ends_at": "2027-02-15T05:00:00Z"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("blocks/", {"overseas": TOO_LARGE, "domestic": 1, "reason": "x"}, "overseas"),
        ("pair-scores/", {"overseas": 1, "domestic": TOO_LARGE}, "domestic"),
        ("attendance/", {"activity": TOO_LARGE, "company": 1, "attending": True}, "activity"),
        ("unavailability/", {"company": TOO_LARGE, **WHEN}, "company"),
        ("schedules/{id}/meetings/", {"overseas": TOO_LARGE, "domestic": 1, "slot": 0}, "overseas"),
        ("schedules/{id}/meetings/", {"overseas": 1, "domestic": 1, "slot": TOO_LARGE}, "slot"),
        ("schedules/{id}/meetings/swap/", {"first": 1, "second": TOO_LARGE}, "second"),
        ("schedules/{id}/absences/", {"company": 1, "session": TOO_LARGE}, "session"),
        ("schedules/{id}/interpreter-absences/", {"interpreter": TOO_LARGE, **WHEN}, "interpreter"),
    ],
)
def test_an_id_beyond_64_bits_is_refused_as_invalid(client, staff, programme, path, body, field):
    schedule = factories.ScheduleFactory(programme=programme)
    client.force_login(staff)
    url = f"/api/v1/programmes/{programme.slug}/{path.format(id=schedule.pk)}"

    response = client.post(url, body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["errors"][field] == [MESSAGE]
