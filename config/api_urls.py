"""Every app's API endpoints under /api/v1/, in one namespace: reverse("api:programme.list")."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("core.api_urls")),
    path("", include("programmes.api_urls")),
    path("", include("companies.api_urls")),
    path("", include("matching.api_urls")),
    path("", include("scheduling.api_urls")),
    path("", include("monitoring.api_urls")),
]
