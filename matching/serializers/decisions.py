"""Decisions, telling the companies, the waiting list, invitations and participants' answers."""

from rest_framework import serializers

from core.serializers import UserSummarySerializer, id_field, named_choice_field

from ..models import Decision
from .common import AssessedApplicationSerializer, AssessedCompanySerializer
from .ranking import DecisionSummarySerializer


class DecisionSerializer(DecisionSummarySerializer):
    application = AssessedApplicationSerializer(read_only=True)
    decided_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta(DecisionSummarySerializer.Meta):
        fields = [
            "id", "application", "outcome", "reason", "override_reason", "invited",
            "waitlist_rank", "promoted", "decided_by", "decided_at", "notified_at", "response",
            "response_note", "responded_at",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionInputSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=id_field(),
        allow_empty=True,
        help_text="Ids of applications of the round; all are decided, or none.",
    )
    outcome = named_choice_field("DecisionOutcome", Decision.Outcome.choices)
    reason = serializers.CharField(allow_blank=True, help_text="Kept on record.")
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when an application still misses reviews: why decide now.",
    )


class NotifyResultSerializer(serializers.Serializer):
    queued = serializers.IntegerField(
        help_text="E-mails queued, one per company; each decision is marked as told "
        "(notified_at) once its e-mail went."
    )
    without_email = serializers.ListField(
        child=serializers.CharField(), help_text="Companies not told: no e-mail address."
    )


class PromoteInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InvitableCompanySerializer(AssessedCompanySerializer):
    industries = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(AssessedCompanySerializer.Meta):
        fields = [*AssessedCompanySerializer.Meta.fields, "industries", "contact_email"]
        read_only_fields = fields


class InvitableFilterSerializer(serializers.Serializer):
    sector = serializers.CharField(
        required=False, help_text="Only companies of this industry (e.g. auto_parts)."
    )
    page = serializers.IntegerField(required=False, min_value=1)


class InvitationInputSerializer(serializers.Serializer):
    companies = serializers.ListField(
        child=id_field(), allow_empty=True, help_text="Ids of invitable companies."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipationInputSerializer(serializers.Serializer):
    response = named_choice_field("ParticipationResponse", Decision.Response.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
