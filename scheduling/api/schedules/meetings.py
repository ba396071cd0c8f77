"""A schedule's meetings: list, add, swap two, move, cancel, mark a no-show."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from core.api_views import ApiViewMixin, with_errors

from ... import selectors
from ...models import Meeting
from ...services import meetings as edits
from .access import _programme, _schedule, _schema
from .serializers import (
    MeetingAddSerializer,
    MeetingChangeSerializer,
    MeetingSerializer,
    SwapSerializer,
)


class MeetingListView(ApiViewMixin, APIView):
    @_schema(
        summary="A schedule's meetings",
        responses=with_errors({200: MeetingSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        meetings = selectors.meeting_list(_schedule(programme, pk))
        return Response(MeetingSerializer(meetings, many=True).data)

    @_schema(
        summary="Add a meeting by hand",
        description="At the overseas company's table unless `table` says otherwise. Every rule "
        "is checked; a refusal says which (400), nothing saved.",
        request=MeetingAddSerializer,
        responses=with_errors({201: MeetingSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = MeetingAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meeting = edits.meeting_add(
            schedule,
            overseas=get_object_or_404(Company, pk=values["overseas"]),
            domestic=get_object_or_404(Company, pk=values["domestic"]),
            slot=values["slot"],
            table_number=values.get("table"),
            by=request.user,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingSwapView(ApiViewMixin, APIView):
    @_schema(
        summary="Swap the slots of two meetings",
        request=SwapSerializer,
        responses=with_errors({200: MeetingSerializer(many=True)}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = SwapSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        first = get_object_or_404(schedule.meetings.all(), pk=data.validated_data["first"])
        second = get_object_or_404(schedule.meetings.all(), pk=data.validated_data["second"])
        pair = edits.meeting_swap(first, second, by=request.user)
        return Response(MeetingSerializer(list(pair), many=True).data)


def _meeting(request, slug: str, pk: int, meeting: int, *, manage: bool = False) -> Meeting:
    programme = _programme(request, slug, manage=manage)
    schedule = _schedule(programme, pk)
    return get_object_or_404(
        schedule.meetings.select_related("overseas", "domestic", "table"), pk=meeting
    )


class MeetingDetailView(ApiViewMixin, APIView):
    @_schema(summary="One meeting", responses=with_errors({200: MeetingSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int, meeting: int):
        return Response(MeetingSerializer(_meeting(request, slug, pk, meeting)).data)

    @_schema(
        summary="Move a meeting, or mark it",
        description="`slot` (and `table`): move it, every rule checked. `status`: held, "
        "no_show, cancelled, or planned again (checked like a move).",
        request=MeetingChangeSerializer,
        responses=with_errors({200: MeetingSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int, meeting: int):
        found = _meeting(request, slug, pk, meeting, manage=True)
        data = MeetingChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "status" in values:
            found = edits.meeting_mark(found, status=values["status"], by=request.user)
        else:
            found = edits.meeting_move(
                found,
                slot=values.get("slot", found.slot),
                table_number=values.get("table"),
                by=request.user,
            )
        return Response(MeetingSerializer(found).data)


def _mark_view(status_value: str, summary: str):
    class MarkView(ApiViewMixin, APIView):
        @_schema(
            summary=summary,
            request=None,
            responses=with_errors({200: MeetingSerializer}, 400, 403, 404),
            operation_id=f"v1_programmes_schedules_meetings_{status_value}",
        )
        def post(self, request, slug: str, pk: int, meeting: int):
            found = _meeting(request, slug, pk, meeting, manage=True)
            found = edits.meeting_mark(found, status=status_value, by=request.user)
            return Response(MeetingSerializer(found).data)

    MarkView.__name__ = f"Meeting{status_value.title().replace('_', '')}View"
    return MarkView


MeetingCancelView = _mark_view(Meeting.Status.CANCELLED, "Cancel a meeting")
MeetingNoShowView = _mark_view(Meeting.Status.NO_SHOW, "Mark a meeting a no-show")
