"""API endpoints of core, under /api/v1/ (namespace "api", see config/api_urls.py)."""

from django.urls import path

from . import api_views

organisations = api_views.OrganisationViewSet
jobs = api_views.JobViewSet
tokens = api_views.ApiTokenViewSet

urlpatterns = [
    path("auth/token/", api_views.TokenView.as_view(), name="auth.token"),
    path("me/", api_views.MeView.as_view(), name="me"),
    path("tokens/", tokens.as_view({"get": "list", "post": "create"}), name="token.list"),
    path("tokens/<int:pk>/", tokens.as_view({"delete": "destroy"}), name="token.detail"),
    path(
        "organisations/",
        organisations.as_view({"get": "list", "post": "create"}),
        name="organisation.list",
    ),
    path(
        "organisations/<slug:slug>/",
        organisations.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="organisation.detail",
    ),
    path("audit/", api_views.AuditEventListView.as_view(), name="audit.list"),
    path("jobs/", jobs.as_view({"get": "list"}), name="job.list"),
    path("jobs/<int:pk>/", jobs.as_view({"get": "retrieve"}), name="job.detail"),
    path("jobs/<int:pk>/download/", api_views.JobDownloadView.as_view(), name="job.download"),
]
