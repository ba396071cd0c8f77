"""The day itself: a company absent or late, an interpreter absent, and the repair they need
(preview, then confirm exactly what was previewed)."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from core.api_views import ApiViewMixin, with_errors

from ...services import interpreters
from ...services import repair as repairs
from .access import _programme, _schedule, _schema
from .serializers import (
    AbsenceResultSerializer,
    AbsenceSerializer,
    CountsSerializer,
    InterpreterAbsenceResultSerializer,
    InterpreterAbsenceSerializer,
    PreviewSerializer,
    TokenSerializer,
)


class AbsenceView(ApiViewMixin, APIView):
    @_schema(
        summary="A company cancelled for a day, or arriving late",
        description="Recorded as the company's unavailability; preview a repair next.",
        request=AbsenceSerializer,
        responses=with_errors({201: AbsenceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        _schedule(programme, pk)
        data = AbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        away = repairs.company_absence_add(
            programme,
            get_object_or_404(Company, pk=values["company"]),
            session=get_object_or_404(programme.activities.all(), pk=values["session"]),
            arrives_at=values.get("arrives_at"),
            reason=values["reason"],
            by=request.user,
        )
        return Response(AbsenceResultSerializer(away).data, status=status.HTTP_201_CREATED)


class InterpreterAbsenceView(ApiViewMixin, APIView):
    @_schema(
        summary="An interpreter cannot come",
        description="Recorded as the interpreter's unavailability. Table mode: their planned "
        "meetings in the window go to the replacement (refused with the rule, nothing saved, "
        "if the replacement is busy or away then), or are left needing an interpreter. Pool "
        "mode: another free interpreter of the pool takes them where possible; preview a "
        "repair next.",
        request=InterpreterAbsenceSerializer,
        responses=with_errors({201: InterpreterAbsenceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = InterpreterAbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        people = interpreters.programme_interpreters(programme)
        replacement = values.get("replacement")
        result = interpreters.interpreter_absence_add(
            schedule,
            interpreter=get_object_or_404(people, pk=values["interpreter"]),
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            replacement=get_object_or_404(people, pk=replacement) if replacement else None,
            reason=values["reason"],
            by=request.user,
        )
        return Response(
            InterpreterAbsenceResultSerializer(result).data, status=status.HTTP_201_CREATED
        )


class RepairPreviewView(ApiViewMixin, APIView):
    @_schema(
        summary="Preview a repair",
        description="Re-plans the rest of the schedule (held meetings and started slots stay) "
        "and lists exactly the meetings that change. Nothing is saved.",
        request=None,
        responses=with_errors({200: PreviewSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        preview = repairs.repair_preview(_schedule(programme, pk))
        return Response(PreviewSerializer(preview).data)


class RepairConfirmView(ApiViewMixin, APIView):
    @_schema(
        summary="Save a previewed repair",
        description="Applies exactly the previewed changes in one transaction, if the schedule "
        "has not changed since (else 400, code stale); tells only the participants whose "
        "agenda changed.",
        request=TokenSerializer,
        responses=with_errors({200: CountsSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = repairs.repair_confirm(
            schedule, token=data.validated_data["token"], by=request.user
        )
        return Response(CountsSerializer(counts).data)
