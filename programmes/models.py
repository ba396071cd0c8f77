"""Programmes, their activities (meeting sessions, visits, seminars, receptions), venues, tables,
and who takes part in them with which role."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from . import slots as slot_rules

TIME_ZONE_CHOICES = sorted((tz, tz) for tz in zoneinfo.available_timezones() if "/" in tz)


TRANSLATED_LANGUAGES = ("ja", "ru", "vi", "th")


class Translated(models.Model):
    """Text fields kept in English and, where given, in Japanese, Russian, Vietnamese and Thai
    (`<field>_ja`, ...); shown in the active language, in English where no translation is."""

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        language = (translation.get_language() or "en")[:2]
        if language in TRANSLATED_LANGUAGES:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)


class Sector(models.TextChoices):
    AUTO_PARTS = "auto_parts", _("Auto parts")
    TRANSPORT_EQUIPMENT = "transport_equipment", _("Transportation equipment")
    ELECTRONICS = "electronics", _("Electronic and electrical parts")
    INDUSTRIAL_MACHINERY = "industrial_machinery", _("Industrial machinery")
    MEDICAL_EQUIPMENT = "medical_equipment", _("Medical and assistive equipment")
    FOOD_PROCESSING = "food_processing", _("Food processing")
    MOULDS = "moulds", _("Moulds and dies")
    AIRCRAFT_PARTS = "aircraft_parts", _("Aircraft parts")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    BUILDING_MATERIALS = "building_materials", _("Building materials")
    IT = "it", _("Information technology")
    ENERGY = "energy", _("Energy and environment")
    OTHER = "other", pgettext_lazy("sector", "Other")


class Programme(Translated):
    class Kind(models.TextChoices):
        CEO_NETWORK = "ceo_network", _("SMEs' CEO Network Enhancing Project")
        JAPAN_RUSSIA = "japan_russia", _("Japan–Russia SME meeting")
        EU_JAPAN = "eu_japan", _("EU–Japan business meetings")
        OTHER = "other", pgettext_lazy("programme kind", "Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECRUITING = "recruiting", _("Recruiting")
        SCREENING = "screening", _("Screening")
        SELECTION = "selection", _("Selection")
        MATCHING = "matching", _("Matching")
        SCHEDULED = "scheduled", _("Scheduled")
        RUNNING = "running", _("Running")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title (English)"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200, blank=True)
    title_th = models.CharField(_("title (Thai)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    partner_countries = CountryField(_("partner countries"), multiple=True, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    # Choices are not stored on the field: the zone list comes from the machine's tzdata.
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Tokyo")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_description(self) -> str:
        return self.localized("description")

    def partner_country_names(self) -> list[str]:
        return [country.name for country in self.partner_countries]

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [labels.get(sector, sector) for sector in self.sectors or []]

    @cached_property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment):
        """A stored UTC datetime in the programme's time zone."""
        return timezone.localtime(moment, self.tzinfo)


# Each status may move one step on, or one step back to correct a mistake; closed is final.
STATUS_ORDER = [choice for choice, _label in Programme.Status.choices]
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    status: tuple(
        s
        for s in (
            STATUS_ORDER[i + 1] if i + 1 < len(STATUS_ORDER) else None,
            STATUS_ORDER[i - 1] if 0 < i < len(STATUS_ORDER) - 1 else None,
        )
        if s
    )
    for i, status in enumerate(STATUS_ORDER)
}
ALLOWED_TRANSITIONS[Programme.Status.CLOSED] = ()


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="JP")
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="venue_unique_name_city"),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"


class Activity(Translated):
    class Kind(models.TextChoices):
        BUSINESS_MEETINGS = "business_meetings", _("Business-meeting session")
        COMPANY_VISIT = "company_visit", _("Company visit")
        SEMINAR = "seminar", _("Training seminar")
        RECEPTION = "reception", _("Network-enhancing reception")
        OFFICIAL_DINNER = "official_dinner", _("Official dinner")
        DIALOGUE = "dialogue", _("Public–private dialogue")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title (English)"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="activities"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    notes = models.TextField(_("notes"), blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), null=True, blank=True
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), null=True, blank=True
    )
    meetings_per_day = models.PositiveSmallIntegerField(
        _("meetings per day"), null=True, blank=True
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def is_meeting_session(self) -> bool:
        return self.kind == self.Kind.BUSINESS_MEETINGS

    def slots(self) -> list[slot_rules.Slot]:
        """The meeting slots of a business-meeting session, derived from its settings."""
        if not self.is_meeting_session:
            return []
        return slot_rules.derive_slots(
            self.starts_at,
            meeting_minutes=self.meeting_minutes,
            break_minutes=self.break_minutes,
            meetings_per_day=self.meetings_per_day,
        )


class Table(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("session"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=60, blank=True)

    class Meta:
        ordering = ["activity", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="table_unique_number"),
        ]

    def __str__(self):
        return self.label or _("Table %(number)s") % {"number": self.number}


class Role(models.TextChoices):
    STAFF = "staff", _("Programme staff")
    COUNTERPART = "counterpart", _("Counterpart organisation")
    COMPANY = "company", _("Company")
    ADVISER = "adviser", _("Adviser")
    INTERPRETER = "interpreter", _("Interpreter")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Ministry reviewer")


class ProgrammeOrganisation(models.Model):
    """An organisation invited to a programme: its members take part with this role."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="programme_links"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "organisation__name"]
        verbose_name = _("invited organisation")
        verbose_name_plural = _("invited organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="programme_organisation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.programme} ({self.role})"


class ProgrammeRole(models.Model):
    """A person's role in one programme (an adviser, an interpreter, a reviewer...)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "role", "user__username"]
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "role"], name="programme_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.programme} ({self.role})"
