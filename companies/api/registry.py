"""API: the SME check (stable interface), the company registry, rule sets, exchange rates.

Reads are scoped by companies.selectors (a company the user may not see answers 404); changes are
for agency staff (403 for the others). Service refusals come out as 400 {"detail", "code",
"errors"} through core.api.exception_handler."""

from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from companies import selectors
from companies.eligibility_input import parse_check_input
from companies.exceptions import CompanyError
from companies.forms_registry import rule_set_errors
from companies.models import Company, ExchangeRate, RuleSet
from companies.serializers_registry import (
    CompanyDetailSerializer,
    CompanyFilterSerializer,
    CompanyMergeSerializer,
    CompanySerializer,
    ExchangeRateSerializer,
    RuleSetSerializer,
)
from companies.services import companies as services
from companies.services.eligibility import eligibility_check
from companies.views.registry import companies_with_application_counts, company_search
from core.api_views import ApiViewMixin, require_agency_staff, with_errors
from core.exceptions import NotAllowed


class EligibilityCheckInput(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 alpha-2 code, or EU")
    sector = serializers.CharField(
        help_text="manufacturing, construction, transport, agriculture, wholesale, retail, "
        "services, software, rubber, inns or other"
    )
    legal_form = serializers.CharField(help_text="company or sole_proprietor")
    capital = serializers.DecimalField(max_digits=24, decimal_places=2, required=False)
    sales = serializers.DecimalField(max_digits=24, decimal_places=2, required=False)
    balance_sheet = serializers.DecimalField(max_digits=24, decimal_places=2, required=False)
    employees = serializers.IntegerField(required=False)
    currency = serializers.CharField(
        required=False, help_text="ISO 4217 code of the money figures; default: the rule set's"
    )
    date = serializers.DateField(
        required=False, help_text="The day the figures refer to; picks the rule set and rate"
    )
    rule_set = serializers.CharField(required=False, help_text="A rule set's name")


class EligibilityCheckOutput(serializers.Serializer):
    eligible = serializers.BooleanField(allow_null=True)
    size_class = serializers.ChoiceField(
        choices=["micro", "small", "medium", "large"], allow_null=True
    )
    rule_set = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class SmeCheckThrottle(AnonRateThrottle):
    rate = "120/minute"


class EligibilityCheckView(ApiViewMixin, APIView):
    """Is a company an SME under the law (or a named rule set)? Open to anyone: it reads only
    the published law and the figures sent. `eligible` and `size_class` are null when the
    figures given cannot decide; the reasons say why."""

    permission_classes = [AllowAny]
    throttle_classes = [SmeCheckThrottle]

    @extend_schema(
        tags=["eligibility"],
        summary="SME check",
        request=EligibilityCheckInput,
        responses=with_errors({200: EligibilityCheckOutput}, 400),
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        check = eligibility_check(**parse_check_input(data))
        return Response(check.to_json())


# --- the company registry ------------------------------------------------------------------


@extend_schema(tags=["companies"])
@extend_schema_view(
    list=extend_schema(
        summary="Companies",
        description="Agency staff see every company; a counterpart organisation the companies "
        "it put forward; a company's members their own. Duplicates already merged are left out.",
        parameters=[CompanyFilterSerializer],
        responses=with_errors({200: CompanySerializer(many=True)}, 400),
    ),
    retrieve=extend_schema(
        summary="One company, with its applications you can see",
        responses=with_errors({200: CompanyDetailSerializer}, 404),
    ),
)
class CompanyViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = CompanySerializer
    queryset = Company.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        companies = selectors.company_list_for_user(self.request.user).select_related(
            "organisation"
        )
        return companies_with_application_counts(companies, self.request.user)

    def _detail(self, company: Company) -> dict:
        applications = (
            selectors.application_list_for_user(self.request.user)
            .filter(company=company)
            .order_by("-programme__start_date", "-pk")
        )
        context = {**self.get_serializer_context(), "applications": applications}
        return CompanyDetailSerializer(company, context=context).data

    def list(self, request):
        filters = CompanyFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        companies = company_search(self.get_queryset(), **filters.validated_data)
        page = self.paginate_queryset(companies)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(self._detail(get_object_or_404(self.get_queryset(), pk=pk)))

    @extend_schema(
        summary="Merge a duplicate into this company (agency staff)",
        description="The duplicate's applications move to this company, this company's empty "
        "fields are filled from it, and each moved application records the merge in its "
        "trail. Refused when both companies applied to the same programme.",
        request=CompanyMergeSerializer,
        responses=with_errors({200: CompanyDetailSerializer}, 400, 403, 404),
    )
    def merge(self, request, pk: int):
        keep = get_object_or_404(self.get_queryset(), pk=pk)
        require_agency_staff(request.user)
        serializer = CompanyMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duplicate = (
            selectors.company_list_for_user(request.user)
            .filter(pk=serializer.validated_data["duplicate"])
            .first()
        )
        if duplicate is None:
            raise ValidationError(
                {"duplicate": [_("No such company in the registry (it may have been merged).")]}
            )
        keep = services.company_merge(keep, duplicate=duplicate, by=request.user)
        return Response(self._detail(self.get_queryset().get(pk=keep.pk)))


# --- rule sets ---------------------------------------------------------------------------------


def _rule_set_error(exc: CompanyError) -> CompanyError:
    """The service's error with each engine message on the field its path names."""
    exc.errors = rule_set_errors(exc.errors)
    return exc


@extend_schema(tags=["eligibility"])
@extend_schema_view(
    list=extend_schema(
        summary="SME rule sets",
        description="The law of each country (shipped, `builtin`) and programme-specific rule "
        "sets, each valid from/until a date, with the citation of its source.",
    ),
    create=extend_schema(
        summary="Add a programme-specific rule set (agency staff)",
        description="The definition is checked by the eligibility engine; every problem is "
        "answered at once, by field (`definition` for the rules themselves).",
        responses=with_errors({201: RuleSetSerializer}, 400, 403),
    ),
    retrieve=extend_schema(
        summary="One SME rule set", responses=with_errors({200: RuleSetSerializer}, 404)
    ),
    partial_update=extend_schema(
        summary="Change a programme-specific rule set (agency staff)",
        description="Shipped rule sets follow the law and are refused (403); copy one instead. "
        "The name cannot change.",
        responses=with_errors({200: RuleSetSerializer}, 400, 403, 404),
    ),
)
class RuleSetViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = RuleSetSerializer
    queryset = RuleSet.objects.none()  # the schema's model; reads use the selector
    lookup_field = "name"

    def get_queryset(self):
        return selectors.rule_set_list()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        require_agency_staff(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            rule_set = services.rule_set_create(by=request.user, **serializer.validated_data)
        except CompanyError as exc:
            raise _rule_set_error(exc) from exc
        return Response(self.get_serializer(rule_set).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, name: str):
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), name=name)).data)

    def partial_update(self, request, name: str):
        rule_set = get_object_or_404(self.get_queryset(), name=name)
        require_agency_staff(request.user)
        if rule_set.builtin:
            raise NotAllowed(
                _(
                    "The rule sets shipped with the application follow the law and cannot be "
                    "edited. Copy one to make a programme-specific rule set."
                )
            )
        serializer = self.get_serializer(rule_set, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if fields.get("name", rule_set.name) != rule_set.name:
            raise ValidationError(
                {"name": [_("The name of a rule set cannot be changed: applications cite it.")]}
            )
        fields.pop("name", None)
        try:
            rule_set = services.rule_set_update(rule_set, by=request.user, **fields)
        except CompanyError as exc:
            raise _rule_set_error(exc) from exc
        return Response(self.get_serializer(rule_set).data)


# --- exchange rates ----------------------------------------------------------------------------


@extend_schema(tags=["eligibility"])
@extend_schema_view(
    list=extend_schema(
        summary="Exchange rates",
        description="Staff-entered, dated rates; an SME check converts figures at the latest "
        "one dated on or before the date of the figures. Never fetched live.",
        parameters=[
            OpenApiParameter("currency", str, description="Only rates from this currency."),
            OpenApiParameter("to_currency", str, description="Only rates to this currency."),
        ],
    ),
    create=extend_schema(
        summary="Add an exchange rate (agency staff)",
        description="One rate per currency pair and day; the rate must be positive.",
        responses=with_errors({201: ExchangeRateSerializer}, 400, 403),
    ),
    retrieve=extend_schema(
        summary="One exchange rate", responses=with_errors({200: ExchangeRateSerializer}, 404)
    ),
    destroy=extend_schema(
        summary="Delete an exchange rate (agency staff)",
        description="SME results already stored keep the rate they used.",
        responses=with_errors({204: None}, 403, 404),
    ),
)
class ExchangeRateViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = ExchangeRateSerializer
    queryset = ExchangeRate.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        return selectors.exchange_rate_list()

    def list(self, request):
        rates = self.get_queryset()
        for key in ("currency", "to_currency"):
            if request.query_params.get(key):
                rates = rates.filter(**{key: request.query_params[key].strip().upper()})
        page = self.paginate_queryset(rates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        require_agency_staff(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate = services.exchange_rate_create(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(rate).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk: int):
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    def destroy(self, request, pk: int):
        rate = get_object_or_404(self.get_queryset(), pk=pk)
        require_agency_staff(request.user)
        services.exchange_rate_delete(rate, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


companies = CompanyViewSet
rule_sets = RuleSetViewSet
rates = ExchangeRateViewSet

urlpatterns = [
    # The path is a stable interface: POST /api/v1/eligibility/check (a trailing slash works too).
    re_path(r"^eligibility/check/?$", EligibilityCheckView.as_view(), name="eligibility.check"),
    path("companies/", companies.as_view({"get": "list"}), name="company.list"),
    path("companies/<int:pk>/", companies.as_view({"get": "retrieve"}), name="company.detail"),
    path("companies/<int:pk>/merge/", companies.as_view({"post": "merge"}), name="company.merge"),
    path("rule-sets/", rule_sets.as_view({"get": "list", "post": "create"}), name="rule_set.list"),
    path(
        "rule-sets/<slug:name>/",
        rule_sets.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="rule_set.detail",
    ),
    path(
        "exchange-rates/",
        rates.as_view({"get": "list", "post": "create"}),
        name="exchange_rate.list",
    ),
    path(
        "exchange-rates/<int:pk>/",
        rates.as_view({"get": "retrieve", "delete": "destroy"}),
        name="exchange_rate.detail",
    ),
]
