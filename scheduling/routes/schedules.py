"""/programmes/<slug>/schedules/...: staff's schedule runs, drafts, comparison, publishing, the
grid of a day with its hand edits, and repair (scheduling/views/schedules.py says who may)."""

from django.urls import path
from django.views.decorators.http import require_safe

from ..views import schedules as views

BASE = "programmes/<slug:slug>/schedules/"
ONE = f"{BASE}<int:pk>/"

urlpatterns = [
    path(BASE, require_safe(views.schedule_list), name="schedule.list"),
    path(f"{BASE}run/", views.schedule_run_start, name="schedule.run_start"),
    path(f"{BASE}compare/", require_safe(views.schedule_compare), name="schedule.compare"),
    path(ONE, require_safe(views.schedule_detail), name="schedule.detail"),
    path(f"{ONE}publish/", views.schedule_publish, name="schedule.publish"),
    path(f"{ONE}grid/", require_safe(views.schedule_grid), name="schedule.grid"),
    path(f"{ONE}meetings/add/", views.meeting_add, name="meeting.add"),
    path(f"{ONE}meetings/swap/", views.meeting_swap, name="meeting.swap"),
    path(f"{ONE}meetings/<int:meeting>/move/", views.meeting_move, name="meeting.move"),
    path(f"{ONE}meetings/<int:meeting>/mark/", views.meeting_mark, name="meeting.mark"),
    path(f"{ONE}repair/", require_safe(views.schedule_repair), name="schedule.repair"),
    path(f"{ONE}repair/absence/", views.schedule_absence_add, name="schedule.absence_add"),
    path(
        f"{ONE}repair/interpreter-absence/",
        views.schedule_interpreter_absence_add,
        name="schedule.interpreter_absence_add",
    ),
    path(f"{ONE}repair/preview/", views.schedule_repair_preview, name="schedule.repair_preview"),
    path(f"{ONE}repair/confirm/", views.schedule_repair_confirm, name="schedule.repair_confirm"),
]
