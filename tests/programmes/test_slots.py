"""Meeting slots derived from a session's settings (programmes/slots.py: pure, no database)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from programmes.slots import Slot, derive_slots, minutes_needed

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2027, 2, 15, 13, 0, tzinfo=TOKYO)


def hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def test_derive_slots_are_back_to_back_without_breaks():
    slots = derive_slots(START, meeting_minutes=30, break_minutes=0, meetings_per_day=10)

    assert [(s.index, hm(s.starts_at), hm(s.ends_at)) for s in slots] == [
        (0, "13:00", "13:30"),
        (1, "13:30", "14:00"),
        (2, "14:00", "14:30"),
        (3, "14:30", "15:00"),
        (4, "15:00", "15:30"),
        (5, "15:30", "16:00"),
        (6, "16:00", "16:30"),
        (7, "16:30", "17:00"),
        (8, "17:00", "17:30"),
        (9, "17:30", "18:00"),
    ]


def test_derive_slots_leave_the_break_between_meetings():
    slots = derive_slots(START, meeting_minutes=25, break_minutes=5, meetings_per_day=4)

    assert [(hm(s.starts_at), hm(s.ends_at)) for s in slots] == [
        ("13:00", "13:25"),
        ("13:30", "13:55"),
        ("14:00", "14:25"),
        ("14:30", "14:55"),
    ]


def test_derive_slots_treat_a_missing_break_as_no_break():
    slots = derive_slots(START, meeting_minutes=20, break_minutes=None, meetings_per_day=3)

    assert [hm(s.starts_at) for s in slots] == ["13:00", "13:20", "13:40"]


def test_derive_slots_keep_the_start_time_zone():
    slots = derive_slots(START, meeting_minutes=30, break_minutes=0, meetings_per_day=2)

    assert slots[0] == Slot(index=0, starts_at=START, ends_at=START + timedelta(minutes=30))
    assert slots[1].starts_at.astimezone(UTC) == datetime(2027, 2, 15, 4, 30, tzinfo=UTC)


def test_derive_slots_cross_midnight_when_the_session_runs_late():
    late = datetime(2027, 2, 15, 23, 30, tzinfo=TOKYO)

    slots = derive_slots(late, meeting_minutes=40, break_minutes=10, meetings_per_day=2)

    assert slots[1].starts_at == datetime(2027, 2, 16, 0, 20, tzinfo=TOKYO)
    assert slots[1].ends_at == datetime(2027, 2, 16, 1, 0, tzinfo=TOKYO)


def test_derive_slots_last_meeting_ends_exactly_minutes_needed_after_the_start():
    settings = {"meeting_minutes": 30, "break_minutes": 5, "meetings_per_day": 8}

    slots = derive_slots(START, **settings)

    assert slots[-1].ends_at - START == timedelta(minutes=minutes_needed(**settings))


@pytest.mark.parametrize(
    ("starts_at", "meeting_minutes", "meetings_per_day"),
    [(None, 30, 10), (START, 0, 10), (START, None, 10), (START, 30, 0), (START, 30, None)],
)
def test_derive_slots_are_empty_when_a_setting_is_missing(
    starts_at, meeting_minutes, meetings_per_day
):
    slots = derive_slots(
        starts_at,
        meeting_minutes=meeting_minutes,
        break_minutes=0,
        meetings_per_day=meetings_per_day,
    )

    assert slots == []


@pytest.mark.parametrize(
    ("meeting_minutes", "break_minutes", "meetings_per_day", "expected"),
    [
        (30, 0, 10, 300),  # the case study's day: 10 × 30 min = 5 h
        (30, 5, 10, 345),  # 10 meetings, 9 breaks between them
        (25, 5, 9, 265),
        (20, None, 8, 160),
        (40, 15, 1, 40),  # one meeting needs no break
        (30, 5, 0, 0),
        (30, 5, None, 0),
    ],
)
def test_minutes_needed_counts_breaks_only_between_meetings(
    meeting_minutes, break_minutes, meetings_per_day, expected
):
    assert (
        minutes_needed(
            meeting_minutes=meeting_minutes,
            break_minutes=break_minutes,
            meetings_per_day=meetings_per_day,
        )
        == expected
    )
