"""API shapes of the monitoring app: a meeting's outcome with its answers, and the settle
input (the service checks the level)."""

from rest_framework import serializers

from .models import MeetingOutcome, SurveyResponse


class SurveyResponseSerializer(serializers.ModelSerializer):
    respondent = serializers.SerializerMethodField()

    class Meta:
        model = SurveyResponse
        fields = [
            "respondent_kind", "respondent", "took_place", "level", "transactions",
            "estimated_value", "currency", "next_steps", "comment", "language",
            "submitted_at", "updated_at",
        ]  # fmt: skip

    def get_respondent(self, response) -> str:
        return response.link.respondent_name


class MeetingOutcomeSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id")
    overseas = serializers.CharField(source="meeting.overseas.display_name")
    domestic = serializers.CharField(source="meeting.domestic.display_name")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    level = serializers.IntegerField(allow_null=True)
    settled_by = serializers.SerializerMethodField()
    responses = SurveyResponseSerializer(source="meeting.survey_responses", many=True)

    class Meta:
        model = MeetingOutcome
        fields = [
            "meeting", "overseas", "domestic", "starts_at", "level", "derived_level", "rule",
            "flagged", "settled_level", "settled_by", "settled_at", "note", "responses",
        ]  # fmt: skip

    def get_settled_by(self, outcome) -> str | None:
        return outcome.settled_by.display_name() if outcome.settled_by_id else None


class SettleSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
