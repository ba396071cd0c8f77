"""What the scheduling-input API shares: who may, the programme and participant looked up, one
page of results, the refusal of a closed request window."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from ... import selectors
from ...exceptions import RequestsClosed

STAFF_ONLY = _("Only programme staff of the implementing agency change the scheduling input.")
SCORERS = _("Only the programme's advisers and its staff score and block pairs.")
PAIR_READERS = _("Only the programme's staff, advisers and reviewers read the pair table.")
NOT_TAKING_PART = _("Your company does not take part in this programme's meetings.")
NO_REQUESTS = _("Meeting requests are read by the companies that made them and by staff.")

COMPANY = OpenApiParameter("company", int, description="Only this company's (either side).")
PAGE = OpenApiParameter("page", int, description="The page, 50 a page.")


def _schema(**kwargs):
    return extend_schema(tags=["scheduling input"], **kwargs)


def _programme(user, slug: str, allowed=None, message=STAFF_ONLY) -> Programme:
    programme = programme_get_for_user(user, slug)
    if allowed is not None and not allowed(user, programme):
        raise PermissionDenied(message)
    return programme


def _page(request, view, items, serializer_class) -> Response:
    paginator = PageNumberPagination()
    rows = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer_class(rows, many=True).data)


def _participant(programme: Programme, pk, side: str | None = None):
    """A participant of the programme (of `side`, if named), else 404."""
    sides = (side,) if side else ("overseas", "domestic")
    for name in sides:
        found = getattr(selectors, f"{name}_participants")(programme).filter(pk=pk).first()
        if found is not None:
            return found
    raise Http404("Not a participant of this programme.")


def _requests_closed(exc: RequestsClosed):
    return PermissionDenied(str(exc.message), code="requests_closed")
