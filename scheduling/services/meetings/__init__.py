"""Hand edits of a schedule's meetings (the grid): move, swap, add, cancel, and the day-of marks
(held, no-show, cancelled, planned again).

Every edit checks every rule first and refuses with the rule (a ``MeetingRefused`` naming it),
nothing saved: the slot must be one of the schedule's, the table one of that slot's session;
no company, table or interpreter in two active meetings of a slot; an overseas company within
its daily cap (``overseas_max_per_day``, per session); a pair meets once; a blocked
pair never meets; a company meets only when it is free (its unavailability, the other
activities it attends, the cities it attends) and so does the meeting's interpreter. The
database's constraints back the checks: a concurrent edit that slips past them ends in an
IntegrityError, turned into the same clear ``MeetingConflict``.

Edits on the published schedule tell only the participants whose agenda changed (one Celery
task per recipient, queued on commit).

One module per job: slots (the schedule's slots, who is free), checks (the rules every edit
passes and the guarded write), edits (the edits themselves), notify (telling the participants).
"""

from .checks import Plan, _place, _write  # noqa: F401  (the guarded write, tested on its own)
from .edits import meeting_add, meeting_cancel, meeting_mark, meeting_move, meeting_swap
from .notify import affected, agenda_changed_notify, notify_changed
from .slots import Slot, company_free_problem, interpreter_free_problem, schedule_slots

__all__ = [
    "Plan",
    "Slot",
    "affected",
    "agenda_changed_notify",
    "company_free_problem",
    "interpreter_free_problem",
    "meeting_add",
    "meeting_cancel",
    "meeting_mark",
    "meeting_move",
    "meeting_swap",
    "notify_changed",
    "schedule_slots",
]
