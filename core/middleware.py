from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string
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
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method not in self.ALLOWED:
            return self.refused(request, self.ALLOWED)
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            # A view's require_POST / require_safe: the same page instead of an empty body.
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return self.refused(request, allowed)
        return response

    @staticmethod
    def refused(request, allowed) -> HttpResponseNotAllowed:
        """The project's own 405 page (with navigation, in the reader's language); the Allow
        header says which methods the address takes."""
        body = render_to_string("405.html", {"request_path": request.path}, request=request)
        return HttpResponseNotAllowed(allowed, content=body)


class PageLanguageMiddleware:
    """Vietnamese and Thai are for the pages companies read. On any other page a staff user
    whose session (or browser) asks for one of them sees English; `request.page_languages`
    is what the language switch offers (views of the public form narrow it further)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from . import i18n

        if getattr(view_func, "company_facing", False):
            request.page_languages = i18n.ALL_LANGUAGES
            return None
        user = getattr(request, "user", None)
        language = translation.get_language()
        if i18n.staff_language(language) != (language or "")[:2] and not i18n.is_company_user(user):
            fallback = i18n.staff_language(language)
            translation.activate(fallback)
            request.LANGUAGE_CODE = fallback
        # A callable: the template calls it only when it draws the switch.
        request.page_languages = lambda: i18n.languages_for_user(user)
        return None


class SessionTimeoutMiddleware:
    """End a signed-in session after SESSION_IDLE_SECONDS without a request, and at the latest
    SESSION_ABSOLUTE_SECONDS after signing in. The times live in the session itself; the last
    activity is written at most once a minute, not on every request."""

    LOGIN_AT = "_login_at"
    SEEN_AT = "_seen_at"
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            login_at = session.get(self.LOGIN_AT)
            seen_at = session.get(self.SEEN_AT, login_at)
            if login_at is None:
                # Signed in before this middleware existed (or by force_login): start now.
                session[self.LOGIN_AT] = session[self.SEEN_AT] = now
            elif (
                now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - (seen_at or login_at) > settings.SESSION_IDLE_SECONDS
            ):
                self.expire(request)
            elif now - (seen_at or login_at) >= self.RESOLUTION:
                session[self.SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def expire(request):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.utils.translation import gettext

        logout(request)
        messages.info(request, gettext("Your session has expired. Please log in again."))


def session_start(sender, request, user, **kwargs):
    """user_logged_in: note when this session was signed in (see SessionTimeoutMiddleware)."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SessionTimeoutMiddleware.LOGIN_AT] = now
        request.session[SessionTimeoutMiddleware.SEEN_AT] = now


class ServiceUnavailableMiddleware:
    """The database or Redis unreachable while a view runs: the 503 page (or the API's error
    shape) with Retry-After, instead of the 500 page (core/outages.py). Services write in one
    transaction, which the lost connection rolls back: the form that was being sent is not
    half-saved, and can be sent again once the service is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .outages import is_outage, service_unavailable

        if is_outage(exception):
            return service_unavailable(request, exception)
        return None


class NulCharacterMiddleware:
    """A query string with a NUL character in it (%00) is refused with 400: no page or API
    call takes one, and PostgreSQL refuses a query that contains one (a 500 otherwise).
    Form fields and API bodies refuse it field by field already (Django's and DRF's
    CharField); a NUL in the path matches no route or token (404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in v for v in values)
            for key, values in (request.GET.lists())
        ):
            from django.core.exceptions import BadRequest
            from django.http import JsonResponse
            from django.utils.translation import gettext

            message = gettext("The address contains a character that is not allowed.")
            if request.path.startswith("/api/"):
                body = {"detail": message, "code": "invalid", "errors": {}}
                return JsonResponse(body, status=400)
            raise BadRequest(message)
        return self.get_response(request)
