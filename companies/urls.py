"""HTML routes of the companies app, one module per area (companies/routes/)."""

from .routes import applications, mine, registry, uploads

app_name = "companies"

urlpatterns = (
    applications.urlpatterns + uploads.urlpatterns + registry.urlpatterns + mine.urlpatterns
)
