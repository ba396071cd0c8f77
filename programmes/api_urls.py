"""API endpoints of programmes, under /api/v1/ (namespace "api", see config/api_urls.py).

Programmes are not deleted through the API: a programme ends by moving to "closed".
"""

from django.urls import path

from . import api

programmes = api.ProgrammeViewSet
activities = api.ActivityViewSet
venues = api.VenueViewSet

urlpatterns = [
    path(
        "programmes/", programmes.as_view({"get": "list", "post": "create"}), name="programme.list"
    ),
    path(
        "programmes/<slug:slug>/",
        programmes.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="programme.detail",
    ),
    path(
        "programmes/<slug:slug>/transition/",
        programmes.as_view({"post": "transition"}),
        name="programme.transition",
    ),
    path(
        "programmes/<slug:slug>/participants/",
        programmes.as_view({"get": "participants"}),
        name="programme.participants",
    ),
    path(
        "programmes/<slug:slug>/export/",
        programmes.as_view({"post": "export"}),
        name="programme.export",
    ),
    path(
        "activities/", activities.as_view({"get": "list", "post": "create"}), name="activity.list"
    ),
    path(
        "activities/<int:pk>/",
        activities.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="activity.detail",
    ),
    path("activities/<int:pk>/slots/", activities.as_view({"get": "slots"}), name="activity.slots"),
    path("venues/", venues.as_view({"get": "list", "post": "create"}), name="venue.list"),
]
