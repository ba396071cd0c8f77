"""Staff: attendance, absences (unavailability) and the scheduling settings."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from matching.serializers import page_of
from programmes.models import Activity

from ... import rules
from ...models import Attendance, SchedulingSettings, Unavailability
from ...serializers import (
    AttendanceInputSerializer,
    AttendanceResultSerializer,
    AttendanceSerializer,
    SchedulingSettingsSerializer,
    UnavailabilityInputSerializer,
    UnavailabilitySerializer,
)
from ...services import inputs
from ...services.availability import scheduling_settings_save, unavailability_delete
from .access import PAGE, _page, _participant, _programme, _schema


class AttendanceListView(ApiViewMixin, APIView):
    @_schema(
        summary="Attendance of activities",
        operation_id="v1_programmes_attendance_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(AttendanceSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        items = Attendance.objects.filter(activity__programme=programme).select_related("company")
        return _page(request, self, items.order_by("activity_id", "company_id"),
                     AttendanceSerializer)  # fmt: skip

    @_schema(
        summary="Record whether a company attends an activity (staff)",
        request=AttendanceInputSerializer,
        responses=with_errors({200: AttendanceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        data = AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        activity = get_object_or_404(Activity, programme=programme, pk=values["activity"])
        company = _participant(programme, values["company"])
        changed = inputs.attendance_set(
            activity, company=company, attending=values["attending"], by=request.user
        )
        return Response({**values, "changed": changed})


class UnavailabilityListView(ApiViewMixin, APIView):
    @_schema(
        summary="Absences of companies",
        operation_id="v1_programmes_unavailability_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(UnavailabilitySerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        items = Unavailability.objects.filter(programme=programme).select_related("company")
        return _page(request, self, items.order_by("starts_at", "id"), UnavailabilitySerializer)

    @_schema(
        summary="Add a company's absence (staff)",
        request=UnavailabilityInputSerializer,
        responses=with_errors({201: UnavailabilitySerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        data = UnavailabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        absence = inputs.unavailability_add(
            programme, company=_participant(programme, values["company"]),
            starts_at=values["starts_at"], ends_at=values["ends_at"], reason=values["reason"],
            by=request.user,
        )  # fmt: skip
        return Response(UnavailabilitySerializer(absence).data, status=status.HTTP_201_CREATED)


class UnavailabilityDetailView(ApiViewMixin, APIView):
    @_schema(
        summary="One absence",
        responses=with_errors({200: UnavailabilitySerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request.user, slug, rules.can_read_availability)
        absence = get_object_or_404(
            Unavailability.objects.select_related("company"), programme=programme, pk=pk
        )
        return Response(UnavailabilitySerializer(absence).data)

    @_schema(summary="Withdraw an absence (staff)", responses=with_errors({204: None}, 403, 404))
    def delete(self, request, slug: str, pk: int):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        absence = get_object_or_404(Unavailability, programme=programme, pk=pk)
        unavailability_delete(absence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchedulingSettingsView(ApiViewMixin, APIView):
    @_schema(
        summary="The programme's scheduling settings",
        responses=with_errors({200: SchedulingSettingsSerializer}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        return Response(SchedulingSettingsSerializer(SchedulingSettings.get_for(programme)).data)

    def _change(self, request, slug: str, *, partial: bool):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        current = SchedulingSettings.get_for(programme)
        data = SchedulingSettingsSerializer(current, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            saved = scheduling_settings_save(programme, by=request.user, **data.validated_data)
        return Response(SchedulingSettingsSerializer(saved).data)

    @_schema(
        summary="Replace the scheduling settings (staff)",
        request=SchedulingSettingsSerializer,
        responses=with_errors({200: SchedulingSettingsSerializer}, 400, 403, 404),
    )
    def put(self, request, slug: str):
        return self._change(request, slug, partial=False)

    @_schema(
        summary="Change some scheduling settings (staff)",
        request=SchedulingSettingsSerializer,
        responses=with_errors({200: SchedulingSettingsSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str):
        return self._change(request, slug, partial=True)
