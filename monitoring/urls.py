"""HTML routes of the monitoring app, in the "monitoring" namespace, mounted at the site root."""

from .routes import outcomes, surveys

app_name = "monitoring"

urlpatterns: list = [*surveys.urlpatterns, *outcomes.urlpatterns]
