"""Input shapes of the assessment round's staff pages: the round's settings, a criterion (with
its rule when it is filled from the application), a manual assignment, a conflict of interest,
a bulk decision, an invitation from the registry and a company's answer. They parse and
present; matching.services validate and save, and their refusals come back onto the fields."""

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from companies.forms import CURRENCIES
from companies.models import Application, Company
from core.models import User
from programmes.models import Programme, Sector

from . import selectors
from .assessment.auto import BAND_SOURCES, YES_NO_SOURCES, bands_text
from .models import Assessment, Criterion, Decision
from .services.round import ROUND_FIELDS


class ServiceForm(forms.Form):
    """A plain form that shows a service's refusal: its message on top, its {field: [messages]}
    on the fields (`error_fields` maps a service's field name to the form's)."""

    error_fields: dict[str, str] = {}

    def show_errors(self, exc) -> None:
        self.add_error(None, str(exc.message))
        for name, problems in (exc.errors or {}).items():
            target = self.error_fields.get(name, name)
            for problem in problems:
                self.add_error(target if target in self.fields else None, str(problem))


class ModelFieldsForm(ServiceForm):
    """Some of a model's fields (their labels, help texts and widgets) in a plain form that never
    writes to the instance: the service checks the rules, with messages people understand."""

    model = None
    model_fields: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **model_to_dict(instance, fields=self.model_fields),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.fields = {**fields_for_model(self.model, fields=self.model_fields), **self.fields}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.model_fields}


class AssessmentSettingsForm(ModelFieldsForm):
    model = Assessment
    model_fields = ROUND_FIELDS


MANUAL_FIELDS = (
    "name", "name_ja", "name_ru", "guidance", "guidance_ja", "guidance_ru", "scale_min",
    "scale_max", "weight", "threshold", "source", "position",
)  # fmt: skip


