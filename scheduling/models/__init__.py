"""Scheduling: meeting requests and adviser pair scores (the input), who is where when
(attendance, unavailability, overseas tables and interpreters), schedule runs (a Celery job each),
the schedules they produce and their meetings.

How these become the optimiser's instance is explained in docs/scheduling.md.

Times are stored in UTC and shown in the programme's time zone (``programme.local(dt)``).
A schedule's ``slot`` numbers are the optimiser's: slot ``t`` is slot ``t % slots_per_day`` of
meeting day ``t // slots_per_day`` (``Schedule.slot_map`` says which session and time each is).

One module per part: scheduling_settings, inputs (requests, pair scores), availability
(attendance, unavailability, tables, interpreters), schedules (runs, schedules, meetings),
reminders.
"""

from .availability import Attendance, OverseasTable, PoolInterpreter, Unavailability
from .inputs import MeetingRequest, PairScore, Preference
from .reminders import RequestReminder
from .schedules import ACTIVE_MEETING, Meeting, Schedule, ScheduleRun
from .scheduling_settings import SchedulingSettings, User

__all__ = [
    "ACTIVE_MEETING",
    "Attendance",
    "Meeting",
    "MeetingRequest",
    "OverseasTable",
    "PairScore",
    "PoolInterpreter",
    "Preference",
    "RequestReminder",
    "Schedule",
    "ScheduleRun",
    "SchedulingSettings",
    "Unavailability",
    "User",
]
