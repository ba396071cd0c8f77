"""Routes: uploads. Combined into the "companies" namespace by companies/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from companies.views import uploads as views

urlpatterns = [
    path("programmes/<slug:slug>/uploads/", views.upload_list, name="upload.list"),
    path(
        "programmes/<slug:slug>/uploads/<int:pk>/",
        require_safe(views.upload_detail),
        name="upload.detail",
    ),
    path(
        "programmes/<slug:slug>/uploads/<int:pk>/confirm/",
        views.upload_confirm,
        name="upload.confirm",
    ),
    path(
        "programmes/<slug:slug>/uploads/<int:pk>/discard/",
        views.upload_discard,
        name="upload.discard",
    ),
    path(
        "programmes/<slug:slug>/uploads/<int:pk>/download/",
        views.upload_download,
        name="upload.download",
    ),
    path(
        "applicants/template.<str:fmt>", require_safe(views.upload_template), name="upload.template"
    ),
]
