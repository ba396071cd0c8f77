"""The ranking: rows with totals, failed criteria and the decision taken."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.serializers import application_status_field
from core.serializers import named_choice_field

from .. import selectors
from ..models import Decision
from .common import (
    NULLABLE_DATETIME,
    SCORE,
    TOTAL,
    AssessedCompanySerializer,
    CounterpartRefSerializer,
)


class FailedCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DecisionSummarySerializer(serializers.ModelSerializer):
    outcome = named_choice_field("DecisionOutcome", Decision.Outcome.choices, read_only=True)
    response = named_choice_field(
        "ParticipationResponse", Decision.Response.choices, read_only=True, allow_blank=True
    )

    class Meta:
        model = Decision
        fields = ["outcome", "reason", "waitlist_rank", "invited", "response"]
        read_only_fields = fields


class RankingRowSerializer(serializers.Serializer):
    """One applicant of the round (a selectors.RankingEntry)."""

    position = serializers.IntegerField(
        source="row.position", allow_null=True, help_text="Equal totals share a position."
    )
    application = serializers.IntegerField(source="application.pk")
    status = application_status_field(source="application.status")
    company = AssessedCompanySerializer(source="application.company")
    counterpart = CounterpartRefSerializer(source="application.counterpart", allow_null=True)
    total = serializers.DecimalField(
        source="row.total",
        allow_null=True,
        help_text="Mean of the complete reviews' totals, out of 100.",
        **TOTAL,
    )
    spread = serializers.DecimalField(
        source="row.spread",
        allow_null=True,
        help_text="Highest minus lowest review total (two complete reviews or more).",
        **TOTAL,
    )
    disagreement = serializers.BooleanField(
        source="row.disagreement", help_text="The spread reaches the round's disagreement."
    )
    means = serializers.DictField(
        source="row.means",
        child=serializers.DecimalField(**SCORE),
        help_text="Criterion id → mean score of the complete reviews.",
    )
    failed = serializers.SerializerMethodField(
        help_text="Criteria whose mean is below their threshold."
    )
    passes = serializers.BooleanField(source="row.passes")
    reviews_done = serializers.IntegerField(source="row.reviews_done")
    reviews_missing = serializers.IntegerField(source="row.reviews_missing")
    recommendations = serializers.DictField(
        source="row.recommendations",
        child=serializers.IntegerField(),
        help_text="Recommendation → how many complete reviews gave it.",
    )
    decision = DecisionSummarySerializer(allow_null=True)
    automatic_frozen_at = serializers.SerializerMethodField(
        help_text="When the automatic scores were frozen (the round's lock); null while they "
        "follow the company's record and the latest rates."
    )

    @extend_schema_field(NULLABLE_DATETIME)
    def get_automatic_frozen_at(self, entry) -> str | None:
        frozen = selectors.frozen_facts_of(entry.application)
        return (
            None
            if frozen is None
            else serializers.DateTimeField().to_representation(frozen.frozen_at)
        )

    @extend_schema_field(FailedCriterionSerializer(many=True))
    def get_failed(self, entry) -> list:
        return [
            {"id": pk, "name": name}
            for pk, name in zip(entry.row.failed, entry.failed_names, strict=True)
        ]


class RankingFilterSerializer(serializers.Serializer):
    counterpart = serializers.SlugField(
        required=False,
        help_text="Only the applicants put forward by the organisation with this slug.",
    )
