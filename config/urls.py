from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True)),
    path("", require_safe(core_views.home), name="home"),
    path("healthz", require_safe(core_views.healthz), name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("programmes/", include("programmes.urls")),
    path("", include("companies.urls")),
    path("", include("matching.urls")),
    path("", include("scheduling.urls")),
    path("", include("monitoring.urls")),
    path("", include("core.urls")),
    path("api/v1/", include("config.api_urls")),
    # Signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]): the schema answers an
    # anonymous call 401, the docs page sends to the sign-in page. The split view serves its
    # start-up script as a file, so that the page needs no inline script (CSP).
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

# An address no route matches: under /api/ the API's JSON error shape, elsewhere the 404 page.
handler404 = "core.api.page_not_found"

# An uncaught error: the 500 page, or the 503 page when the database or Redis is unreachable.
handler500 = "core.outages.server_error"

# MEDIA_ROOT is never served, not even with DEBUG: uploaded applicant lists and job results are
# private (core/storage.py) and only views that check who asks hand them out.
