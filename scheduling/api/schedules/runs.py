"""Schedule runs: the latest ones, starting one (queued as a job), one run's status."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors

from ... import services
from ...models import ScheduleRun
from .access import _programme, _schema
from .serializers import RunInputSerializer, RunSerializer


class RunListView(ApiViewMixin, APIView):
    @_schema(
        summary="Schedule runs",
        description="The programme's latest 50 runs, newest first.",
        responses=with_errors({200: RunSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        services.schedule_runs_expire(programme)
        runs = ScheduleRun.objects.filter(programme=programme).select_related("job")[:50]
        return Response(RunSerializer(runs, many=True).data)

    @_schema(
        summary="Start a schedule run",
        description="Queues the run as a background job (202). A programme that cannot be "
        "scheduled is refused with the reason (400) and nothing is queued.",
        request=RunInputSerializer,
        responses=with_errors({202: RunSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request, slug, manage=True)
        data = RunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.schedule_run_start(
            programme, by=request.user, time_limit=data.validated_data["time_limit"]
        )
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(ApiViewMixin, APIView):
    @_schema(
        summary="One schedule run",
        responses=with_errors({200: RunSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        run = get_object_or_404(
            ScheduleRun.objects.filter(programme=programme).select_related("job"), pk=pk
        )
        return Response(RunSerializer(run).data)
