"""/reports/...: the ministry reports (staff request; staff and reviewers read and download)."""

from django.urls import path

from ..views import reports as views

urlpatterns = [
    path("reports/", views.report_list, name="report.list"),
    path("reports/<int:pk>/", views.report_detail, name="report.detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report.download"),
]