class CriterionForm(ModelFieldsForm):
    """A criterion. Filled from the application, its rule is entered as bands ("from value =
    score", one per line; sales bands in a currency) or as the scores of a yes and a no."""

    model = Criterion
    model_fields = MANUAL_FIELDS

    bands = forms.CharField(
        label=_("Bands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "code"}),
        help_text=_(
            "For figures (sales, growth rate, years in business, employees): one band per line, "
            "“from value = score”, e.g. “0 = 1” then “100000000 = 3”. A value from a band's "
            "start up to the next band gets its score."
        ),
    )
    currency = forms.ChoiceField(
        label=_("Currency of the sales bands"),
        required=False,
        choices=[("", "—"), *((code, code) for code in CURRENCIES)],
        help_text=_("Sales in another currency are converted at the day's exchange rate."),
    )
    yes_score = forms.DecimalField(
        label=_("Score for “yes”"), required=False, max_digits=5, decimal_places=2
    )
    no_score = forms.DecimalField(
        label=_("Score for “no”"), required=False, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, instance: Criterion | None = None, **kwargs):
        rule = (instance.auto_rule or {}) if instance is not None else {}
        kwargs["initial"] = {
            "bands": bands_text(rule.get("bands") or []),
            "currency": rule.get("currency", ""),
            "yes_score": rule.get("yes"),
            "no_score": rule.get("no"),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["position"].required = False
        if instance is None:  # left empty, the service puts it after the others
            self.fields["position"].initial = None
        for name in ("guidance", "guidance_ja", "guidance_ru"):
            self.fields[name].widget.attrs["rows"] = 3
        source = self.data.get("source") if self.is_bound else getattr(instance, "source", "")
        # A rule's problems show under its last input: the scores, or the bands.
        self.error_fields = {"auto_rule": "no_score" if source in YES_NO_SOURCES else "bands"}

    def name_fields(self):
        return [self[name] for name in MANUAL_FIELDS[:6]]

    def scale_fields(self):
        return [
            self[name] for name in ("scale_min", "scale_max", "weight", "threshold", "position")
        ]

    def rule_fields(self):
        return [self[name] for name in ("source", "bands", "currency", "yes_score", "no_score")]

    def service_fields(self) -> dict:
        fields = super().service_fields()
        if fields["position"] is None:
            del fields["position"]
        source = fields["source"]
        data = self.cleaned_data
        if source in BAND_SOURCES:
            rule = {"bands": data["bands"] or ""}
            if source == Criterion.Source.SALES:
                rule["currency"] = data["currency"]
        elif source in YES_NO_SOURCES:
            rule = {"yes": data["yes_score"], "no": data["no_score"]}
        else:
            rule = {}
        fields["auto_rule"] = rule
        return fields


def _company_label(company: Company) -> str:
    return f"{company.legal_name} ({company.local_name})" if company.local_name else str(company)


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _company_label(obj.company)


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _company_label(obj)


class AssignmentForm(ServiceForm):
    """One adviser reviews one application of the round, assigned by hand."""

    application = ApplicationChoiceField(
        label=_("Application"), queryset=Application.objects.none()
    )
    adviser = AdviserChoiceField(label=_("Adviser"), queryset=User.objects.none())

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = selectors.pool(programme).order_by(
            "company__legal_name"
        )
        self.fields["adviser"].queryset = selectors.adviser_list(programme)


class ConflictForm(ServiceForm):
    """Staff record any adviser's conflict; an adviser declares their own (no adviser field)."""

    adviser = AdviserChoiceField(label=_("Adviser"), queryset=User.objects.none())
    company = CompanyChoiceField(label=_("Company"), queryset=Company.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("e.g. former employer, a relative works there, a client of your firm."),
    )

    def __init__(self, *args, programme: Programme, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["adviser"].queryset = selectors.adviser_list(programme)
        else:
            del self.fields["adviser"]
        self.fields["company"].queryset = Company.objects.filter(
            pk__in=selectors.pool(programme).values("company_id")
        ).order_by("legal_name")


class DecisionForm(ServiceForm):
    """One decision on several applicants of the ranking (their boxes are ticked in the table)."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applicants"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one applicant in the table.")},
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), *Decision.Outcome.choices],
        error_messages={"required": _("Choose select, waitlist or reject.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept on record in each application's trail."),
        error_messages={"required": _("Give the reason for the decision: it is kept on record.")},
    )
    override_reason = forms.CharField(
        label=_("Why decide with reviews missing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only when a ticked applicant has not had all its reviews: say why you "
            "decide without waiting for them."
        ),
    )
    counterpart = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = (
            Application.objects.unscoped("the decision form is staff only")
            .filter(programme=programme)
            .exclude(decision__invited=True)
            .select_related("company")
        )

    def decision_fields(self):
        return [self["outcome"], self["reason"], self["override_reason"]]

    def checked(self) -> set[str]:
        """The ticked applications, to tick them again when the page is shown with errors."""
        return set(self.data.getlist("applications")) if self.is_bound else set()


def sector_choices(programme: Programme) -> list[tuple[str, str]]:
    """Every sector, the programme's own first."""
    own = [value for value in programme.sectors or [] if value in Sector.values]
    others = [value for value in Sector.values if value not in own]
    return [("", _("All sectors")), *((value, Sector(value).label) for value in own + others)]


class InvitationFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices(programme)

    def chosen_sector(self) -> str:
        return self.cleaned_data.get("sector", "") if self.is_valid() else ""


class InvitationForm(ServiceForm):
    """Japanese companies of the registry invited to take part, with the reason on record."""

    companies = forms.ModelMultipleChoiceField(
        label=_("Companies"),
        queryset=Company.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one company.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept on record, e.g. “Recommended by METI for the auto parts sessions”. Left "
            "empty: “Invited from the company registry”."
        ),
    )
    sector = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, sector: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = selectors.invitable_companies(programme, sector=sector)

    def reason_fields(self):
        return [self["reason"]]

    def checked(self) -> set[str]:
        return set(self.data.getlist("companies")) if self.is_bound else set()


class ResponseForm(ServiceForm):
    """A selected company's answer, recorded by staff on its behalf."""

    response = forms.ChoiceField(label=_("Answer"), choices=Decision.Response.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
