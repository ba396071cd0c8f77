from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "core"

urlpatterns = [
    path("jobs/", require_safe(views.job_list), name="job.list"),
    path("jobs/<int:pk>/", require_safe(views.job_detail), name="job.detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job.download"),
    path("account/tokens/", views.token_list, name="token.list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token.revoke"),
    path("tokens/", views.token_list_all, name="token.list_all"),
    path("audit/", views.audit_list, name="audit.list"),
    path("audit/export/", views.audit_export, name="audit.export"),
    path("organisations/", require_safe(views.organisation_list), name="organisation.list"),
    path("organisations/new/", views.organisation_edit, name="organisation.create"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation.edit"),
]
