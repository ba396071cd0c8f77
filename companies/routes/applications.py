"""Routes: applications. Combined into the "companies" namespace by companies/urls.py.

The public pages (apply/...) need no account: the form's public token opens the form, the
application's private token opens the applicant's own page."""

from django.urls import path
from django.views.decorators.http import require_safe

from companies.views import applications as views
from companies.views import public

urlpatterns = [
    path("apply/<str:token>/", public.apply_start, name="apply.start"),
    path("apply/<str:token>/sme-check/", public.apply_sme_check, name="apply.sme_check"),
    path("apply/a/<str:token>/", public.apply_private, name="apply.private"),
    path("apply/a/<str:token>/submit/", public.apply_submit, name="apply.submit"),
    path("apply/a/<str:token>/withdraw/", public.apply_withdraw, name="apply.withdraw"),
    path(
        "programmes/<slug:slug>/applications/",
        require_safe(views.application_list),
        name="application.list",
    ),
    path(
        "programmes/<slug:slug>/applications/export/",
        require_safe(views.application_export),
        name="application.export",
    ),
    path(
        "programmes/<slug:slug>/applications/<int:pk>/",
        require_safe(views.application_detail),
        name="application.detail",
    ),
    path(
        "programmes/<slug:slug>/applications/<int:pk>/status/",
        views.application_transition_view,
        name="application.transition",
    ),
    path(
        "programmes/<slug:slug>/applications/<int:pk>/edit/",
        views.application_edit,
        name="application.edit",
    ),
    path("programmes/<slug:slug>/form/", views.form_edit, name="form.edit"),
    path("programmes/<slug:slug>/form/questions/new/", views.question_edit, name="question.create"),
    path(
        "programmes/<slug:slug>/form/questions/<int:pk>/edit/",
        views.question_edit,
        name="question.edit",
    ),
    path(
        "programmes/<slug:slug>/form/questions/<int:pk>/delete/",
        views.question_delete_view,
        name="question.delete",
    ),
]
