"""Routes: an adviser's reviews, and a selected company's answer through its private link.
Combined into "matching" by matching/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from matching.views import reviews as views

urlpatterns = [
    path("programmes/<slug:slug>/reviews/", require_safe(views.review_list), name="review.list"),
    path("programmes/<slug:slug>/reviews/<int:pk>/", views.review_edit, name="review.edit"),
    path(
        "apply/a/<str:token>/participation/",
        views.participation_respond_view,
        name="participation.respond",
    ),
]
