"""API routes of the scheduling app under /api/v1/."""

urlpatterns: list = []
