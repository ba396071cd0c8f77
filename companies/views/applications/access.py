"""Who may open the applicant pages: the programme, the applicants a person may see, filters."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import Organisation
from programmes.models import Programme, Role
from programmes.selectors import programme_get_for_user

from ... import selectors
from ...forms import (
    ApplicationFilterForm,
)
from ...models import Application
from ...rules import can_manage_applications, can_see_applicants

PAGE_SIZE = 50
S = Application.Status


def _programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    timezone.activate(programme.tzinfo)
    return programme


def _applicants_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_see_applicants(request.user, programme):
        raise PermissionDenied
    return programme


def _managed_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_manage_applications(request.user, programme):
        raise PermissionDenied
    return programme


def _application(request, programme: Programme, pk: int) -> Application:
    """One application of the programme if the user may see it (else 404)."""
    return get_object_or_404(selectors.application_list_for_user(request.user, programme), pk=pk)


def _counterparts(programme: Programme):
    return Organisation.objects.filter(
        programme_links__programme=programme, programme_links__role=Role.COUNTERPART
    ).order_by("name")


def _filtered(applications, filters: ApplicationFilterForm):
    rows = applications.filter(**filters.filters())
    search = filters.search()
    if search:
        rows = rows.filter(
            Q(company__legal_name__icontains=search)
            | Q(company__local_name__icontains=search)
            | Q(company__latin_name__icontains=search)
        )
    return rows
