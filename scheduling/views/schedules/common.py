"""Who may read and change the schedule pages, and a schedule's quality as the pages show it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.exceptions import ApplicationError
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme
from programmes.selectors import programme_get_for_user

from ... import selectors
from ...models import Schedule
from ...texts import why_text


def can_read_schedules(user, programme: Programme) -> bool:
    """Staff and the programme's reviewers read the schedule pages."""
    return bool(roles_in_programme(user, programme) & {Role.STAFF, Role.REVIEWER})


def can_manage_schedules(user, programme: Programme) -> bool:
    return user.is_authenticated and user.is_agency_staff


def _programme(request, slug: str, *, manage: bool = False) -> Programme:
    programme = programme_get_for_user(request.user, slug)
    allowed = can_manage_schedules if manage else can_read_schedules
    if not allowed(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _schedule(programme: Programme, pk: int) -> Schedule:
    return get_object_or_404(selectors.schedule_list(programme), pk=pk)


def _error(request, exc: ApplicationError) -> None:
    messages.error(request, str(exc.message))


def quality_view(schedule: Schedule) -> dict:
    """The schedule's quality with the reasons as sentences."""
    q = dict(schedule.quality or {})
    for key in ("no_meeting", "under_minimum", "unmet_must"):
        q[key] = [{**entry, "why_text": why_text(entry.get("why", ""))} for entry in q.get(key, [])]
    q.setdefault("per_company", {})
    return q
