"""Writes of the scheduling app, one module per area: runs, publishing, and the input staff,
companies and advisers give (requests, pair scores, attendance, absences). Import from here:
``from scheduling import services; services.schedule_run_start(...)``."""

from .inputs import (
    attendance_set,
    meeting_request_delete,
    meeting_request_save,
    pair_score_save,
    participant_side,
    requests_check_window,
    unavailability_add,
)
from .publishing import schedule_publish, settings_get_or_create
from .runs import (
    MAX_TIME_LIMIT,
    PHASES,
    schedule_run_create,
    schedule_run_execute,
    schedule_run_start,
    schedule_runs_expire,
)

__all__ = [
    "MAX_TIME_LIMIT",
    "PHASES",
    "attendance_set",
    "meeting_request_delete",
    "meeting_request_save",
    "pair_score_save",
    "participant_side",
    "requests_check_window",
    "unavailability_add",
    "schedule_publish",
    "schedule_run_create",
    "schedule_run_execute",
    "schedule_run_start",
    "schedule_runs_expire",
    "settings_get_or_create",
]
