"""Input shapes for programmes. They parse and present; the services validate and save."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.models import Organisation, User

from .models import TIME_ZONE_CHOICES, Activity, Programme, Role, Sector, Venue


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ProgrammeForm(forms.ModelForm):
    partner_countries = forms.MultipleChoiceField(
        label=_("Partner countries"),
        choices=lambda: list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: [("UTC", "UTC"), *TIME_ZONE_CHOICES],
        initial="Asia/Tokyo",
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "kind", "title", "title_ja", "title_ru", "title_vi", "title_th", "description",
            "description_ja", "description_ru", "description_vi", "description_th",
            "partner_countries", "sectors", "time_zone", "start_date", "end_date",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_ja": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
            "description_vi": forms.Textarea(attrs={"rows": 3}),
            "description_th": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["partner_countries"] = [c.code for c in self.instance.partner_countries]

    def _post_clean(self):
        # The service validates the whole programme; skip the model's own clean here so the
        # same rule is not checked (and worded) twice.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title (English)"), max_length=200)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.all(), required=False,
        help_text=_("Or add a new venue below."),
    )  # fmt: skip
    new_venue_name = forms.CharField(label=_("New venue: name"), max_length=200, required=False)
    new_venue_city = forms.CharField(label=_("New venue: city"), max_length=100, required=False)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput())
    meeting_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"), required=False, initial=30, min_value=1
    )
    break_minutes = forms.IntegerField(
        label=_("Break between meetings (minutes)"), required=False, initial=0, min_value=0
    )
    meetings_per_day = forms.IntegerField(
        label=_("Meetings per day"), required=False, initial=10, min_value=1
    )
    tables = forms.IntegerField(label=_("Tables"), required=False, initial=10, min_value=1)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    # service field -> form field, for showing the service's errors in the right place
    FIELD_MAP = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, programme: Programme, activity: Activity | None = None, **kwargs):
        self.programme = programme
        if activity is not None and "initial" not in kwargs:
            start, end = programme.local(activity.starts_at), programme.local(activity.ends_at)
            kwargs["initial"] = {
                "kind": activity.kind, "title": activity.title, "title_ja": activity.title_ja,
                "title_ru": activity.title_ru, "venue": activity.venue_id, "day": start.date(),
                "start_time": start.time(), "end_time": end.time(), "notes": activity.notes,
                "meeting_minutes": activity.meeting_minutes,
                "break_minutes": activity.break_minutes,
                "meetings_per_day": activity.meetings_per_day,
                "tables": activity.tables.count() or None,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["start_time"].help_text = _("Time in %(tz)s") % {"tz": programme.time_zone}

    GROUPS = (
        (_("What"), ("kind", "title", "title_ja", "title_ru")),
        (_("Where"), ("venue", "new_venue_name", "new_venue_city")),
        (_("When"), ("day", "start_time", "end_time")),
        (
            _("Business meetings (only for business-meeting sessions)"),
            ("meeting_minutes", "break_minutes", "meetings_per_day", "tables"),
        ),
        (_("Notes"), ("notes",)),
    )

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean(self):
        data = super().clean()
        if not data.get("venue") and not (
            data.get("new_venue_name") and data.get("new_venue_city")
        ):
            self.add_error("venue", _("Choose a venue, or give the name and city of a new one."))
        return data

    def service_fields(self) -> tuple[dict, int | None, dict | None]:
        """(activity fields, table count, new venue) with times in UTC-aware datetimes."""
        data = self.cleaned_data
        tz = self.programme.tzinfo
        fields = {
            "kind": data["kind"], "title": data["title"], "title_ja": data["title_ja"],
            "title_ru": data["title_ru"], "notes": data["notes"],
            "starts_at": datetime.combine(data["day"], data["start_time"], tzinfo=tz),
            "ends_at": datetime.combine(data["day"], data["end_time"], tzinfo=tz),
            "meeting_minutes": data.get("meeting_minutes"),
            "break_minutes": data.get("break_minutes"),
            "meetings_per_day": data.get("meetings_per_day"),
        }  # fmt: skip
        new_venue = None
        if data.get("venue"):
            fields["venue"] = data["venue"]
        else:
            new_venue = {"name": data["new_venue_name"], "city": data["new_venue_city"]}
        tables = data.get("tables") if data["kind"] == Activity.Kind.BUSINESS_MEETINGS else None
        return fields, tables, new_venue


class InviteOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.AGENCY),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in (Role.COUNTERPART, Role.ADVISER, Role.INTERPRETER,
                                               Role.REVIEWER, Role.COMPANY)],
    )  # fmt: skip


class InviteUserForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.display_name()} ({u.organisation})" if u.organisation_id else u.display_name()
        )
