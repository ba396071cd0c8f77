"""API routes of the scheduling app under /api/v1/."""

from . import api_agendas
from .api import requests as api_requests
from .api import schedules as api_schedules

urlpatterns: list = [
    *api_agendas.urlpatterns,
    *api_requests.urlpatterns,
    *api_schedules.urlpatterns,
]
