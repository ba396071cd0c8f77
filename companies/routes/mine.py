"""Routes: a company's own home. Combined into the "companies" namespace by companies/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from companies.views import mine as views

urlpatterns = [
    path("my/applications/", require_safe(views.my_applications), name="application.mine"),
]
