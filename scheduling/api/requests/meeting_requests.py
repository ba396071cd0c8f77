"""Meeting requests: a company's own (staff and reviewers: all), made, changed and withdrawn
inside the request window."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from matching.serializers import page_of
from programmes.models import Programme

from ... import rules, selectors
from ...exceptions import RequestsClosed
from ...models import MeetingRequest
from ...serializers import (
    MeetingRequestChangeSerializer,
    MeetingRequestInputSerializer,
    MeetingRequestSerializer,
)
from ...services import inputs
from .access import (
    COMPANY,
    NO_REQUESTS,
    NOT_TAKING_PART,
    PAGE,
    _page,
    _participant,
    _programme,
    _requests_closed,
    _schema,
)


def _readable_requests(request, programme: Programme):
    """Staff and reviewers read every request; a participating company its own; else 403."""
    user = request.user
    if rules.can_manage_scheduling(user, programme) or rules.is_reviewer(user, programme):
        return MeetingRequest.objects.filter(programme=programme).select_related(
            "company", "target"
        )
    company = rules.own_company(user)
    if company is None:
        raise PermissionDenied(NO_REQUESTS)
    return selectors.request_list_for_user(user, programme)


def _answering_company(request, programme: Programme, wanted):
    """Staff name the company; anybody else answers for their own participating company."""
    if rules.can_manage_scheduling(request.user, programme):
        if wanted is None:
            raise PermissionDenied(_("Name the company that answers."))
        return _participant(programme, wanted)
    if rules.is_reviewer(request.user, programme):
        raise PermissionDenied(NO_REQUESTS)
    company = rules.own_company(request.user)
    if company is None or inputs.participant_side(programme, company) is None:
        raise PermissionDenied(NOT_TAKING_PART)
    if wanted is not None and wanted != company.pk:
        raise Http404("Not your company.")
    return company


class RequestListView(ApiViewMixin, APIView):
    @_schema(
        summary="Meeting requests",
        operation_id="v1_programmes_requests_list",
        description="The requests the user may read: a company its own company's, staff and "
        "reviewers every one (?company= narrows to one company's).",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(MeetingRequestSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug)
        items = _readable_requests(request, programme)
        company = request.query_params.get("company", "")
        if company.isdigit():
            items = items.filter(company_id=int(company))
        return _page(request, self, items.order_by("company_id", "target_id"),
                     MeetingRequestSerializer)  # fmt: skip

    @_schema(
        summary="Answer about one company of the other side",
        description="Creates the request, or changes it if the company already answered about "
        "this target. Within the request window (staff: at any time).",
        request=MeetingRequestInputSerializer,
        responses=with_errors({201: MeetingRequestSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug)
        data = MeetingRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        company = _answering_company(request, programme, values.get("company"))
        side = inputs.participant_side(programme, company)
        target = _participant(programme, values["target"],
                              "domestic" if side == "overseas" else "overseas")  # fmt: skip
        try:
            saved = inputs.meeting_request_save(
                programme, company=company, target=target, preference=values["preference"],
                note=values["note"], by=request.user,
            )  # fmt: skip
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(MeetingRequestSerializer(saved).data, status=status.HTTP_201_CREATED)


class RequestDetailView(ApiViewMixin, APIView):
    def _get(self, request, slug: str, pk: int) -> MeetingRequest:
        programme = _programme(request.user, slug)
        return get_object_or_404(_readable_requests(request, programme), pk=pk)

    def _writable(self, request, slug: str, pk: int) -> MeetingRequest:
        found = self._get(request, slug, pk)
        if not rules.can_answer_for(request.user, found.company):
            raise PermissionDenied(NO_REQUESTS)
        return found

    @_schema(
        summary="One meeting request",
        responses=with_errors({200: MeetingRequestSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        return Response(MeetingRequestSerializer(self._get(request, slug, pk)).data)

    def _change(self, request, slug, pk, *, partial: bool):
        found = self._writable(request, slug, pk)
        data = MeetingRequestChangeSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not partial and "preference" not in values:
            raise ValidationError({"preference": [_("This field is required.")]})
        try:
            saved = inputs.meeting_request_save(
                found.programme, company=found.company, target=found.target,
                preference=values.get("preference", found.preference),
                note=values.get("note", found.note if partial else ""), by=request.user,
            )  # fmt: skip
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(MeetingRequestSerializer(saved).data)

    @_schema(
        summary="Replace a meeting request's answer and note",
        request=MeetingRequestChangeSerializer,
        responses=with_errors({200: MeetingRequestSerializer}, 400, 403, 404),
    )
    def put(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=False)

    @_schema(
        summary="Change a meeting request's answer or note",
        request=MeetingRequestChangeSerializer,
        responses=with_errors({200: MeetingRequestSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=True)

    @_schema(
        summary="Withdraw a meeting request",
        responses=with_errors({204: None}, 403, 404),
    )
    def delete(self, request, slug: str, pk: int):
        found = self._writable(request, slug, pk)
        try:
            inputs.meeting_request_delete(found, by=request.user)
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
