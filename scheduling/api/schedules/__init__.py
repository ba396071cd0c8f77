"""API: schedule runs, schedules, their meetings and repair, under /api/v1/programmes/<slug>/,
one module per part (access, serializers, runs, schedule, meetings, day, urls).

    schedule-runs/                         GET the latest runs, POST start one {time_limit}
                                           (202: queued as a job; refused with the reason, 400)
    schedule-runs/<id>/                    GET its status, progress, message, draft
    schedules/                             GET every schedule with its quality
    schedules/compare/?a=ID&b=ID           GET two schedules' quality and the pairs they share
    schedules/<id>/                        GET one with its quality
    schedules/<id>/publish/                POST publish a draft (e-mails every participant)
    schedules/<id>/meetings/               GET its meetings, POST add one {overseas, domestic,
                                           slot, table?}
    schedules/<id>/meetings/swap/          POST {first, second}: exchange their slots
    schedules/<id>/meetings/<id>/          GET, PATCH {slot, table} move / {status} mark
    schedules/<id>/meetings/<id>/cancel/   POST
    schedules/<id>/meetings/<id>/no-show/  POST
    schedules/<id>/absences/               POST {company, session, arrives_at?}: a company
                                           cancelled for a session's day or arriving late
    schedules/<id>/interpreter-absences/   POST {interpreter, starts_at, ends_at, replacement?}:
                                           an interpreter cannot come (their meetings in the
                                           window go to the replacement, or need one)
    schedules/<id>/repair/preview/         POST: the meetings a repair changes (nothing saved)
                                           and the token that confirms exactly those
    schedules/<id>/repair/confirm/         POST {token}

Who: staff everything; the programme's reviewers read (GET) and change nothing (403); the other
participants 403 (a counterpart reads its companies' agendas instead); a programme the user
cannot see, 404. A refused edit answers 400 with the rule in "detail" and every broken rule in
errors.rules; a double booking that only the database caught, code "conflict". Times are UTC.
"""

from .day import AbsenceView, InterpreterAbsenceView, RepairConfirmView, RepairPreviewView
from .meetings import (
    MeetingCancelView,
    MeetingDetailView,
    MeetingListView,
    MeetingNoShowView,
    MeetingSwapView,
)
from .runs import RunDetailView, RunListView
from .schedule import ScheduleCompareView, ScheduleDetailView, ScheduleListView, SchedulePublishView
from .serializers import (
    AbsenceResultSerializer,
    AbsenceSerializer,
    ChangeSerializer,
    CompanyReasonSerializer,
    CompareSerializer,
    CountsSerializer,
    InterpreterAbsenceResultSerializer,
    InterpreterAbsenceSerializer,
    MeetingAddSerializer,
    MeetingChangeSerializer,
    MeetingSerializer,
    PerCompanySerializer,
    PreviewSerializer,
    QualitySerializer,
    RunInputSerializer,
    RunSerializer,
    ScheduleSerializer,
    SpreadSerializer,
    SwapSerializer,
    TokenSerializer,
    UnmetMustSerializer,
)
from .urls import urlpatterns

__all__ = [
    "AbsenceResultSerializer",
    "AbsenceSerializer",
    "AbsenceView",
    "ChangeSerializer",
    "CompanyReasonSerializer",
    "CompareSerializer",
    "CountsSerializer",
    "InterpreterAbsenceResultSerializer",
    "InterpreterAbsenceSerializer",
    "InterpreterAbsenceView",
    "MeetingAddSerializer",
    "MeetingCancelView",
    "MeetingChangeSerializer",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingNoShowView",
    "MeetingSerializer",
    "MeetingSwapView",
    "PerCompanySerializer",
    "PreviewSerializer",
    "QualitySerializer",
    "RepairConfirmView",
    "RepairPreviewView",
    "RunDetailView",
    "RunInputSerializer",
    "RunListView",
    "RunSerializer",
    "ScheduleCompareView",
    "ScheduleDetailView",
    "ScheduleListView",
    "SchedulePublishView",
    "ScheduleSerializer",
    "SpreadSerializer",
    "SwapSerializer",
    "TokenSerializer",
    "UnmetMustSerializer",
    "urlpatterns",
]
