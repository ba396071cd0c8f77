"""API: an adviser's reviews. A review is one assignment (one application given to one adviser):
its scores per criterion, a recommendation and a comment, complete once every criterion is
scored and a recommendation given.

Who: an adviser sees and writes the reviews assigned to them; another adviser's review answers
404. Staff read every review but do not score (403). Scores change until the round is locked
(400, code "round_locked"); a score off the criterion's scale is refused with code
"out_of_scale" and the error under scores.<criterion id>, and nothing is saved.
Combined into the "api" namespace by matching/api_urls.py."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from programmes.selectors import programme_get_for_user

from .. import selectors
from ..rules import can_review, can_score
from ..serializers import (
    ReviewDetailSerializer,
    ReviewFilterSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    page_of,
)
from ..services.reviews import review_save
from .common import ADVISERS_AND_STAFF, PAGE, assessment_schema, page


def _reviews(user, programme=None):
    return selectors.assignment_list_for_user(user, programme)


class ReviewListView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Reviews",
        operation_id="v1_reviews_list",
        description="An adviser's own reviews (staff: every review), each with its scores, "
        "recommendation, comment, whether it is complete and its running total. Others get "
        "an empty list.",
        parameters=[ReviewFilterSerializer, PAGE],
        responses=with_errors({200: page_of(ReviewSerializer)}, 400, 403, 404),
    )
    def get(self, request):
        filters = ReviewFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        programme = None
        if filters.validated_data.get("programme"):
            programme = programme_get_for_user(request.user, filters.validated_data["programme"])
            if not can_review(request.user, programme):
                raise PermissionDenied(ADVISERS_AND_STAFF)
        reviews = (
            _reviews(request.user, programme)
            .select_related("application__frozen_facts")
            .prefetch_related("scores")
        )
        return page(request, self, reviews, ReviewSerializer)


class ReviewDetailView(ApiViewMixin, APIView):
    def _detail(self, pk: int) -> Response:
        assignment = _reviews(self.request.user).prefetch_related("scores").filter(pk=pk).first()
        if assignment is None:
            raise Http404("No such review.")
        return Response(ReviewDetailSerializer(assignment, context={"request": self.request}).data)

    @assessment_schema(
        summary="One review",
        description="With the application under review, the criteria to score and the scores "
        "filled from the application (`automatic`).",
        responses=with_errors({200: ReviewDetailSerializer}, 404),
    )
    def get(self, request, pk: int):
        return self._detail(pk)

    @assessment_schema(
        summary="Save the whole review (the assigned adviser)",
        description="Scores for the criteria left out are cleared; a recommendation or "
        "comment left out is emptied. All or nothing.",
        request=ReviewInputSerializer,
        responses=with_errors({200: ReviewDetailSerializer}, 400, 403, 404),
    )
    def put(self, request, pk: int):
        return self._save(request, pk, partial=False)

    @assessment_schema(
        summary="Change part of a review (the assigned adviser)",
        description="Only the scores named change (null clears one); the recommendation and "
        "comment change when given. All or nothing.",
        request=ReviewInputSerializer,
        responses=with_errors({200: ReviewDetailSerializer}, 400, 403, 404),
    )
    def patch(self, request, pk: int):
        return self._save(request, pk, partial=True)

    def _save(self, request, pk: int, *, partial: bool) -> Response:
        assignment = selectors.assignment_get_for_user(request.user, pk)
        if not can_score(request.user, assignment):
            raise PermissionDenied(_("Only the adviser the application is assigned to scores it."))
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scores = dict(data.get("scores", {}))
        if partial:
            recommendation, comment = data.get("recommendation"), data.get("comment")
        else:
            criteria = selectors.criterion_list(assignment.programme)
            scores = {**{str(criterion.pk): None for criterion in criteria}, **scores}
            recommendation, comment = data.get("recommendation", ""), data.get("comment", "")
        review_save(
            assignment,
            by=request.user,
            scores=scores,
            recommendation=recommendation,
            comment=comment,
        )
        return self._detail(pk)


urlpatterns = [
    path("reviews/", ReviewListView.as_view(), name="review.list"),
    path("reviews/<int:pk>/", ReviewDetailView.as_view(), name="review.detail"),
]
