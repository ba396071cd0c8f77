"""API routes of the monitoring app under /api/v1/."""

from .api import dashboards, follow_ups, outcomes, reports

urlpatterns: list = [
    *outcomes.urlpatterns,
    *follow_ups.urlpatterns,
    *reports.urlpatterns,
    *dashboards.urlpatterns,
]
