"""Pages of the scheduling input: a company's catalogue of the other side (its meeting
requests), advisers' pair scores and blocks, staff's pair table, attendance and absences, the
scheduling settings and the reminder to the companies that have not answered. Each view parses,
calls services or selectors, and responds; who may do what is scheduling/rules.py.

Anyone who cannot see the programme gets 404; someone who can but may not do this, 403.
Times are entered and shown in the programme's time zone.

One module per part: access, catalogue (requests and the reminder), pairs (scores, blocks,
the pair table), availability (attendance, absences, settings)."""

from .availability import (
    attendance_save,
    availability,
    settings_edit,
    unavailability_create,
    unavailability_delete_view,
)
from .catalogue import request_catalogue, requests_remind_view
from .pairs import pair_list, pair_score_edit

__all__ = [
    "attendance_save",
    "availability",
    "pair_list",
    "pair_score_edit",
    "request_catalogue",
    "requests_remind_view",
    "settings_edit",
    "unavailability_create",
    "unavailability_delete_view",
]
