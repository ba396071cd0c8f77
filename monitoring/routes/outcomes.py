"""/programmes/<slug>/outcomes/...: staff's disagreements page and the settle form."""

from django.urls import path

from ..views import outcomes as views

urlpatterns = [
    path(
        "programmes/<slug:slug>/outcomes/disagreements/",
        views.outcome_disagreements,
        name="outcome.disagreements",
    ),
    path(
        "programmes/<slug:slug>/outcomes/<int:pk>/settle/",
        views.outcome_settle_view,
        name="outcome.settle",
    ),
]
