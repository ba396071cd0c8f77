"""Rate limits per client address, shared by the HTML pages and the API (docs/security.md).

`settings.RATE_LIMITS` names each limit ("survey": "60/minute"). A fixed window per scope and
address is counted in the cache (Redis in production, locmem in tests). Pages use the
`rate_limit(scope)` decorator and answer the translated 429 page; the API uses `ScopedThrottle`,
which reads the same settings at request time (so tests can change them).
"""

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
logger = logging.getLogger(__name__)


def _cache_errors() -> tuple[type[Exception], ...]:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return (ConnectionError, TimeoutError)
    return (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


CACHE_ERRORS = _cache_errors()


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the address
    the outermost trusted proxy saw (X-Forwarded-For is otherwise the client's to forge)."""
    meta = getattr(request, "META", {})
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return meta.get("REMOTE_ADDR", "") or "unknown"


def axes_client_ip(request) -> str | None:
    """client_ip for django-axes, which stores it in an address column: None when there is no
    valid address (a test client's force_login, a forged header), never a text the database
    refuses."""
    address = client_ip(request) if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def parse_rate(rate: str) -> tuple[int, int]:
    """Parse a rate such as 60/minute into (60, 60): how many requests in how many seconds."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


def rate_exceeded(scope: str, ident: str) -> int:
    """Count one request of `ident` in `scope`; 0 if it is within the limit, otherwise the
    seconds until the current window ends (to say when to try again)."""
    rate = settings.RATE_LIMITS.get(scope)
    if not rate:
        return 0
    limit, window = parse_rate(rate)
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{ident}:{start}"
    try:
        if cache.add(key, 1, timeout=window + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window + 1)
                count = 1
    except CACHE_ERRORS as exc:
        # Redis unreachable: the limit is not counted and the request goes on (fails open).
        # The limits slow floods down; they protect nothing that needs them to hold: survey
        # and form links are unguessable, and sign-in lockouts are kept in the database.
        logger.warning("rate limit %s not counted: the cache is unreachable (%s)", scope, exc)
        return 0
    if count <= limit:
        return 0
    return max(1, start + window - now)


def rate_limit(scope: str):
    """Decorate a page view: more than RATE_LIMITS[scope] requests from one address answer the
    project's 429 page (translated, with Retry-After) and the view does not run."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            retry_after = rate_exceeded(scope, client_ip(request))
            if retry_after:
                response = render(request, "429.html", {"retry_after": retry_after}, status=429)
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ScopedThrottle(BaseThrottle):
    """DRF throttle on RATE_LIMITS[view.throttle_scope], per client address."""

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return True
        self.retry_after = rate_exceeded(scope, client_ip(request))
        return not self.retry_after

    def wait(self):
        return getattr(self, "retry_after", None)
