"""The schedule API's URLs under /api/v1/programmes/<slug>/."""

from django.urls import path

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

P = "programmes/<slug:slug>"
S = f"{P}/schedules/<int:pk>"
urlpatterns = [
    path(f"{P}/schedule-runs/", RunListView.as_view(), name="schedule_run.list"),
    path(f"{P}/schedule-runs/<int:pk>/", RunDetailView.as_view(), name="schedule_run.detail"),
    path(f"{P}/schedules/", ScheduleListView.as_view(), name="schedule.list"),
    path(f"{P}/schedules/compare/", ScheduleCompareView.as_view(), name="schedule.compare"),
    path(f"{S}/", ScheduleDetailView.as_view(), name="schedule.detail"),
    path(f"{S}/publish/", SchedulePublishView.as_view(), name="schedule.publish"),
    path(f"{S}/meetings/", MeetingListView.as_view(), name="meeting.list"),
    path(f"{S}/meetings/swap/", MeetingSwapView.as_view(), name="meeting.swap"),
    path(f"{S}/meetings/<int:meeting>/", MeetingDetailView.as_view(), name="meeting.detail"),
    path(f"{S}/meetings/<int:meeting>/cancel/", MeetingCancelView.as_view(), name="meeting.cancel"),
    path(
        f"{S}/meetings/<int:meeting>/no-show/", MeetingNoShowView.as_view(), name="meeting.no_show"
    ),
    path(f"{S}/absences/", AbsenceView.as_view(), name="schedule.absence"),
    path(
        f"{S}/interpreter-absences/",
        InterpreterAbsenceView.as_view(),
        name="schedule.interpreter_absence",
    ),
    path(f"{S}/repair/preview/", RepairPreviewView.as_view(), name="repair.preview"),
    path(f"{S}/repair/confirm/", RepairConfirmView.as_view(), name="repair.confirm"),
]
