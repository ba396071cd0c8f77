"""The scheduling-input API's URLs under /api/v1/programmes/<slug>/."""

from django.urls import path

from .availability import (
    AttendanceListView,
    SchedulingSettingsView,
    UnavailabilityDetailView,
    UnavailabilityListView,
)
from .meeting_requests import RequestDetailView, RequestListView
from .pairs import BlockListView, PairListView, PairScoreDetailView, PairScoreListView

P = "programmes/<slug:slug>"

urlpatterns = [
    path(f"{P}/requests/", RequestListView.as_view(), name="request.list"),
    path(f"{P}/requests/<int:pk>/", RequestDetailView.as_view(), name="request.detail"),
    path(f"{P}/pair-scores/", PairScoreListView.as_view(), name="pair_score.list"),
    path(f"{P}/pair-scores/<int:pk>/", PairScoreDetailView.as_view(), name="pair_score.detail"),
    path(f"{P}/blocks/", BlockListView.as_view(), name="block.list"),
    path(f"{P}/pairs/", PairListView.as_view(), name="pair.list"),
    path(f"{P}/attendance/", AttendanceListView.as_view(), name="attendance.list"),
    path(f"{P}/unavailability/", UnavailabilityListView.as_view(), name="unavailability.list"),
    path(
        f"{P}/unavailability/<int:pk>/",
        UnavailabilityDetailView.as_view(),
        name="unavailability.detail",
    ),
    path(f"{P}/scheduling-settings/", SchedulingSettingsView.as_view(), name="scheduling_settings"),
]
