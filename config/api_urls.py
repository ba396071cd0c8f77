"""Every app's API endpoints under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("programmes.api_urls")),
]
