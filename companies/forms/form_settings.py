"""Staff settings of a programme's form and the question editor."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

from ..models import ApplicationForm, Question, RuleSet


class ApplicationFormSettingsForm(forms.ModelForm):
    """Staff settings of a programme's form. The deadline is entered in the programme's time
    zone and stored in UTC."""

    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Give the date and time, e.g. 2027-01-31 17:00.")},
    )
    rule_set = forms.ModelChoiceField(
        label=_("SME rule set"),
        queryset=RuleSet.objects.all(),
        required=False,
        empty_label=_("The law of each applicant's country"),
    )

    class Meta:
        model = ApplicationForm
        fields = [
            "is_open", "deadline", "rule_set", "languages", "intro", "intro_ja", "intro_ru",
            "intro_vi", "intro_th",
        ]  # fmt: skip
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "intro_ja": forms.Textarea(attrs={"rows": 4}),
            "intro_ru": forms.Textarea(attrs={"rows": 4}),
            "intro_vi": forms.Textarea(attrs={"rows": 4}),
            "intro_th": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Form languages"),
            choices=settings.LANGUAGES,
            widget=forms.CheckboxSelectMultiple,
            initial=self.instance.offered_languages,
            error_messages={"required": _("Choose at least one language for the form.")},
            help_text=_(
                "The public form and the applicants' pages are offered in these languages only."
            ),
        )
        self.fields["deadline"].help_text = _("Time in %(tz)s. Leave empty for no deadline.") % {
            "tz": programme.time_zone
        }
        if self.instance.deadline and not self.is_bound:
            local = programme.local(self.instance.deadline)
            self.initial["deadline"] = local.replace(tzinfo=None)
        self.fields["rule_set"].label_from_instance = lambda r: (
            f"{r.title} ({r.country}, {r.valid_from:%Y-%m-%d})"
        )

    def clean_languages(self):
        chosen = set(self.cleaned_data.get("languages") or [])
        return [code for code, _name in settings.LANGUAGES if code in chosen]

    def clean_deadline(self):
        """The wall-clock time typed is a time in the programme's zone, whatever zone the
        request runs in."""
        value = self.cleaned_data.get("deadline")
        if value is None:
            return None
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return timezone.make_aware(naive, self.programme.tzinfo)

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice questions: one answer per line."),
    )

    class Meta:
        model = Question
        fields = [
            "kind", "title", "title_ja", "title_ru", "title_vi", "title_th", "choices",
            "required", "position",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(str(c) for c in self.instance.choices or [])
        self.fields["position"].help_text = _("Questions are shown in this order.")

    def clean_choices(self):
        text = self.cleaned_data.get("choices") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
