"""What the matching API modules share: fetching a programme for a role (404 if the user cannot
see it, 403 if they may not do this there), and answering one page of a list."""

from collections.abc import Callable

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from ..rules import can_manage_assessment, can_review

STAFF_ONLY = _("Only programme staff of the implementing agency run the assessment round.")
ADVISERS_AND_STAFF = _("Only the programme's advisers and its staff take part in the assessment.")

PAGE = OpenApiParameter("page", int, description="The page, 50 a page.")


def assessment_schema(**kwargs):
    """extend_schema for every view of the matching API."""
    return extend_schema(tags=["assessment"], **kwargs)


def programme_for(user, slug: str, *, advisers: bool = False) -> Programme:
    """The programme if the user may see it (else 404) and manage its round (else 403); with
    `advisers`, its advisers may too."""
    programme = programme_get_for_user(user, slug)
    allowed: Callable = can_review if advisers else can_manage_assessment
    if not allowed(user, programme):
        raise PermissionDenied(ADVISERS_AND_STAFF if advisers else STAFF_ONLY)
    return programme


def programme_of(user, programmes, *, advisers: bool = False) -> Programme:
    """`programmes`: the queryset naming the programme an object belongs to (empty: 404)."""
    programme = programmes.first()
    if programme is None:
        raise Http404("Not found.")
    return programme_for(user, programme.slug, advisers=advisers)


def page(request, view, items, serializer_class, **context) -> Response:
    paginator = PageNumberPagination()
    rows = paginator.paginate_queryset(items, request, view=view)
    serializer = serializer_class(rows, many=True, context={"request": request, **context})
    return paginator.get_paginated_response(serializer.data)
