"""API shapes for programmes, activities, venues and participants.

Serializers parse and present; they check shape and type only (a known country code, a known
sector, a number). The services in programmes.services validate the rest and save.
"""

from datetime import UTC

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.serializer_fields import CountryField
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import (
    OrganisationSummarySerializer,
    UserSummarySerializer,
    named_choice_field,
)

from .models import (
    ALLOWED_TRANSITIONS,
    Activity,
    Programme,
    ProgrammeOrganisation,
    ProgrammeRole,
    Sector,
    Table,
    Venue,
)
from .rules import can_manage_programme
from .selectors import programme_list_for_user


def programme_status_field(**kwargs) -> serializers.ChoiceField:
    return named_choice_field("ProgrammeStatus", Programme.Status.choices, **kwargs)


# --- fields ---------------------------------------------------------------------------------


class CountryCodeListField(serializers.ListField):
    """ISO 3166-1 country codes, read and written as ["VN", "TH"]."""

    child = serializers.CharField()

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        codes, unknown = [], []
        for value in values:
            code = countries.alpha2(value)
            if code:
                codes.append(code)
            else:
                unknown.append(value)
        if unknown:
            raise serializers.ValidationError(
                ngettext(
                    "“%(codes)s” is not an ISO 3166-1 country code.",
                    "“%(codes)s” are not ISO 3166-1 country codes.",
                    len(unknown),
                )
                % {"codes": "”, “".join(unknown)}
            )
        return list(dict.fromkeys(codes))

    def to_representation(self, data):
        return [country.code for country in data]


class ChoiceListField(serializers.ListField):
    """A list of choices; an unknown value is reported on the field itself, by name."""

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        unknown = [
            str(value)
            for value in data
            if not isinstance(value, str) or value not in self.child.choices
        ]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown: %(values)s. Choose from: %(choices)s.")
                % {"values": ", ".join(unknown), "choices": ", ".join(self.child.choices)}
            )
        return list(dict.fromkeys(super().to_internal_value(data)))


class UTCDateTimeField(serializers.DateTimeField):
    """An ISO 8601 datetime, answered in UTC ("…Z"). An input without an offset stays naive
    here: the serializer places it in the programme's time zone."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            return value
        return super().enforce_timezone(value)


class LocalDateTimeField(serializers.DateTimeField):
    """An aware datetime answered as it is, with its own offset ("2027-02-15T13:00:00+09:00")."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat() if value else None


