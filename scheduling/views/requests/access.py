"""What the scheduling-input pages share: the programme for who may, a refusal's text, the
request window as shown."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from ...exceptions import RequestsClosed, SchedulingError
from ...models import (
    SchedulingSettings,
)
from ...services import inputs

PAIRS_PER_PAGE = 50
DOCS_ANCHOR = "docs/scheduling.md#scores"


def _programme(request, slug: str, allowed=None) -> Programme:
    """The programme if the user may see it (else 404) and `allowed(user, programme)` (else
    403), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    if allowed is not None and not allowed(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _refusal(exc: SchedulingError) -> str:
    details = [str(p) for problems in (exc.errors or {}).values() for p in problems]
    return " ".join([str(exc.message), *details])


def _window(programme: Programme) -> dict:
    """The request window as the pages show it: open/close in the programme's time zone, and
    the refusal if it is not open now."""
    settings = SchedulingSettings.get_for(programme)
    try:
        inputs.requests_check_window(programme)
    except RequestsClosed as exc:
        closed = str(exc.message)
    else:
        closed = ""
    return {
        "opens": programme.local(settings.requests_open_at) if settings.requests_open_at else None,
        "closes": programme.local(settings.requests_close_at)
        if settings.requests_close_at
        else None,
        "closed": closed,
        "time_zone": programme.time_zone,
    }
