"""The answer when the database or the cache cannot be reached (docs/security.md,
"Faults"): a 503 page, or the API's error shape, with Retry-After, rendered without the
database or the cache (no session, no user, no context processors, no navigation).

Two ways in, so that the answer is the same wherever the outage is met:
`core.middleware.ServiceUnavailableMiddleware` for an error raised in a view (the page or the
API view asked the database), and `server_error` (the project's handler500) for one raised in a
middleware (the session or the signed-in user read at the start of the request, the session saved
at its end). Any other error stays the project's 500 page.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def _outage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


OUTAGE_ERRORS = _outage_errors()


def is_outage(exc: BaseException | None) -> bool:
    """The database or the cache (Redis) could not be reached (or dropped the connection)."""
    return isinstance(exc, OUTAGE_ERRORS)


def service_unavailable(request, exc: BaseException, *, log: bool = True):
    """The 503 answer: JSON under /api/, the standalone page elsewhere. The error is logged (it
    is never shown: it names hosts and ports)."""
    if log:
        logger.error(
            "service unavailable (%s) for %s %s",
            type(exc).__name__,
            getattr(request, "method", ""),
            getattr(request, "path", ""),
            exc_info=exc,
        )
    path = getattr(request, "path", "")
    if path.rstrip("/") == "/healthz":
        # The signed-in user could not be read (its session is in the database): the states,
        # without the details, which are for agency staff.
        from .health import health_report

        report, _healthy = health_report(details=False)
        response = JsonResponse(report, status=503)
    elif path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _(
                    "The service is temporarily unavailable: nothing was changed. "
                    "Try again in a few minutes."
                ),
                "code": "service_unavailable",
                "errors": {},
            },
            status=503,
        )
    else:
        # No request: no context processors (the user, the messages, the navigation would ask
        # the database or the session).
        body = render_to_string("503.html")
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the 503 answer when the uncaught error is an outage, the 500 page otherwise."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        # Django has logged the error already (django.request, with its traceback).
        return service_unavailable(request, exc, log=False)
    return django_server_error(request, template_name=template_name)