class VenueField(serializers.PrimaryKeyRelatedField):
    """Written as the venue's id; read as {id, name, city, country}."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return VenueSummarySerializer(value, context=self.context).data


class VenueFieldSchema(OpenApiSerializerFieldExtension):
    target_class = VenueField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "integer", "description": "The venue's id."}
        return auto_schema.resolve_serializer(VenueSummarySerializer, direction).ref


class TableCountField(serializers.IntegerField):
    """The number of tables of a business-meeting session; written as the count wanted."""

    def get_attribute(self, instance):
        return len(instance.tables.all())


# --- venues ---------------------------------------------------------------------------------


class VenueSummarySerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True)

    class Meta:
        model = Venue
        fields = ["id", "name", "city", "country"]
        read_only_fields = fields


class VenueSerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True)

    class Meta:
        model = Venue
        fields = ["id", "name", "city", "country", "address"]
        # The venue service takes a name and a city; country and address are not written yet.
        read_only_fields = ["id", "country", "address"]
        # A venue of the same name and city is answered, not duplicated.
        validators = []


# --- programmes -----------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    kind = named_choice_field("ProgrammeKind", Programme.Kind.choices)
    display_title = serializers.CharField(
        read_only=True, help_text="The title in the request's language (Accept-Language)."
    )
    partner_countries = CountryCodeListField(
        required=False, help_text='ISO 3166-1 alpha-2 codes, e.g. ["VN", "TH"].'
    )
    sectors = ChoiceListField(child=serializers.ChoiceField(Sector.choices), required=False)
    time_zone = serializers.CharField(
        max_length=64,
        required=False,
        help_text="IANA time-zone name of the place where it happens, e.g. Asia/Tokyo "
        "(the default). Activities' local times are shown in it.",
    )
    status = programme_status_field(read_only=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses this user may move the programme to next (POST …/transition/); "
        "empty for users who may not change the programme."
    )
    activities_url = serializers.SerializerMethodField(help_text="The programme's activities.")

    class Meta:
        model = Programme
        fields = [
            "slug", "kind", "title", "title_ja", "title_ru", "title_vi", "title_th",
            "display_title", "description", "description_ja", "description_ru", "description_vi",
            "description_th", "partner_countries", "sectors", "time_zone", "start_date",
            "end_date", "status",
            "allowed_transitions", "activities_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            # The service makes a slug from the title and year when none is given, and checks
            # the uniqueness of a given one.
            "slug": {
                "required": False,
                "validators": [],
                "help_text": "Made from the title and year when left out.",
            },
        }

    @extend_schema_field(serializers.ListField(child=programme_status_field()))
    def get_allowed_transitions(self, programme: Programme) -> list[str]:
        request = self.context.get("request")
        if request is None or not can_manage_programme(request.user, programme):
            return []
        return list(ALLOWED_TRANSITIONS.get(programme.status, ()))

    @extend_schema_field(OpenApiTypes.URI)
    def get_activities_url(self, programme: Programme) -> str:
        url = f"{reverse('api:activity.list')}?programme={programme.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProgrammeFilterSerializer(serializers.Serializer):
    status = programme_status_field(required=False, help_text="Only programmes in this status.")
    kind = named_choice_field(
        "ProgrammeKind", Programme.Kind.choices, required=False, help_text="Only this kind."
    )


class ProgrammeTransitionSerializer(serializers.Serializer):
    status = programme_status_field(help_text="The status to move to; see allowed_transitions.")
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Required (true) for the step back to `draft`, which closes the public "
        "application form; without it the answer is 400 with code `confirmation_required`.",
    )


class InvitedOrganisationSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ProgrammeOrganisation
        fields = ["id", "organisation", "role", "invited_at"]
        read_only_fields = fields


class InvitedPersonSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = ProgrammeRole
        fields = ["id", "user", "role", "invited_at"]
        read_only_fields = fields


class ParticipantsSerializer(serializers.Serializer):
    organisations = InvitedOrganisationSerializer(many=True, read_only=True)
    people = InvitedPersonSerializer(many=True, read_only=True)


# --- activities -----------------------------------------------------------------------------

NAIVE_TIMES = (
    "An ISO 8601 datetime. With an offset (2027-02-15T13:00:00+09:00 or …04:00:00Z) it is "
    "taken as given; without one (2027-02-15T13:00:00) it is read in the programme's time zone. "
    "Answered in UTC."
)


class ActivitySerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.none(),
        help_text="The programme's slug. Set when the activity is created; cannot be changed.",
    )
    kind = named_choice_field("ActivityKind", Activity.Kind.choices)
    display_title = serializers.CharField(
        read_only=True, help_text="The title in the request's language (Accept-Language)."
    )
    venue = VenueField(queryset=Venue.objects.all())
    starts_at = UTCDateTimeField(help_text=NAIVE_TIMES)
    ends_at = UTCDateTimeField(help_text=NAIVE_TIMES)
    starts_local = serializers.SerializerMethodField(
        help_text="The start in the programme's time zone."
    )
    ends_local = serializers.SerializerMethodField(
        help_text="The end in the programme's time zone."
    )
    tables = TableCountField(
        required=False,
        allow_null=True,
        help_text="Business-meeting sessions: the number of tables (one per overseas company). "
        "Left out on a change, the tables stay as they are.",
    )
    slot_count = serializers.SerializerMethodField(
        help_text="The number of meeting slots the session's settings give (0 for other kinds)."
    )

    meeting_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Business-meeting sessions only: the length of one meeting (default 30).",
    )
    break_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Business-meeting sessions only: the break after each meeting (default 0).",
    )
    meetings_per_day = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Business-meeting sessions only: meetings at each table (default 10).",
    )

    class Meta:
        model = Activity
        fields = [
            "id", "programme", "kind", "title", "title_ja", "title_ru", "display_title", "venue",
            "starts_at", "ends_at", "starts_local", "ends_local", "notes", "meeting_minutes",
            "break_minutes", "meetings_per_day", "tables", "slot_count",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        if self.instance is not None:
            programme.read_only = True
        elif "request" in self.context:
            programme.queryset = programme_list_for_user(self.context["request"].user)

    def validate(self, attrs):
        """Place times given without an offset in the programme's time zone."""
        programme = attrs.get("programme") or getattr(self.instance, "programme", None)
        given = self.initial_data.get("programme") if hasattr(self.initial_data, "get") else None
        if self.instance is not None and given not in (None, programme.slug):
            raise serializers.ValidationError(
                {"programme": [_("An activity cannot move to another programme.")]}
            )
        for name in ("starts_at", "ends_at"):
            value = attrs.get(name)
            if value is not None and timezone.is_naive(value) and programme is not None:
                attrs[name] = timezone.make_aware(value, programme.tzinfo)
        return attrs

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_local(self, activity: Activity) -> str:
        return activity.programme.local(activity.starts_at).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_local(self, activity: Activity) -> str:
        return activity.programme.local(activity.ends_at).isoformat()

    def get_slot_count(self, activity: Activity) -> int:
        return len(activity.slots())


class ActivityFilterSerializer(serializers.Serializer):
    programme = serializers.SlugField(
        required=False, help_text="Only the activities of the programme with this slug."
    )


class TableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Table
        fields = ["id", "number", "label"]
        read_only_fields = fields


class SlotSerializer(serializers.Serializer):
    index = serializers.IntegerField(read_only=True, help_text="0 for the first meeting.")
    starts_at = serializers.DateTimeField(read_only=True, default_timezone=UTC)
    ends_at = serializers.DateTimeField(read_only=True, default_timezone=UTC)
    starts_local = LocalDateTimeField(help_text="The start in the programme's time zone.")
    ends_local = LocalDateTimeField(help_text="The end in the programme's time zone.")


class ActivitySlotsSerializer(serializers.Serializer):
    activity = serializers.IntegerField(read_only=True, help_text="The activity's id.")
    time_zone = serializers.CharField(read_only=True, help_text="The programme's time zone.")
    tables = TableSerializer(many=True, read_only=True)
    slots = SlotSerializer(many=True, read_only=True)

    @classmethod
    def for_activity(cls, activity: Activity) -> "ActivitySlotsSerializer":
        programme = activity.programme
        return cls(
            {
                "activity": activity.pk,
                "time_zone": programme.time_zone,
                "tables": activity.tables.all() if activity.is_meeting_session else [],
                "slots": [
                    {
                        "index": slot.index,
                        "starts_at": slot.starts_at,
                        "ends_at": slot.ends_at,
                        "starts_local": programme.local(slot.starts_at),
                        "ends_local": programme.local(slot.ends_at),
                    }
                    for slot in activity.slots()
                ],
            }
        )
