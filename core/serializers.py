"""API shapes for users, organisations and background jobs.

Serializers parse and present; they check shape and type only. The services validate and save.
"""

from django.urls import reverse
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import ApiToken, Job, Organisation, User


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField whose choices appear once in the schema, as the component `component`.

    Several choice sets share a field name ("kind" of a programme, an activity, an organisation;
    "status" of a programme and of a job); naming each set keeps the generated enums apart.
    """

    def __init__(self, choices, *, component: str, **kwargs):
        super().__init__(choices, **kwargs)
        # Set on the instance in __init__: serializers deep-copy their fields by calling it again.
        schema = serializers.ChoiceField(choices=choices)
        extend_schema_field(schema, component_name=component)(self)


def named_choice_field(name: str, choices, **kwargs) -> NamedChoiceField:
    return NamedChoiceField(choices, component=name, **kwargs)


class OrganisationSummarySerializer(serializers.ModelSerializer):
    kind = named_choice_field("OrganisationKind", Organisation.Kind.choices, read_only=True)
    country = CountryField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "country"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    kind = named_choice_field("OrganisationKind", Organisation.Kind.choices)
    country = CountryField(help_text="ISO 3166-1 alpha-2 code, e.g. VN.")

    class Meta:
        model = Organisation
        fields = [
            "slug", "name", "name_local", "kind", "country", "contact_name", "contact_email",
            "contact_phone", "website", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs = {
            # The service makes a unique slug from the name when none is given, and checks
            # the uniqueness of a given one.
            "slug": {
                "required": False,
                "validators": [],
                "help_text": "Made from the name when left out.",
            },
        }


class UserSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "organisation"]
        read_only_fields = fields


class MeSerializer(UserSummarySerializer):
    is_agency_staff = serializers.BooleanField(read_only=True)

    class Meta(UserSummarySerializer.Meta):
        fields = [*UserSummarySerializer.Meta.fields, "language", "is_agency_staff"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    status = named_choice_field("JobStatus", Job.Status.choices, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the result (/api/v1/jobs/{id}/download/, with the same "
        "credentials); null until the job has produced a file."
    )

    class Meta:
        model = Job
        fields = [
            "id", "kind", "description", "status", "progress", "total", "percent", "message",
            "download_url", "created_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job: Job) -> str | None:
        if not job.result_file:
            return None
        url = reverse("api:job.download", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error the API answers."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    code = serializers.CharField(help_text="e.g. invalid, permission_denied, not_found.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field name (non_field_errors for the whole input); nothing "
        "was changed.",
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed: never its secret (that is answered once, at creation)."""

    user = UserSummarySerializer(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_prefix",
            "user",
            "created_at",
            "last_used_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for.")


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text="The token itself, answered only now: send it as `Authorization: Token "
        "<token>`. It is stored only as a hash and cannot be shown again.",
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class PasswordTokenSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        max_length=100, required=False, help_text="What the token is for (default: API sign-in)."
    )
