"""HTML routes of the monitoring app, in the "monitoring" namespace, mounted at the site root."""

from .routes import follow_ups, outcomes, surveys

app_name = "monitoring"

urlpatterns: list = [*surveys.urlpatterns, *outcomes.urlpatterns, *follow_ups.urlpatterns]
