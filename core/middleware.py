from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils import timezone, translation


class TimeZoneResetMiddleware:
    """Start every request in UTC. Views that show a programme activate its time zone, and the
    activation must not leak into the next request served by the same thread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class UserLanguageMiddleware:
    """Use a signed-in user's preferred language unless they picked one for this browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        explicit = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        if user is not None and user.is_authenticated and not explicit and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class PageMethodsMiddleware:
    """Pages (everything outside the API) are read with GET or HEAD and changed with POST from
    their forms; any other method is refused (405) before a view runs, so that a page view can
    never answer PUT or DELETE as if it were a GET. Views that only show something also refuse
    POST (`require_safe` in the routes). The API under /api/ declares its methods per view."""

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
