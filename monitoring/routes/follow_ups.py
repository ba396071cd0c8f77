"""/programmes/<slug>/outcomes/follow-ups/...: staff's follow-up cases (reviewers read)."""

from django.urls import path

from ..views import follow_ups as views

urlpatterns = [
    path(
        "programmes/<slug:slug>/outcomes/follow-ups/",
        views.follow_up_list,
        name="follow_up.list",
    ),
    path(
        "programmes/<slug:slug>/outcomes/follow-ups/<int:pk>/",
        views.follow_up_detail,
        name="follow_up.detail",
    ),
]
