"""API routes of the monitoring app under /api/v1/."""

from .api import outcomes

urlpatterns: list = [*outcomes.urlpatterns]
