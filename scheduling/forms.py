"""Input shapes of the scheduling input pages: an adviser's pair score or block, an absence,
the scheduling settings. They parse and present; the services in scheduling/services/ validate
and save, and their refusals come back onto the fields (``ServiceForm.show_errors``).

Dates and times are entered and shown in the programme's time zone: the views activate it
before a form is bound, so Django's DateTimeField reads the input in that zone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.forms import ServiceForm

from .models import PairScore, SchedulingSettings
from .services.inputs import MAX_ADJUSTMENT

LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _local_field(label, *, required=False, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=LOCAL_INPUT,
        input_formats=LOCAL_FORMATS,
        help_text=help_text,
    )


def _companies(companies) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(c.pk), c.display_name) for c in companies]


class PairScoreForm(ServiceForm):
    overseas = forms.TypedChoiceField(label=_("Overseas company"), coerce=int)
    domestic = forms.TypedChoiceField(label=_("Japanese company"), coerce=int)
    adjustment = forms.IntegerField(
        label=_("Adjustment (points)"),
        initial=0,
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Added to the pair's score from the requests; negative lowers it."),
    )
    blocked = forms.BooleanField(
        label=_("Block the pair: these two companies never meet"), required=False
    )
    reason_kind = forms.ChoiceField(label=_("Reason"), choices=PairScore.ReasonKind.choices)
    reason = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, overseas=(), domestic=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overseas"].choices = _companies(overseas)
        self.fields["domestic"].choices = _companies(domestic)


class UnavailabilityForm(ServiceForm):
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)
    starts_at = _local_field(_("Away from"), required=True)
    ends_at = _local_field(_("Away until"), required=True)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = _companies(companies)


class SchedulingSettingsForm(ServiceForm):
    requests_open_at = _local_field(_("Meeting requests open at"))
    requests_close_at = _local_field(_("Meeting requests close at"))
    overseas_max_per_day = forms.IntegerField(
        label=_("Meetings per day for an overseas company, at most"),
        required=False,
        min_value=0,
        help_text=_("Empty: as many as the session has slots."),
    )
    domestic_min_meetings = forms.IntegerField(
        label=_("Meetings for every Japanese company, at least"), min_value=0
    )
    domestic_max_meetings = forms.IntegerField(
        label=_("Meetings for a Japanese company, at most"),
        required=False,
        min_value=0,
        help_text=_("Empty: no cap beyond its free slots."),
    )
    interpreter_mode = forms.ChoiceField(
        label=_("Interpreters"), choices=SchedulingSettings.InterpreterMode.choices
    )

    FIELDS = (
        "requests_open_at",
        "requests_close_at",
        "overseas_max_per_day",
        "domestic_min_meetings",
        "domestic_max_meetings",
        "interpreter_mode",
    )

    @classmethod
    def initial_from(cls, settings: SchedulingSettings, programme) -> dict:
        initial = {name: getattr(settings, name) for name in cls.FIELDS}
        for name in ("requests_open_at", "requests_close_at"):
            if initial[name]:
                initial[name] = programme.local(initial[name]).replace(tzinfo=None)
        return initial

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
