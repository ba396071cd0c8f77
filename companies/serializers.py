"""API shapes for applications: the company record, the SME result, the audit trail.

Serializers parse and present; they check shape and type only. companies.services validate the
rest (and answer errors by field: company fields by name, answers to the programme's questions
as q<question id>)."""

from django.urls import reverse
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import OrganisationSummarySerializer, named_choice_field
from programmes.serializers import CountryCodeListField

from .models import Application, ApplicationEvent, Company, LegalForm, SizeClass, SmeSector
from .rules import can_manage_applications
from .services.applications import COMPANY_FIELDS, TRANSITIONS
from .services.eligibility import reason_text


def application_status_field(**kwargs) -> serializers.ChoiceField:
    return named_choice_field("ApplicationStatus", Application.Status.choices, **kwargs)


# --- the company --------------------------------------------------------------------------


class ApplicationCompanySerializer(serializers.ModelSerializer):
    """The company record of an application; every field may be changed by staff (PATCH)."""

    country = CountryField(required=False, help_text="ISO 3166-1 alpha-2 code, e.g. VN.")
    sector = named_choice_field(
        "SmeSector",
        SmeSector.choices,
        required=False,
        help_text="Each country's SME rule maps this to its own sector group.",
    )
    legal_form = named_choice_field("LegalForm", LegalForm.choices, required=False)
    hiring_countries = CountryCodeListField(
        required=False, help_text='Manufacturers: the countries they hire from, e.g. ["VN"].'
    )

    class Meta:
        model = Company
        fields = ["id", *COMPANY_FIELDS]
        read_only_fields = ["id"]
        extra_kwargs = {
            "currency": {"help_text": "ISO 4217 code of capital, sales and balance sheet."},
        }


class ApplicationCompanySummarySerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True)
    sector = named_choice_field("SmeSector", SmeSector.choices, read_only=True)

    class Meta:
        model = Company
        fields = [
            "id", "legal_name", "local_name", "latin_name", "country", "sector", "employees",
            "currency", "capital", "sales",
        ]  # fmt: skip
        read_only_fields = fields


# --- the SME result -----------------------------------------------------------------------


class ExchangeRateUsedSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="The currency of the company's figures.")
    to_currency = serializers.CharField(help_text="The currency of the rule's thresholds.")
    rate = serializers.CharField(help_text="1 `currency` = `rate` `to_currency`, as a decimal.")
    date = serializers.DateField()
    source = serializers.CharField(allow_blank=True)


class SmeResultSerializer(serializers.Serializer):
    eligible = serializers.BooleanField(
        allow_null=True, help_text="null: cannot decide (a figure or an exchange rate missing)."
    )
    size_class = named_choice_field("SizeClass", SizeClass.choices, allow_null=True)
    rule_set = serializers.CharField(
        allow_null=True, help_text="The name of the SME rule set applied."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why, one line per reason, in your language."
    )
    exchange_rate = ExchangeRateUsedSerializer(
        allow_null=True, help_text="The dated rate used to convert the figures, if any."
    )


def sme_result(application: Application) -> dict:
    return {
        "eligible": application.eligible,
        "size_class": application.size_class or None,
        "rule_set": application.rule_set_name or None,
        "reasons": [reason_text(item) for item in application.eligibility_reasons or []],
        "exchange_rate": application.exchange_rate or None,
    }


# --- applications -------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    company = ApplicationCompanySummarySerializer(read_only=True)
    counterpart = OrganisationSummarySerializer(
        read_only=True, allow_null=True, help_text="The organisation that put it forward."
    )
    source = named_choice_field("ApplicationSource", Application.Source.choices, read_only=True)
    status = application_status_field(read_only=True)
    language = serializers.CharField(read_only=True, help_text="en, ja or ru.")
    sme = serializers.SerializerMethodField(help_text="The SME result as last checked.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "url", "programme", "company", "counterpart", "source", "status", "email",
            "language", "sme", "submitted_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(SmeResultSerializer)
    def get_sme(self, application: Application) -> dict:
        return sme_result(application)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, application: Application) -> str:
        url = reverse("api:application.detail", kwargs={"pk": application.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ApplicationEventSerializer(serializers.ModelSerializer):
    kind = named_choice_field("ApplicationEventKind", ApplicationEvent.Kind.choices, read_only=True)
    by = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The user's id; null for the applicant."
    )
    actor = serializers.CharField(read_only=True, help_text="Who, as shown in the trail.")
    changes = serializers.JSONField(read_only=True, help_text='{"field": [old, new]} for edits.')

    class Meta:
        model = ApplicationEvent
        fields = ["at", "kind", "by", "actor", "from_status", "to_status", "changes", "reason"]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    company = ApplicationCompanySerializer(read_only=True)
    answers = serializers.JSONField(
        read_only=True, help_text='Answers to the programme\'s questions: {"question id": value}.'
    )
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses this user may move the application to (POST …/transition/)."
    )
    events = ApplicationEventSerializer(many=True, read_only=True, help_text="The audit trail.")

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "answers", "allowed_transitions", "events"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=application_status_field()))
    def get_allowed_transitions(self, application: Application) -> list[str]:
        request = self.context.get("request")
        allowed = TRANSITIONS.get(application.status, ())
        if request is not None and can_manage_applications(request.user, application.programme):
            return list(allowed)
        return [s for s in allowed if s == Application.Status.WITHDRAWN]


class ApplicationChangeSerializer(ApplicationCompanySerializer):
    """A staff correction: any company field, and answers to merge into the stored ones."""

    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        help_text='{"question id": value}; null or "" removes an answer. Errors on answers '
        "are reported as q<question id>.",
    )

    class Meta(ApplicationCompanySerializer.Meta):
        fields = [*COMPANY_FIELDS, "answers"]


class ApplicationTransitionSerializer(serializers.Serializer):
    status = application_status_field(help_text="The status to move to; see allowed_transitions.")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Kept in the trail."
    )


class ApplicationFilterSerializer(serializers.Serializer):
    programme = serializers.SlugField(
        required=False, help_text="Only the applications to the programme with this slug."
    )
    status = application_status_field(required=False, help_text="Only applications in this status.")
    eligible = serializers.ChoiceField(
        choices=["true", "false", "null"],
        required=False,
        help_text="The SME result: true, false, or null (cannot decide).",
    )

    def lookups(self) -> dict:
        data = self.validated_data
        lookups = {}
        if "programme" in data:
            lookups["programme__slug"] = data["programme"]
        if "status" in data:
            lookups["status"] = data["status"]
        if "eligible" in data:
            lookups.update(
                {"true": {"eligible": True}, "false": {"eligible": False},
                 "null": {"eligible__isnull": True}}[data["eligible"]]
            )  # fmt: skip
        return lookups
