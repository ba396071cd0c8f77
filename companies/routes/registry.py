"""Routes: registry. Combined into the "companies" namespace by companies/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from companies.views import registry as views

urlpatterns = [
    path("companies/", require_safe(views.company_list), name="company.list"),
    path(
        "companies/duplicates/", require_safe(views.company_duplicates), name="company.duplicates"
    ),
    path("companies/<int:pk>/", require_safe(views.company_detail), name="company.detail"),
    path("companies/<int:pk>/merge/", views.company_merge, name="company.merge"),
    path("sme/check/", require_safe(views.sme_check), name="sme.check"),
    path("sme/rule-sets/", require_safe(views.rule_set_list), name="rule_set.list"),
    path("sme/rule-sets/new/", views.rule_set_create, name="rule_set.create"),
    path("sme/rule-sets/<slug:name>/", require_safe(views.rule_set_detail), name="rule_set.detail"),
    path("sme/rule-sets/<slug:name>/edit/", views.rule_set_edit, name="rule_set.edit"),
    path("sme/rates/", views.rate_list, name="rate.list"),
    path("sme/rates/<int:pk>/delete/", views.rate_delete, name="rate.delete"),
]
