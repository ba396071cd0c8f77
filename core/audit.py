"""The audit log: one function writes every event (docs/security.md, "Audit log").

`audit_record(action, actor=..., ...)` is called by the services that do the recorded thing
(imports, score changes, decisions, schedule publication and edits), by the views that hand out
a file when no service does (exports, agendas, reports), by the sign-in signals and by
`AuditMiddleware` (refused accesses). It writes in the caller's transaction: an action that
rolls back leaves no event, and an event that cannot be written fails its action instead of
being lost quietly.

Where the event happened comes from the request, given or the one being answered (the
middleware keeps it for the services, which do not take a request); work done by the worker
has none. The address is the one lockouts and rate limits count (core.ratelimit.client_ip,
TRUSTED_PROXY_COUNT). Nothing secret is written: no request body, no password, no token, no
session key; `detail` keys that name one are dropped.
"""

import ipaddress
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent
from .ratelimit import client_ip

Action = AuditEvent.Action

_request: ContextVar = ContextVar("audit_request", default=None)

# `detail` keys containing one of these words are never written.
SECRET_WORDS = ("password", "passwd", "secret", "token", "session", "cookie", "csrf", "key")
MAX_DETAIL_TEXT = 500


def current_request():
    return _request.get()


def _text(value, limit: int) -> str:
    return str(value or "")[:limit]


def _address(request) -> str | None:
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _clean(value, depth: int = 0):
    """The detail as plain JSON, secrets left out, texts cut short."""
    if depth > 3:
        return None
    if isinstance(value, dict):
        return {
            str(k): _clean(v, depth + 1)
            for k, v in value.items()
            if not any(word in str(k).lower() for word in SECRET_WORDS)
        }
    if isinstance(value, list | tuple | set):
        return [_clean(v, depth + 1) for v in list(value)[:100]]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _text(value, MAX_DETAIL_TEXT)


def _actor(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def audit_record(
    action: str,
    *,
    actor,
    request=None,
    obj=None,
    programme=None,
    detail: dict | None = None,
    label: str | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Write one audit event. `actor` is the user who acted (None or anonymous: nobody signed
    in; `username` then names who was meant, e.g. the name typed at a failed sign-in).
    `obj` is the object concerned (`label` replaces its text where str() would say too much);
    `programme` a programme or its short name; `detail` a small dict of plain values."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    request = request if request is not None else current_request()
    user = _actor(actor)
    event = AuditEvent(
        action=action,
        actor=user,
        username=_text(username if username is not None else getattr(user, "username", ""), 150),
        programme=_text(getattr(programme, "slug", programme), 60),
        detail=_clean(detail or {}),
    )
    if obj is not None:
        event.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        event.object_id = _text(obj.pk, 64)
        event.object_repr = _text(label if label is not None else obj, 200)
    if request is not None:
        meta = getattr(request, "META", {})
        event.ip_address = _address(request)
        event.user_agent = _text(meta.get("HTTP_USER_AGENT"), 300)
        event.path = _text(getattr(request, "path", ""), 300)
        event.method = _text(getattr(request, "method", ""), 10)
    event.save(force_insert=True)
    return event


class AuditMiddleware:
    """Keeps the request being answered for audit_record (the services take none), and
    records every refused access: a 403 answered to a signed-in user or an API client, and
    any 401 of the API. Not 404s (a 404 says nothing was there to refuse)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request.set(request)
        try:
            response = self.get_response(request)
            self.note_refusal(request, response)
            return response
        finally:
            _request.reset(reset)

    @staticmethod
    def note_refusal(request, response) -> None:
        status = response.status_code
        api = request.path.startswith("/api/")
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (status == 403 and (signed_in or api)) or (status == 401 and api):
            audit_record(
                Action.ACCESS_REFUSED,
                actor=user,
                request=request,
                detail={"status": status},
            )


# --- sign-in signals (connected in CoreConfig.ready) -----------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    audit_record(Action.LOGIN, actor=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Only the user name typed is kept: Django hides the password in `credentials`, and
    nothing else of them is written."""
    name = credentials.get("username") if isinstance(credentials, dict) else None
    audit_record(Action.LOGIN_FAILED, actor=None, request=request, username=_text(name, 150))


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(Action.LOGOUT, actor=user, request=request)


def audit_download(
    request,
    *,
    filename: str,
    obj=None,
    programme=None,
    action: str = Action.EXPORT,
    **detail,
) -> AuditEvent:
    """A file handed out (an export, an agenda, a report, a job's result): by whom, which."""
    return audit_record(
        action,
        actor=getattr(request, "user", None),
        request=request,
        obj=obj,
        programme=programme,
        detail={"file": filename, **detail},
    )
