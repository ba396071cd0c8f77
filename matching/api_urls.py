"""API routes of the matching app under /api/v1/, one module per area (matching/api/)."""

from .api import assessment, reviews, selection

urlpatterns = assessment.urlpatterns + selection.urlpatterns + reviews.urlpatterns
