"""Routes: the read-only selection results of a programme (ministry reviewers and staff).
Combined into "matching" by matching/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from matching.views import results as views

urlpatterns = [
    path(
        "programmes/<slug:slug>/assessment/results/",
        require_safe(views.results),
        name="results",
    ),
]
