"""HTML routes of the matching app, one module per area (matching/routes/), in the "matching"
namespace, mounted at the site root."""

from .routes import assessment, results, reviews

app_name = "matching"

urlpatterns = assessment.urlpatterns + reviews.urlpatterns + results.urlpatterns
