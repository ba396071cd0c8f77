"""Placeholder until the API is written (to be replaced)."""

urlpatterns = []
