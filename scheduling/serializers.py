"""API shapes of the scheduling input: meeting requests, adviser pair scores and blocks, the
pair table, attendance, absences and the scheduling settings.

Serializers parse and present; they check shape and type only. The services in
scheduling/services/ check the rules (who takes part, the request window, the reasons) and
answer errors by field. Times are ISO 8601; stored and answered in UTC."""

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from companies.models import Company
from core.serializers import UserSummarySerializer, id_field, named_choice_field

from .models import (
    Attendance,
    MeetingRequest,
    PairScore,
    Preference,
    SchedulingSettings,
    Unavailability,
)
from .services.inputs import MAX_ADJUSTMENT, NOTE_LENGTH


def preference_field(**kwargs):
    return named_choice_field("MeetingPreference", Preference.choices, **kwargs)


def reason_kind_field(**kwargs):
    return named_choice_field("PairReasonKind", PairScore.ReasonKind.choices, **kwargs)


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    country = CountryField(read_only=True)

    class Meta:
        model = Company
        fields = ["id", "name", "country"]
        read_only_fields = fields


class MeetingRequestSerializer(serializers.ModelSerializer):
    company = ParticipantSerializer(read_only=True)
    target = ParticipantSerializer(read_only=True)
    preference = preference_field(read_only=True)

    class Meta:
        model = MeetingRequest
        fields = ["id", "company", "target", "preference", "note", "created_at", "updated_at"]
        read_only_fields = fields


class MeetingRequestInputSerializer(serializers.Serializer):
    company = serializers.IntegerField(
        required=False,
        help_text="The company answering (staff only); others answer for their own company.",
    )
    target = serializers.IntegerField(help_text="A participant of the other side.")
    preference = preference_field()
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_LENGTH, default=""
    )


class MeetingRequestChangeSerializer(serializers.Serializer):
    preference = preference_field(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_LENGTH)


class PairScoreSerializer(serializers.ModelSerializer):
    overseas = ParticipantSerializer(read_only=True)
    domestic = ParticipantSerializer(read_only=True)
    reason_kind = reason_kind_field(read_only=True)
    by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = PairScore
        fields = [
            "id", "overseas", "domestic", "adjustment", "blocked", "reason_kind", "reason",
            "by", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class PairScoreInputSerializer(serializers.Serializer):
    overseas = id_field(help_text="An overseas participant's id.")
    domestic = id_field(help_text="A Japanese participant's id.")
    adjustment = serializers.IntegerField(
        required=False,
        default=0,
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text="Signed points added to the pair's score. 0 and not blocked removes the row.",
    )
    blocked = serializers.BooleanField(required=False, default=False)
    reason_kind = reason_kind_field(required=False, default=PairScore.ReasonKind.OTHER)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PairScoreChangeSerializer(serializers.Serializer):
    adjustment = serializers.IntegerField(
        required=False, min_value=-MAX_ADJUSTMENT, max_value=MAX_ADJUSTMENT
    )
    blocked = serializers.BooleanField(required=False)
    reason_kind = reason_kind_field(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class BlockInputSerializer(serializers.Serializer):
    overseas = id_field()
    domestic = id_field()
    reason_kind = reason_kind_field(required=False, default=PairScore.ReasonKind.COMPETITOR)
    reason = serializers.CharField(help_text="Why the two must never meet.")


class PairPartSerializer(serializers.Serializer):
    term = serializers.CharField(help_text="domestic_must, overseas_like, mutual, adviser, ...")
    points = serializers.IntegerField()


class PairRowSerializer(serializers.Serializer):
    overseas = ParticipantSerializer()
    domestic = ParticipantSerializer()
    domestic_wants = serializers.CharField(help_text="must, like, no, or empty (no answer).")
    overseas_wants = serializers.CharField(help_text="must, like, no, or empty (no answer).")
    adjustment = serializers.IntegerField(source="adviser.adjustment", default=0)
    blocked = serializers.BooleanField(source="adviser.blocked", default=False)
    score = serializers.IntegerField(help_text="The combined score; the pair meets if > 0.")
    excluded = serializers.CharField(
        help_text="Why the pair never meets (blocked, declined_by_domestic, "
        "declined_by_overseas) or empty."
    )
    parts = serializers.SerializerMethodField(help_text="The terms that add up to the score.")

    def get_parts(self, row) -> list[dict]:
        return PairPartSerializer(
            [{"term": term, "points": points} for term, points in row["parts"]], many=True
        ).data


class AttendanceSerializer(serializers.ModelSerializer):
    company = ParticipantSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "activity", "company"]
        read_only_fields = fields


class AttendanceInputSerializer(serializers.Serializer):
    activity = id_field()
    company = id_field()
    attending = serializers.BooleanField()


class AttendanceResultSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    company = serializers.IntegerField()
    attending = serializers.BooleanField()
    changed = serializers.BooleanField()


class UnavailabilitySerializer(serializers.ModelSerializer):
    company = ParticipantSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Unavailability
        fields = ["id", "company", "interpreter", "starts_at", "ends_at", "reason", "created_at"]
        read_only_fields = fields


class UnavailabilityInputSerializer(serializers.Serializer):
    company = id_field()
    starts_at = serializers.DateTimeField(help_text="ISO 8601 with an offset, or UTC.")
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SchedulingSettingsSerializer(serializers.ModelSerializer):
    interpreter_mode = named_choice_field(
        "InterpreterMode", SchedulingSettings.InterpreterMode.choices, required=False
    )

    class Meta:
        model = SchedulingSettings
        fields = [
            "requests_open_at", "requests_close_at", "overseas_max_per_day",
            "domestic_min_meetings", "domestic_max_meetings", "interpreter_mode",
        ]  # fmt: skip
        # The service checks the rules (close after open, max ≥ min) with its own messages.
        validators: list = []
