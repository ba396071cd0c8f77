"""API routes of the monitoring app under /api/v1/."""

from .api import outcomes, reports

urlpatterns: list = [*outcomes.urlpatterns, *reports.urlpatterns]
