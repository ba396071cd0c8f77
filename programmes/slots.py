"""Meeting slots derived from a session's settings. Pure: no Django, no database."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Slot:
    index: int
    starts_at: datetime
    ends_at: datetime


def derive_slots(
    starts_at: datetime, *, meeting_minutes: int, break_minutes: int, meetings_per_day: int
) -> list[Slot]:
    """Back-to-back meetings from the session start, each followed by the break."""
    if not (starts_at and meeting_minutes and meetings_per_day):
        return []
    step = timedelta(minutes=meeting_minutes + (break_minutes or 0))
    length = timedelta(minutes=meeting_minutes)
    return [
        Slot(index=i, starts_at=starts_at + i * step, ends_at=starts_at + i * step + length)
        for i in range(meetings_per_day)
    ]


def minutes_needed(*, meeting_minutes: int, break_minutes: int, meetings_per_day: int) -> int:
    """Minutes from the first meeting's start to the last meeting's end."""
    if not meetings_per_day:
        return 0
    return meetings_per_day * meeting_minutes + (meetings_per_day - 1) * (break_minutes or 0)
