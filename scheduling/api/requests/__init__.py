"""API: the scheduling input of a programme, under /api/v1/programmes/<slug>/.

    requests/                 GET own requests (staff, reviewers: all; ?company=), POST one
    requests/<id>/            GET, PUT, PATCH (preference, note), DELETE
    pair-scores/              GET (staff, advisers, reviewers), POST (staff, advisers): upsert
    pair-scores/<id>/         GET, PUT, PATCH
    blocks/                   GET the blocked pairs, POST block a pair
    pairs/                    GET the pair table: both sides' requests, the adviser's
                              adjustment, the combined score and its terms (?company=)
    attendance/               GET (staff, reviewers), POST {activity, company, attending} (staff)
    unavailability/           GET (staff, reviewers), POST an absence (staff)
    unavailability/<id>/      GET, DELETE (staff)
    scheduling-settings/      GET (staff, reviewers), PUT, PATCH (staff)

Who may do what is scheduling/rules.py, as on the pages: a company answers for its own company
only (another company's request: 404); a counterpart sees nothing of the requests (403); a
reviewer reads and changes nothing (403). A programme the user cannot see: 404. A target that
is not a participant of the other side: 404. Requests outside the request window: 403 with
code "requests_closed" and the window in the programme's time zone. Other refusals: 400
{"detail", "code", "errors"}.

One module per part: access (what the endpoints share), meeting_requests, pairs (scores,
blocks, the pair table), availability (attendance, absences, settings), urls."""

from .availability import (
    AttendanceListView,
    SchedulingSettingsView,
    UnavailabilityDetailView,
    UnavailabilityListView,
)
from .meeting_requests import RequestDetailView, RequestListView
from .pairs import BlockListView, PairListView, PairScoreDetailView, PairScoreListView
from .urls import urlpatterns

__all__ = [
    "AttendanceListView",
    "BlockListView",
    "PairListView",
    "PairScoreDetailView",
    "PairScoreListView",
    "RequestDetailView",
    "RequestListView",
    "SchedulingSettingsView",
    "UnavailabilityDetailView",
    "UnavailabilityListView",
    "urlpatterns",
]
