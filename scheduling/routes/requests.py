"""/programmes/<slug>/...: the scheduling input. A company's catalogue of the other side and its
meeting requests, the reminder, advisers' pair scores and blocks, staff's pair table, attendance
and absences, and the scheduling settings (scheduling/views/requests.py)."""

from django.urls import path
from django.views.decorators.http import require_safe

from ..views import requests as views

P = "programmes/<slug:slug>"

urlpatterns = [
    path(f"{P}/requests/", views.request_catalogue, name="request.catalogue"),
    path(f"{P}/requests/remind/", views.requests_remind_view, name="request.remind"),
    path(f"{P}/pairs/", require_safe(views.pair_list), name="pair.list"),
    path(f"{P}/pairs/score/", views.pair_score_edit, name="pair_score.edit"),
    path(f"{P}/availability/", require_safe(views.availability), name="availability"),
    path(f"{P}/availability/attendance/", views.attendance_save, name="attendance.save"),
    path(f"{P}/availability/absences/", views.unavailability_create, name="unavailability.create"),
    path(
        f"{P}/availability/absences/<int:pk>/delete/",
        views.unavailability_delete_view,
        name="unavailability.delete",
    ),
    path(f"{P}/scheduling-settings/", views.settings_edit, name="settings.edit"),
]
