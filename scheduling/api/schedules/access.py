"""Who may read and change a programme's schedules through the API."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied

from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from ... import selectors
from ...models import Schedule
from ...views.schedules import can_manage_schedules, can_read_schedules

READERS = _("Only the programme's staff and reviewers read its schedules.")
MANAGERS = _("Only programme staff of the implementing agency change schedules.")


def _schema(**kwargs):
    return extend_schema(tags=["schedules"], **kwargs)


def _programme(request, slug: str, *, manage: bool = False) -> Programme:
    programme = programme_get_for_user(request.user, slug)
    if not can_read_schedules(request.user, programme):
        raise PermissionDenied(READERS)
    if manage and not can_manage_schedules(request.user, programme):
        raise PermissionDenied(MANAGERS)
    return programme


def _schedule(programme: Programme, pk: int) -> Schedule:
    return get_object_or_404(selectors.schedule_list(programme), pk=pk)
