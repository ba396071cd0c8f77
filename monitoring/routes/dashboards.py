"""/dashboards/ (the portfolio) and /programmes/<slug>/outcomes/dashboard/ (one programme):
staff and ministry reviewers read them; ``?export=<table>&format=csv|xlsx`` downloads a table."""

from django.urls import path

from ..views import dashboards as views

urlpatterns = [
    path("dashboards/", views.dashboard_portfolio, name="dashboard.portfolio"),
    path(
        "programmes/<slug:slug>/outcomes/dashboard/",
        views.dashboard_programme,
        name="dashboard.programme",
    ),
]
