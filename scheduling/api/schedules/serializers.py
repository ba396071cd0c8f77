"""Shapes of the schedule API: runs, schedules and their quality, meetings, edits, repairs."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.serializers import ID_MAX, id_field

from ... import services
from ...models import Meeting, Schedule, ScheduleRun
from ...views.schedules import quality_view


class SpreadSerializer(serializers.Serializer):
    min = serializers.IntegerField()
    mean = serializers.FloatField()
    max = serializers.IntegerField()


class PerCompanySerializer(serializers.Serializer):
    overseas = SpreadSerializer(required=False)
    domestic = SpreadSerializer(required=False)


class CompanyReasonSerializer(serializers.Serializer):
    company = serializers.CharField(help_text="The company's code (country-id).")
    name = serializers.CharField(required=False)
    why = serializers.CharField(help_text="The reason code (scheduling/texts.py).")
    why_text = serializers.CharField()
    meetings = serializers.IntegerField(required=False)
    minimum = serializers.IntegerField(required=False)


class UnmetMustSerializer(serializers.Serializer):
    by = serializers.CharField()
    overseas = serializers.CharField()
    domestic = serializers.CharField()
    overseas_name = serializers.CharField(required=False)
    domestic_name = serializers.CharField(required=False)
    why = serializers.CharField()
    why_text = serializers.CharField()


class QualitySerializer(serializers.Serializer):
    status = serializers.CharField(required=False)
    objective = serializers.FloatField(required=False)
    upper_bound = serializers.FloatField(required=False)
    ratio = serializers.FloatField(required=False, allow_null=True)
    meetings = serializers.IntegerField(required=False)
    per_company = PerCompanySerializer()
    no_meeting = CompanyReasonSerializer(many=True)
    under_minimum = CompanyReasonSerializer(many=True)
    unmet_must = UnmetMustSerializer(many=True)


class ScheduleSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="draft, published or superseded.")
    quality = serializers.SerializerMethodField()
    run = serializers.IntegerField(source="run_id", allow_null=True)

    class Meta:
        model = Schedule
        fields = ["id", "label", "status", "run", "created_at", "published_at", "quality"]

    @extend_schema_field(QualitySerializer)
    def get_quality(self, schedule) -> dict:
        return QualitySerializer(quality_view(schedule)).data


class RunSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="queued, running, succeeded or failed.")
    job = serializers.IntegerField(source="job_id", allow_null=True)
    schedule = serializers.IntegerField(source="schedule_id", allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleRun
        fields = [
            "id", "status", "time_limit", "message", "job", "progress", "schedule",
            "created_at", "started_at", "finished_at", "timings",
        ]  # fmt: skip

    def get_progress(self, run) -> int | None:
        return run.job.percent if run.job_id else None


class RunInputSerializer(serializers.Serializer):
    time_limit = serializers.IntegerField(
        min_value=1, max_value=services.MAX_TIME_LIMIT, default=60
    )


class MeetingSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="planned, held, cancelled or no_show.")
    origin = serializers.CharField(help_text="optimiser, manual or repair.")
    overseas = serializers.IntegerField(source="overseas_id")
    overseas_name = serializers.CharField(source="overseas.legal_name")
    domestic = serializers.IntegerField(source="domestic_id")
    domestic_name = serializers.CharField(source="domestic.legal_name")
    session = serializers.IntegerField(source="activity_id")
    table = serializers.IntegerField(source="table.number")
    interpreter = serializers.IntegerField(source="interpreter_id", allow_null=True)
    adviser = serializers.IntegerField(source="adviser_id", allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "overseas", "overseas_name", "domestic", "domestic_name", "session", "table",
            "slot", "starts_at", "ends_at", "interpreter", "adviser", "status", "origin", "score",
        ]  # fmt: skip


class MeetingAddSerializer(serializers.Serializer):
    overseas = id_field()
    domestic = id_field()
    slot = serializers.IntegerField(min_value=0, max_value=ID_MAX)
    table = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, allow_null=True)


class MeetingChangeSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=0, max_value=ID_MAX, required=False)
    table = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, allow_null=True)
    status = serializers.CharField(required=False, help_text="planned, held, cancelled or no_show.")

    def validate(self, attrs):
        if "status" in attrs and ("slot" in attrs or "table" in attrs):
            raise ValidationError({"status": [_("Change the status or move, not both at once.")]})
        if not attrs:
            raise ValidationError({"slot": [_("Give a slot (and table) or a status.")]})
        return attrs


class SwapSerializer(serializers.Serializer):
    first = id_field()
    second = id_field()


class AbsenceSerializer(serializers.Serializer):
    company = id_field()
    session = id_field()
    arrives_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Empty: cancelled for the session's day."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class AbsenceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    company = serializers.IntegerField(source="company_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField()


class InterpreterAbsenceSerializer(serializers.Serializer):
    interpreter = id_field()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    replacement = id_field(
        required=False, allow_null=True, help_text="Table mode: who takes the meetings."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class InterpreterAbsenceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="absence.pk")
    interpreter = serializers.IntegerField(source="absence.interpreter_id")
    starts_at = serializers.DateTimeField(source="absence.starts_at")
    ends_at = serializers.DateTimeField(source="absence.ends_at")
    reason = serializers.CharField(source="absence.reason")
    replaced = serializers.SerializerMethodField(help_text="Meetings the replacement took.")
    needs_interpreter = serializers.SerializerMethodField(
        help_text="Meetings left without an interpreter."
    )

    def get_replaced(self, result) -> list[int]:
        return [m.pk for m in result["replaced"]]

    def get_needs_interpreter(self, result) -> list[int]:
        return [m.pk for m in result["unassigned"]]


class ChangeSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="moved, interpreter (same slot and table, another interpreter), removed or added."
    )
    meeting = serializers.IntegerField(source="meeting.pk", allow_null=True, default=None)
    overseas = serializers.IntegerField(source="overseas.pk")
    domestic = serializers.IntegerField(source="domestic.pk")
    slot = serializers.IntegerField(allow_null=True)
    table = serializers.IntegerField(source="table.number", allow_null=True, default=None)
    starts_at = serializers.DateTimeField(allow_null=True)


class CountsSerializer(serializers.Serializer):
    kept = serializers.IntegerField(required=False)
    moved = serializers.IntegerField()
    interpreter = serializers.IntegerField(
        required=False, help_text="Meetings kept in place with another interpreter."
    )
    removed = serializers.IntegerField()
    added = serializers.IntegerField()


class PreviewSerializer(serializers.Serializer):
    counts = CountsSerializer()
    objective = serializers.FloatField()
    upper_bound = serializers.FloatField()
    changes = ChangeSerializer(many=True)
    token = serializers.CharField(help_text="POST it to repair/confirm/ to save these changes.")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class CompareSerializer(serializers.Serializer):
    a = ScheduleSerializer()
    b = ScheduleSerializer()
    common = serializers.IntegerField(help_text="Pairs that meet in both.")
    only_a = serializers.IntegerField()
    only_b = serializers.IntegerField()
