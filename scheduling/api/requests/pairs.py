"""Advisers' pair scores and blocks, and the pair table."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from matching.serializers import page_of

from ... import rules, selectors
from ...models import PairScore
from ...serializers import (
    BlockInputSerializer,
    PairRowSerializer,
    PairScoreChangeSerializer,
    PairScoreInputSerializer,
    PairScoreSerializer,
)
from ...services import inputs
from .access import COMPANY, PAGE, PAIR_READERS, SCORERS, _page, _participant, _programme, _schema


def _pair_score_save(request, programme, *, overseas, domestic, **values):
    return inputs.pair_score_save(
        programme,
        overseas=_participant(programme, overseas, "overseas"),
        domestic=_participant(programme, domestic, "domestic"),
        by=request.user,
        **values,
    )


class PairScoreListView(ApiViewMixin, APIView):
    @_schema(
        summary="Adviser pair scores and blocks",
        operation_id="v1_programmes_pair_scores_list",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(PairScoreSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        items = PairScore.objects.filter(programme=programme).select_related(
            "overseas", "domestic", "by__organisation"
        )
        company = request.query_params.get("company", "")
        if company.isdigit():
            items = items.filter(overseas_id=int(company)) | items.filter(domestic_id=int(company))
        return _page(request, self, items.order_by("overseas_id", "domestic_id"),
                     PairScoreSerializer)  # fmt: skip

    @_schema(
        summary="Score or block a pair (staff, advisers)",
        description="Sets the pair's adjustment and block with the reason (one row per pair: "
        "a second call changes it). Adjustment 0 and not blocked removes the row: 204.",
        request=PairScoreInputSerializer,
        responses=with_errors({201: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_score_pairs, SCORERS)
        data = PairScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = _pair_score_save(request, programme, **data.validated_data)
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(PairScoreSerializer(row).data, status=status.HTTP_201_CREATED)


class PairScoreDetailView(ApiViewMixin, APIView):
    def _get(self, request, slug, pk, allowed=rules.can_read_pairs, message=PAIR_READERS):
        programme = _programme(request.user, slug, allowed, message)
        return get_object_or_404(
            PairScore.objects.filter(programme=programme).select_related(
                "overseas", "domestic", "by__organisation", "programme"
            ),
            pk=pk,
        )

    @_schema(summary="One pair score", responses=with_errors({200: PairScoreSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int):
        return Response(PairScoreSerializer(self._get(request, slug, pk)).data)

    def _change(self, request, slug, pk, *, partial: bool):
        found = self._get(request, slug, pk, rules.can_score_pairs, SCORERS)
        data = PairScoreChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        current = {} if not partial else {
            "adjustment": found.adjustment, "blocked": found.blocked,
            "reason_kind": found.reason_kind, "reason": found.reason,
        }  # fmt: skip
        row = _pair_score_save(
            request, found.programme, overseas=found.overseas_id, domestic=found.domestic_id,
            **{**current, **data.validated_data},
        )  # fmt: skip
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(PairScoreSerializer(row).data)

    @_schema(
        summary="Replace a pair score (staff, advisers)",
        request=PairScoreChangeSerializer,
        responses=with_errors({200: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def put(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=False)

    @_schema(
        summary="Change part of a pair score (staff, advisers)",
        request=PairScoreChangeSerializer,
        responses=with_errors({200: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=True)


class BlockListView(ApiViewMixin, APIView):
    @_schema(
        summary="Blocked pairs",
        operation_id="v1_programmes_blocks_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(PairScoreSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        items = PairScore.objects.filter(programme=programme, blocked=True).select_related(
            "overseas", "domestic", "by__organisation"
        )
        return _page(request, self, items.order_by("overseas_id", "domestic_id"),
                     PairScoreSerializer)  # fmt: skip

    @_schema(
        summary="Block a pair (staff, advisers)",
        description="The two companies never meet. An adjustment the pair had is kept.",
        request=BlockInputSerializer,
        responses=with_errors({201: PairScoreSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_score_pairs, SCORERS)
        data = BlockInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        current = PairScore.objects.filter(
            programme=programme, overseas_id=values["overseas"], domestic_id=values["domestic"]
        ).first()
        row = _pair_score_save(
            request, programme, overseas=values["overseas"], domestic=values["domestic"],
            adjustment=current.adjustment if current else 0, blocked=True,
            reason_kind=values["reason_kind"], reason=values["reason"],
        )  # fmt: skip
        return Response(PairScoreSerializer(row).data, status=status.HTTP_201_CREATED)


class PairListView(ApiViewMixin, APIView):
    @_schema(
        summary="The pair table",
        operation_id="v1_programmes_pairs_list",
        description="Every pair somebody asked for or an adviser scored: both sides' requests, "
        "the adviser's adjustment or block, the combined score and the terms it is the sum of "
        "(docs/scheduling.md, “Scores”). Best scores first, excluded pairs last.",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(PairRowSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        rows = selectors.pair_table(programme)
        company = request.query_params.get("company", "")
        if company.isdigit():
            rows = [r for r in rows if int(company) in (r["overseas"].pk, r["domestic"].pk)]
        return _page(request, self, rows, PairRowSerializer)
