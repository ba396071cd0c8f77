"""Schedules: the list with their quality, one schedule, comparing two, publishing a draft."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors

from ... import selectors, services
from ...models import Schedule
from .access import _programme, _schedule, _schema
from .serializers import CompareSerializer, ScheduleSerializer


class ScheduleListView(ApiViewMixin, APIView):
    @_schema(
        summary="Schedules",
        description="Every draft, published and superseded schedule, with its quality.",
        responses=with_errors({200: ScheduleSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        return Response(ScheduleSerializer(selectors.schedule_list(programme), many=True).data)


class ScheduleDetailView(ApiViewMixin, APIView):
    @_schema(summary="One schedule", responses=with_errors({200: ScheduleSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        return Response(ScheduleSerializer(_schedule(programme, pk)).data)


def _pairs(schedule: Schedule) -> set:
    return set(
        schedule.meetings.filter(status__in=["planned", "held"]).values_list(
            "overseas_id", "domestic_id"
        )
    )


class ScheduleCompareView(ApiViewMixin, APIView):
    @_schema(
        summary="Compare two schedules",
        parameters=[
            OpenApiParameter("a", int, required=True, description="One schedule's id."),
            OpenApiParameter("b", int, required=True, description="The other's."),
        ],
        responses=with_errors({200: CompareSerializer}, 400, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        try:
            a, b = (int(request.query_params[k]) for k in ("a", "b"))
        except (KeyError, ValueError):
            raise ValidationError({"a": [_("Give two schedule ids, a and b.")]}) from None
        first, second = _schedule(programme, a), _schedule(programme, b)
        pa, pb = _pairs(first), _pairs(second)
        return Response(
            CompareSerializer(
                {
                    "a": first,
                    "b": second,
                    "common": len(pa & pb),
                    "only_a": len(pa - pb),
                    "only_b": len(pb - pa),
                }  # fmt: skip
            ).data
        )


class SchedulePublishView(ApiViewMixin, APIView):
    @_schema(
        summary="Publish a draft",
        description="The draft becomes the programme's schedule (the published one, if any, is "
        "superseded) and every participant is e-mailed a link to their agenda.",
        request=None,
        responses=with_errors({200: ScheduleSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = services.schedule_publish(_schedule(programme, pk), by=request.user)
        return Response(ScheduleSerializer(schedule).data)
