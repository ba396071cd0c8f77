"""The project's URLs plus views that meet a real outage, for tests/core/test_outages.py: they
ask a database that cannot be reached (a file in a folder that does not exist for SQLite, a
closed port for PostgreSQL) through Django's own database layer, or the cache."""

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns

handler500 = "core.outages.server_error"


def unreachable_database():
    """A connection to the test database's server as it is when it is down."""
    default = connections["default"]
    settings_dict = dict(default.settings_dict)
    if default.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder-for-tests/smematch.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    return default.__class__(settings_dict, alias="unreachable")


def database_down(request):
    with unreachable_database().cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("unreachable")


def cache_read(request):
    return HttpResponse(str(cache.get("smematch:anything")))


def fails(request):
    raise RuntimeError("a bug in a view")


class DatabaseDownApi(APIView):
    permission_classes = []
    authentication_classes = []

    def get(self, request):
        with unreachable_database().cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"reached": True})


urlpatterns = [
    *project_urlpatterns,
    path("test-only/database-down/", database_down),
    path("test-only/cache/", cache_read),
    path("test-only/fails/", fails),
    path("api/test-only/database-down/", DatabaseDownApi.as_view()),
]
