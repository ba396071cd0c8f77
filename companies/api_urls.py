"""API routes of the companies app under /api/v1/, one module per area (companies/api/)."""

from .api import applications, registry, uploads

urlpatterns = applications.urlpatterns + uploads.urlpatterns + registry.urlpatterns
