"""The project's URLs plus test-only views that read applications with and without a scope,
for the default-scoping tests (tests/core/test_scoping.py)."""

from django.http import JsonResponse
from django.urls import path

from companies.models import Application
from config.urls import urlpatterns as project_urlpatterns
from programmes.models import Programme


def forgotten_filter(request):
    return JsonResponse({"ids": [a.pk for a in Application.objects.order_by("pk")]})


def forgotten_filter_count(request):
    return JsonResponse({"count": Application.objects.filter(programme__isnull=False).count()})


def scoped(request):
    rows = Application.objects.visible_to(request.user).order_by("pk")
    return JsonResponse({"ids": [a.pk for a in rows]})


def deliberately_unscoped(request):
    rows = Application.objects.unscoped("test: every row on purpose").order_by("pk")
    return JsonResponse({"ids": [a.pk for a in rows]})


def through_an_instance(request, pk):
    # A programme the view obtained; its applications are reached from it (a related manager).
    programme = Programme.objects.get(pk=pk)
    return JsonResponse({"ids": sorted(a.pk for a in programme.applications.all())})


urlpatterns = [
    *project_urlpatterns,
    path("test-only/forgotten/", forgotten_filter),
    path("test-only/forgotten-count/", forgotten_filter_count),
    path("test-only/scoped/", scoped),
    path("test-only/unscoped/", deliberately_unscoped),
    path("test-only/through/<int:pk>/", through_an_instance),
]
