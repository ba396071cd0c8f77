"""API routes of the scheduling app under /api/v1/."""

from . import api_agendas

urlpatterns: list = [*api_agendas.urlpatterns]
