"""A schedule's slots, and whether a company or an interpreter is free in one."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from companies.models import Company
from core.models import User
from programmes.models import Activity

from ... import selectors
from ...models import (
    Attendance,
    Meeting,
    Schedule,
    Unavailability,
)

ACTIVE = (Meeting.Status.PLANNED, Meeting.Status.HELD)
MARKS = (
    Meeting.Status.PLANNED,
    Meeting.Status.HELD,
    Meeting.Status.NO_SHOW,
    Meeting.Status.CANCELLED,
)


@dataclass(frozen=True)
class Slot:
    slot: int
    activity_id: int
    index: int
    starts_at: datetime
    ends_at: datetime


def schedule_slots(schedule: Schedule) -> dict[int, Slot]:
    """The schedule's slots by optimiser number: from the run's slot map, or (a schedule made
    by hand) derived from the programme's sessions as a run would number them."""
    rows = (schedule.slot_map or {}).get("slots")
    if rows:
        return {
            s["slot"]: Slot(
                s["slot"],
                s["activity"],
                s["index"],
                datetime.fromisoformat(s["starts_at"]),
                datetime.fromisoformat(s["ends_at"]),
            )
            for s in rows
        }
    sessions = selectors.meeting_sessions(schedule.programme)
    per_day = max((len(s.slots()) for s in sessions), default=1)
    return {
        day * per_day + slot.index: Slot(
            day * per_day + slot.index, session.pk, slot.index, slot.starts_at, slot.ends_at
        )
        for day, session in enumerate(sessions)
        for slot in session.slots()
    }


def _overlaps(start, end, slot: Slot) -> bool:
    return start < slot.ends_at and end > slot.starts_at


def _time(slot: Slot, programme) -> str:
    return programme.local(slot.starts_at).strftime("%Y-%m-%d %H:%M")


def company_free_problem(programme, company: Company, slot: Slot) -> str | None:
    """Why ``company`` cannot meet in ``slot`` (its absences, the other activities it attends,
    the cities it attends), or None."""
    when = _time(slot, programme)
    for away in Unavailability.objects.filter(programme=programme, company=company):
        if _overlaps(away.starts_at, away.ends_at, slot):
            return _("%(company)s is not available at %(time)s (%(reason)s).") % {
                "company": company.legal_name,
                "time": when,
                "reason": away.reason or _("unavailable"),
            }
    attended = list(
        Attendance.objects.filter(activity__programme=programme, company=company).select_related(
            "activity__venue"
        )
    )
    for attendance in attended:
        activity = attendance.activity
        if activity.kind != Activity.Kind.BUSINESS_MEETINGS and _overlaps(
            activity.starts_at, activity.ends_at, slot
        ):
            return _("%(company)s attends “%(activity)s” at %(time)s.") % {
                "company": company.legal_name,
                "activity": activity.display_title,
                "time": when,
            }
    cities = {a.activity.venue.city for a in attended}
    if cities:
        session = Activity.objects.select_related("venue").get(pk=slot.activity_id)
        if session.venue.city not in cities:
            return _("%(company)s does not attend the sessions in %(city)s.") % {
                "company": company.legal_name,
                "city": session.venue.city,
            }
    return None


def interpreter_free_problem(programme, interpreter_id: int | None, slot: Slot) -> str | None:
    if interpreter_id is None:
        return None
    for away in Unavailability.objects.filter(programme=programme, interpreter_id=interpreter_id):
        if _overlaps(away.starts_at, away.ends_at, slot):
            user = User.objects.get(pk=interpreter_id)
            return _("The interpreter %(name)s is not available at %(time)s.") % {
                "name": user.get_full_name() or user.username,
                "time": _time(slot, programme),
            }
    return None
