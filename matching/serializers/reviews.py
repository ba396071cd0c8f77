"""Advisers' reviews: scores per criterion, the review of one application, filters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.serializers import ApplicationCompanySerializer
from core.serializers import UserSummarySerializer

from .. import selectors
from ..models import Assignment
from .common import (
    NULLABLE_DATETIME,
    SCORE,
    TOTAL,
    AssessedApplicationSerializer,
    recommendation_field,
)
from .round import CriterionSerializer


@extend_schema_field({"type": "number", "nullable": True, "example": 4})
class ScoreValueField(serializers.Field):
    """A score as sent: a number, a numeric string, or null (to clear it). Passed on as it is:
    the service checks it and answers under scores.<criterion id>."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class ReviewSerializer(serializers.ModelSerializer):
    """An adviser's review of one application (the assignment), with the running total."""

    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    application = AssessedApplicationSerializer(read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    scores = serializers.SerializerMethodField(
        help_text="The adviser's scores: criterion id → score."
    )
    recommendation = recommendation_field(read_only=True, allow_blank=True)
    complete = serializers.BooleanField(source="is_complete", read_only=True)
    total = serializers.SerializerMethodField(
        help_text="The weighted total out of 100 of the scores given so far (with those "
        "filled from the application); null before any."
    )

    class Meta:
        model = Assignment
        fields = [
            "id", "programme", "application", "adviser", "scores", "recommendation", "comment",
            "complete", "completed_at", "total", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _criteria(self, assignment: Assignment) -> list:
        """The programme's criteria, read once per programme for a whole page of reviews."""
        cache = self.context.setdefault("criteria", {})
        if assignment.programme_id not in cache:
            cache[assignment.programme_id] = list(selectors.criterion_list(assignment.programme))
        return cache[assignment.programme_id]

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(**SCORE)))
    def get_scores(self, assignment: Assignment) -> dict:
        field = serializers.DecimalField(**SCORE)
        return {
            str(pk): field.to_representation(value)
            for pk, value in selectors.assignment_scores(assignment).items()
        }

    @extend_schema_field(serializers.DecimalField(**TOTAL, allow_null=True))
    def get_total(self, assignment: Assignment) -> str | None:
        criteria = self._criteria(assignment)
        auto = selectors.auto_scores(assignment.application, criteria)
        total = selectors.running_total(assignment, criteria, auto)
        return None if total is None else serializers.DecimalField(**TOTAL).to_representation(total)


class ReviewApplicationSerializer(AssessedApplicationSerializer):
    company = ApplicationCompanySerializer(read_only=True)
    answers = serializers.JSONField(
        read_only=True, help_text='Answers to the programme\'s questions: {"question id": value}.'
    )


class ReviewDetailSerializer(ReviewSerializer):
    application = ReviewApplicationSerializer(
        read_only=True, help_text="The application under review, with the full company record."
    )
    automatic = serializers.SerializerMethodField(
        help_text="Scores filled from the application: criterion id → score. They cannot be "
        "changed by the adviser."
    )
    criteria = serializers.SerializerMethodField(help_text="What to score, in order.")
    automatic_frozen_at = serializers.SerializerMethodField(
        help_text="When the scores filled from the application were frozen (the round's "
        "lock, with the exchange rates of that day); null while they follow the company's "
        "record and the latest rates."
    )
    locked = serializers.SerializerMethodField(
        help_text="The round is locked: the review can no longer change."
    )

    class Meta(ReviewSerializer.Meta):
        fields = [
            *ReviewSerializer.Meta.fields, "automatic", "automatic_frozen_at", "criteria", "locked"
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(NULLABLE_DATETIME)
    def get_automatic_frozen_at(self, assignment: Assignment) -> str | None:
        frozen = selectors.frozen_facts_of(assignment.application)
        return (
            None
            if frozen is None
            else serializers.DateTimeField().to_representation(frozen.frozen_at)
        )

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(**SCORE)))
    def get_automatic(self, assignment: Assignment) -> dict:
        field = serializers.DecimalField(**SCORE)
        auto = selectors.auto_scores(assignment.application, self._criteria(assignment))
        return {str(pk): field.to_representation(value) for pk, value in auto.items()}

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, assignment: Assignment) -> list:
        return CriterionSerializer(self._criteria(assignment), many=True).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_locked(self, assignment: Assignment) -> bool:
        return selectors.assessment_for(assignment.programme).is_locked


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=ScoreValueField(),
        required=False,
        help_text='{"criterion id": score or null}. null clears a score. PATCH changes the '
        "criteria named; PUT also clears the scores of the criteria left out.",
    )
    recommendation = recommendation_field(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReviewFilterSerializer(serializers.Serializer):
    programme = serializers.SlugField(
        required=False, help_text="Only the reviews of the programme with this slug."
    )
