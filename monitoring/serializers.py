"""API shapes of the monitoring app: a meeting's outcome with its answers, and the settle
input (the service checks the level); follow-ups with notes and survey rounds, return sales,
a respondent's own survey (meeting or follow-up). Input shapes take raw values: the services
check them and name the field they refuse."""

from rest_framework import serializers

from .models import (
    FollowUp,
    FollowUpNote,
    FollowUpSurvey,
    MeetingOutcome,
    ReturnSale,
    SurveyResponse,
)


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


class FollowUpNoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpNote
        fields = ["id", "written_at", "author", "text", "status_from", "status_to"]

    def get_author(self, note) -> str | None:
        return note.author.display_name() if note.author_id else None


class FollowUpSurveySerializer(serializers.ModelSerializer):
    """A follow-up survey round of one company, with its answer once given."""

    company = serializers.CharField(source="company.display_name")
    return_sale = serializers.IntegerField(source="return_sale_id", allow_null=True)
    # Plain strings: "japanese"/"overseas"; a FollowUp status, "" until answered.
    respondent_kind = serializers.CharField()
    status = serializers.CharField()

    class Meta:
        model = FollowUpSurvey
        fields = [
            "id", "follow_up", "months", "respondent_kind", "company", "language", "due_date",
            "expires_at", "sent_at", "answered_at", "status", "deal_value", "currency",
            "sales_amount", "sales_currency", "return_sale", "comment",
        ]  # fmt: skip


class FollowUpSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id")
    overseas = serializers.CharField(source="meeting.overseas.display_name")
    domestic = serializers.CharField(source="meeting.domestic.display_name")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    status = serializers.CharField(help_text=", ".join(FollowUp.Status.values))

    class Meta:
        model = FollowUp
        fields = [
            "id", "meeting", "overseas", "domestic", "starts_at", "opened_level", "status",
            "planned_visits", "deal_value", "currency", "next_contact", "created_at",
            "updated_at",
        ]  # fmt: skip


class FollowUpDetailSerializer(FollowUpSerializer):
    notes = FollowUpNoteSerializer(many=True)
    surveys = FollowUpSurveySerializer(many=True)

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "notes", "surveys"]


class FollowUpUpdateSerializer(serializers.Serializer):
    """Only the fields sent change (the service checks them); a note is added with them."""

    status = serializers.CharField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    next_contact = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    planned_visits = serializers.CharField(required=False, allow_blank=True)
    deal_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    currency = serializers.CharField(required=False, allow_blank=True)


class FollowUpNoteInputSerializer(serializers.Serializer):
    text = serializers.CharField()


class ReturnSaleSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = ReturnSale
        fields = [
            "id", "company", "company_name", "follow_up", "period_start", "period_end",
            "amount", "currency", "note", "recorded_by", "recorded_at",
        ]  # fmt: skip

    def get_recorded_by(self, sale) -> str | None:
        return sale.recorded_by.display_name() if sale.recorded_by_id else None


class ReturnSaleInputSerializer(serializers.Serializer):
    """Raw values: the service checks the company, the period, overlaps, amount, currency."""

    company = serializers.IntegerField(required=False)
    period_start = serializers.CharField(required=False, allow_blank=True)
    period_end = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.CharField(required=False, allow_blank=True)
    currency = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProgrammeSurveyResponseSerializer(SurveyResponseSerializer):
    meeting = serializers.IntegerField(source="meeting_id")

    class Meta(SurveyResponseSerializer.Meta):
        fields = ["meeting", *SurveyResponseSerializer.Meta.fields]


class MySurveySerializer(serializers.Serializer):
    """A respondent's own meeting survey: the meeting, until when it takes changes, the answer."""

    meeting = serializers.IntegerField(source="link.meeting_id")
    overseas = serializers.CharField(source="link.meeting.overseas.display_name")
    domestic = serializers.CharField(source="link.meeting.domestic.display_name")
    starts_at = serializers.DateTimeField(source="link.meeting.starts_at")
    respondent_kind = serializers.CharField(source="link.respondent_kind")
    respondent = serializers.CharField(source="link.respondent_name")
    language = serializers.CharField(source="link.language")
    expires_at = serializers.DateTimeField(source="link.expires_at")
    answer = SurveyResponseSerializer(allow_null=True)


class SurveyAnswerSerializer(serializers.Serializer):
    """Raw values: the service checks the level (1–5), the transactions, value and currency."""

    took_place = serializers.BooleanField()
    level = serializers.IntegerField(required=False, allow_null=True)
    transactions = serializers.DictField(child=serializers.CharField(), required=False)
    estimated_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    currency = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MyFollowUpSurveySerializer(serializers.Serializer):
    """A company's own follow-up survey: the case, the round, the sales period, the answer."""

    survey = FollowUpSurveySerializer()
    overseas = serializers.CharField()
    domestic = serializers.CharField()
    sales_period_start = serializers.DateField(allow_null=True)
    sales_period_end = serializers.DateField(allow_null=True)


class FollowUpSurveyAnswerSerializer(serializers.Serializer):
    status = serializers.CharField()
    deal_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    currency = serializers.CharField(required=False, allow_blank=True, default="")
    sales_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    sales_currency = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
