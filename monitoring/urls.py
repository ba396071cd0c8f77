"""HTML routes of the monitoring app, in the "monitoring" namespace, mounted at the site root."""

from .routes import (
    dashboards,
    follow_up_surveys,
    follow_ups,
    outcomes,
    reports,
    return_sales,
    surveys,
)

app_name = "monitoring"

urlpatterns: list = [
    *surveys.urlpatterns,
    *outcomes.urlpatterns,
    *follow_ups.urlpatterns,
    *follow_up_surveys.urlpatterns,
    *return_sales.urlpatterns,
    *reports.urlpatterns,
    *dashboards.urlpatterns,
]
