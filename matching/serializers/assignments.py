"""Conflicts of interest and who reviews which application."""

from rest_framework import serializers

from core.serializers import UserSummarySerializer, named_choice_field

from ..models import Assignment, Conflict
from .common import AssessedApplicationSerializer, AssessedCompanySerializer, recommendation_field


class ConflictSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    company = AssessedCompanySerializer(read_only=True)
    declared_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Conflict
        fields = ["id", "programme", "adviser", "company", "reason", "declared_by", "declared_at"]
        read_only_fields = fields


class ConflictInputSerializer(serializers.Serializer):
    adviser = serializers.IntegerField(
        required=False,
        help_text="The adviser's user id. An adviser declaring their own conflict leaves it out.",
    )
    company = serializers.IntegerField(help_text="The id of a company in the round.")
    reason = serializers.CharField(max_length=300, allow_blank=True)


class AssignmentSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    application = AssessedApplicationSerializer(read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    method = named_choice_field("AssignmentMethod", Assignment.Method.choices, read_only=True)
    assigned_by = UserSummarySerializer(read_only=True, allow_null=True)
    recommendation = recommendation_field(read_only=True, allow_blank=True)
    complete = serializers.BooleanField(source="is_complete", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "programme", "application", "adviser", "method", "assigned_by", "assigned_at",
            "recommendation", "complete", "completed_at",
        ]  # fmt: skip
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):
    application = serializers.IntegerField(help_text="The id of an application in the round.")
    adviser = serializers.IntegerField(help_text="The user id of an adviser of the programme.")


class AutoAssignResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Assignments made now.")
    applications = serializers.IntegerField(help_text="Undecided applications of the round.")
    loads = serializers.DictField(
        child=serializers.IntegerField(), help_text="Adviser's name → reviews after this."
    )
    short = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Application id → reviews that could not be assigned (too few advisers "
        "without a conflict).",
    )
