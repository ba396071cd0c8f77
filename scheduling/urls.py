"""HTML routes of the scheduling app, in the "scheduling" namespace, mounted at the site root."""

from .routes import agendas, schedules
from .routes import requests as input_requests

app_name = "scheduling"

urlpatterns: list = [*agendas.urlpatterns, *input_requests.urlpatterns, *schedules.urlpatterns]
