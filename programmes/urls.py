from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "programmes"

urlpatterns = [
    path("", require_safe(views.programme_list), name="programme.list"),
    path("new/", views.programme_create, name="programme.create"),
    path("<slug:slug>/", require_safe(views.programme_detail), name="programme.detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="programme.edit"),
    path("<slug:slug>/status/", views.programme_transition, name="programme.transition"),
    path(
        "<slug:slug>/status/confirm/",
        require_safe(views.programme_transition_confirm),
        name="programme.transition.confirm",
    ),
    path("<slug:slug>/export/", views.programme_export, name="programme.export"),
    path("<slug:slug>/participants/", views.participants, name="programme.participants"),
    path(
        "<slug:slug>/participants/<str:kind>/<int:pk>/remove/",
        views.participant_remove,
        name="programme.participant.remove",
    ),
    path("<slug:slug>/activities/new/", views.activity_edit, name="activity.create"),
    path(
        "<slug:slug>/activities/<int:pk>/",
        require_safe(views.activity_detail),
        name="activity.detail",
    ),
    path("<slug:slug>/activities/<int:pk>/edit/", views.activity_edit, name="activity.edit"),
    path("<slug:slug>/activities/<int:pk>/delete/", views.activity_delete, name="activity.delete"),
]
