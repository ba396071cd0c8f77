"""API shapes for the company registry, SME rule sets and exchange rates.

Serializers parse and present; they check shape and type only. companies.services (and the
eligibility engine behind them) validate the rest and answer errors by field."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import OrganisationSummarySerializer, named_choice_field

from .forms_registry import rate_sentence
from .models import Application, Company, ExchangeRate, RuleSet, SmeSector
from .serializers import (
    ApplicationCompanySerializer,
    SmeResultSerializer,
    application_status_field,
    sme_result,
)
from .services.applications import COMPANY_FIELDS

# --- companies -------------------------------------------------------------------------------


class CompanyFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Part of the name (any script) or of the registration number.",
    )
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166-1 alpha-2 code."
    )
    sector = named_choice_field("SmeSector", SmeSector.choices, required=False)


class CompanySerializer(ApplicationCompanySerializer):
    """A company of the registry, read-only here (staff correct companies through their
    applications)."""

    url = serializers.SerializerMethodField()
    organisation = OrganisationSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="The organisation whose members sign in as this company.",
    )
    application_count = serializers.IntegerField(
        read_only=True, help_text="The applications of this company that you can see."
    )
    # Answered empty when the company gave none: declared here, since read_only_fields would
    # drop allow_blank and the schema would then promise an address.
    contact_email = serializers.EmailField(read_only=True, allow_blank=True)
    website = serializers.URLField(read_only=True, allow_blank=True)

    class Meta(ApplicationCompanySerializer.Meta):
        fields = [
            "id", "url", *COMPANY_FIELDS, "organisation", "application_count", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, company: Company) -> str:
        url = reverse("api:company.detail", kwargs={"pk": company.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CompanyApplicationSerializer(serializers.ModelSerializer):
    """One application of the company, with its SME result as last checked."""

    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programme_title = serializers.CharField(source="programme.display_title", read_only=True)
    status = application_status_field(read_only=True)
    sme = serializers.SerializerMethodField(help_text="The SME result as last checked.")

    class Meta:
        model = Application
        fields = ["id", "programme", "programme_title", "status", "sme", "submitted_at"]
        read_only_fields = fields

    @extend_schema_field(SmeResultSerializer)
    def get_sme(self, application: Application) -> dict:
        return sme_result(application)


class CompanyDetailSerializer(CompanySerializer):
    applications = serializers.SerializerMethodField(help_text="Its applications that you can see.")
    merged_from = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the duplicates merged into this company."
    )

    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "applications", "merged_from"]
        read_only_fields = fields

    @extend_schema_field(CompanyApplicationSerializer(many=True))
    def get_applications(self, company: Company) -> list[dict]:
        applications = self.context.get("applications", [])
        return CompanyApplicationSerializer(applications, many=True, context=self.context).data


class CompanyMergeSerializer(serializers.Serializer):
    duplicate = serializers.IntegerField(
        help_text="The id of the duplicate to fold into this company: its applications move "
        "here and this company's empty fields are filled from it."
    )


# --- rule sets -------------------------------------------------------------------------------


class RuleSetSerializer(serializers.ModelSerializer):
    country = serializers.CharField(max_length=2, help_text="JP, RU, VN, TH, MY or EU.")
    currency = serializers.CharField(
        max_length=3, help_text="ISO 4217 code of the money thresholds, e.g. JPY."
    )
    definition = serializers.JSONField(
        help_text="combination, sectors, groups (limits per size class), not_applicable, notes: "
        "see docs/eligibility.md."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = RuleSet
        fields = [
            "name", "url", "title", "country", "valid_from", "valid_until", "citation",
            "currency", "definition", "builtin", "programme_specific", "created_at",
        ]  # fmt: skip
        read_only_fields = ["builtin", "programme_specific", "created_at"]
        extra_kwargs = {
            # The service checks the name (format and uniqueness) with the rest of the rule set.
            "name": {"validators": [], "help_text": "e.g. ceo-network-2027-jp; cannot change."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, rule_set: RuleSet) -> str:
        url = reverse("api:rule_set.detail", kwargs={"name": rule_set.name})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# --- exchange rates --------------------------------------------------------------------------


class ExchangeRateSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(max_length=3, help_text="From: ISO 4217 code, e.g. USD.")
    to_currency = serializers.CharField(max_length=3, help_text="To: ISO 4217 code, e.g. JPY.")
    rate = serializers.DecimalField(
        max_digits=24,
        decimal_places=10,
        normalize_output=True,
        help_text="1 `currency` = `rate` `to_currency`.",
    )
    text = serializers.SerializerMethodField(
        help_text="The rate in words, e.g. 1 USD = 150.25 JPY on 2026-10-01 (Bank of Japan)."
    )

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "to_currency", "rate", "date", "source", "text", "created_at"]
        read_only_fields = ["id", "text", "created_at"]
        extra_kwargs = {"source": {"required": False}}
        validators = []  # the service answers a second rate for the same day

    def get_text(self, rate: ExchangeRate) -> str:
        return rate_sentence(rate)
