"""API shapes for users, organisations and background jobs.

Serializers parse and present; they check shape and type only. The services validate and save.
"""

from django.urls import reverse
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import ApiToken, AuditEvent, Job, Organisation, User


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField whose choices appear once in the schema, as the component `component`.

    Several choice sets share a field name ("kind" of a programme, an activity, an organisation;
    "status" of a programme and of a job); naming each set keeps the generated enums apart.
    """

    def __init__(self, choices, *, component: str, **kwargs):
        super().__init__(choices, **kwargs)
        # Set on the instance in __init__: serializers deep-copy their fields by calling it again.
        # A field that answers "" (a review without a recommendation yet, an invitation nobody
        # answered) names a set with "" in it, so that the fields refusing a blank keep theirs.
        schema = serializers.ChoiceField(choices=choices, allow_blank=self.allow_blank)
        name = f"{component}OrBlank" if self.allow_blank else component
        extend_schema_field(schema, component_name=name)(self)


def named_choice_field(name: str, choices, **kwargs) -> NamedChoiceField:
    return NamedChoiceField(choices, component=name, **kwargs)


# The largest id a row can have (a 64-bit primary key).
ID_MAX = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    """The id of a row, given as input: a number no row can have (0, negative, beyond 64
    bits) is refused as invalid (400) before it reaches the database, which fails on a
    number too large for its integers (SQLite: OverflowError, a 500)."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


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


# Messages of a field: a list of texts, or, for a field of several parts, the same by part.
_MESSAGES = {
    "anyOf": [
        {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
        {"type": "object", "additionalProperties": True},
    ]
}


@extend_schema_field({"type": "object", "additionalProperties": _MESSAGES})
class ErrorsField(serializers.DictField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error the API answers."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    code = serializers.CharField(help_text="e.g. invalid, permission_denied, not_found.")
    errors = ErrorsField(
        help_text="Messages by field name (non_field_errors for the whole input); nothing "
        "was changed. A field of several parts has its messages by part: by key for an "
        'object, by position for a list (e.g. {"applications": {"0": ["..."]}}).'
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


class AuditEventSerializer(serializers.ModelSerializer):
    action = named_choice_field("AuditAction", AuditEvent.Action.choices, read_only=True)
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id", "at", "username", "action", "object_type", "object_id", "object_repr",
            "programme", "ip_address", "user_agent", "method", "path", "detail",
        ]  # fmt: skip
        read_only_fields = fields

    def get_object_type(self, event) -> str:
        """app_label.model of the object concerned, or an empty text."""
        kind = event.content_type
        return f"{kind.app_label}.{kind.model}" if kind else ""
