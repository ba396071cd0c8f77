"""Staff's schedule pages: runs (a background job each, with its progress), the drafts and the
published schedule with their quality, two drafts side by side, publishing, the grid of a day
(move, swap, add, cancel, the day-of marks) and repair after cancellations.

Who: agency staff do everything; the programme's ministry reviewers read every page and change
nothing (403 on every form); the other participants of the programme get 403 (a counterpart
reads its companies' schedules through their agendas, scheduling/agendas.py); anyone who
cannot see the programme, 404. Times are the programme's.

One module per part: common (who may, the quality shown), pages (the schedule page, runs,
comparing, publishing), grid (the grid and its edits), day (absences and repair).
"""

from .common import can_manage_schedules, can_read_schedules, quality_view
from .day import (
    schedule_absence_add,
    schedule_interpreter_absence_add,
    schedule_repair,
    schedule_repair_confirm,
    schedule_repair_preview,
)
from .grid import meeting_add, meeting_mark, meeting_move, meeting_swap, schedule_grid
from .pages import (
    schedule_compare,
    schedule_detail,
    schedule_list,
    schedule_publish,
    schedule_run_start,
)

__all__ = [
    "can_manage_schedules",
    "can_read_schedules",
    "meeting_add",
    "meeting_mark",
    "meeting_move",
    "meeting_swap",
    "quality_view",
    "schedule_absence_add",
    "schedule_compare",
    "schedule_detail",
    "schedule_grid",
    "schedule_interpreter_absence_add",
    "schedule_list",
    "schedule_publish",
    "schedule_repair",
    "schedule_repair_confirm",
    "schedule_repair_preview",
    "schedule_run_start",
]
