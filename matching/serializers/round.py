"""The round: its counts and settings, and its criteria."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import UserSummarySerializer, named_choice_field

from ..models import Assessment, Criterion


class AssessmentCountsSerializer(serializers.Serializer):
    applications = serializers.IntegerField(help_text="Applications in the round.")
    assignments = serializers.IntegerField(help_text="Reviews assigned.")
    reviews_complete = serializers.IntegerField(help_text="Reviews complete.")
    selected = serializers.IntegerField(help_text="Companies selected and still taking part.")
    target_min = serializers.IntegerField()
    target_max = serializers.IntegerField()


class AssessmentSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)
    locked_by = UserSummarySerializer(read_only=True, allow_null=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "programme", "reviews_per_application", "target_min", "target_max", "disagreement",
            "is_locked", "locked_at", "locked_by", "updated_at", "counts",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(AssessmentCountsSerializer)
    def get_counts(self, assessment: Assessment) -> dict:
        """Counted by the view (matching.api.assessment.assessment_counts)."""
        return {
            **self.context["counts"],
            "target_min": assessment.target_min,
            "target_max": assessment.target_max,
        }


class AssessmentChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["reviews_per_application", "target_min", "target_max", "disagreement"]
        extra_kwargs = {
            "disagreement": {
                "help_text": "Points out of 100 between the highest and the lowest adviser "
                "total from which a disagreement is flagged."
            }
        }


class CriterionSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source = named_choice_field(
        "CriterionSource",
        Criterion.Source.choices,
        required=False,
        help_text="manual: scored by advisers; the others are filled from the application.",
    )
    auto_rule = serializers.JSONField(
        required=False,
        help_text='Automatic criteria: {"bands": [["from value", "score"], ...]} (sales also '
        '"currency": "JPY"), or {"yes": score, "no": score} for yes / no answers.',
    )
    display_name = serializers.CharField(
        read_only=True, help_text="The name in the user's language."
    )
    is_automatic = serializers.BooleanField(read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id", "programme", "name", "name_ja", "name_ru", "display_name", "guidance",
            "guidance_ja", "guidance_ru", "scale_min", "scale_max", "weight", "threshold",
            "source", "auto_rule", "is_automatic", "position",
        ]  # fmt: skip
        read_only_fields = ["id", "programme", "display_name", "is_automatic"]
