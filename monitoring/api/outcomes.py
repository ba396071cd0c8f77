"""API: meeting outcomes under /api/v1/programmes/<slug>/outcomes/.

    outcomes/                     GET every surveyed meeting's outcome with its answers
                                  (?flagged=1: only those where respondents disagree)
    outcomes/<meeting>/settle/    POST {level, note}: staff settle a flagged meeting

Who: staff only (a ministry reviewer reads dashboards and reports, not single meetings: 403,
as the other participants); a programme the user cannot see, 404. Times are UTC."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from programmes.selectors import programme_get_for_user

from .. import rules
from ..models import MeetingOutcome
from ..serializers import MeetingOutcomeSerializer, SettleSerializer
from ..services import outcome_settle

READERS = _("Only programme staff read the outcomes of single meetings.")
MANAGERS = _("Only programme staff settle outcome levels.")


def _programme(request, slug: str, *, manage: bool = False):
    programme = programme_get_for_user(request.user, slug)
    if not rules.can_read_outcomes(request.user, programme):
        raise PermissionDenied(READERS)
    if manage and not rules.can_settle_outcomes(request.user, programme):
        raise PermissionDenied(MANAGERS)
    return programme


def _outcomes(programme):
    return (
        MeetingOutcome.objects.filter(
            meeting__schedule__programme=programme, meeting__schedule__status="published"
        )
        .select_related("meeting__overseas", "meeting__domestic", "settled_by")
        .prefetch_related(
            "meeting__survey_responses__link__company", "meeting__survey_responses__link__user"
        )
        .order_by("meeting__starts_at", "meeting_id")
    )


class OutcomeListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["outcomes"],
        summary="The programme's meeting outcomes with their survey answers",
        responses=with_errors({200: MeetingOutcomeSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        outcomes = _outcomes(programme)
        if request.query_params.get("flagged") in ("1", "true"):
            outcomes = outcomes.filter(flagged=True)
        return Response(MeetingOutcomeSerializer(outcomes, many=True).data)


class OutcomeSettleView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["outcomes"],
        summary="Settle the level of a meeting whose respondents disagree",
        request=SettleSerializer,
        responses=with_errors({200: MeetingOutcomeSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, meeting: int):
        programme = _programme(request, slug, manage=True)
        outcome = get_object_or_404(_outcomes(programme), meeting_id=meeting)
        data = SettleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome_settle(outcome, by=request.user, **data.validated_data)
        return Response(MeetingOutcomeSerializer(_outcomes(programme).get(pk=outcome.pk)).data)


urlpatterns = [
    path("programmes/<slug:slug>/outcomes/", OutcomeListView.as_view(), name="outcome.list"),
    path(
        "programmes/<slug:slug>/outcomes/<int:meeting>/settle/",
        OutcomeSettleView.as_view(),
        name="outcome.settle",
    ),
]
