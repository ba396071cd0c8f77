"""The applicant's form: company fields grouped in fieldsets plus the programme's questions."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.forms import DateInput

from ..models import Application, ApplicationForm, Company, Question
from ..services.applications import COMPANY_FIELDS
from .fields import CURRENCIES, AmountField, yes_no_field
from .widgets import CountrySelect, CountrySelectMultiple

# The company fields that decide the SME result: a change to one of them asks for a new check.
SME_FIELDS = (
    "country", "sector", "legal_form", "currency", "capital", "sales", "balance_sheet",
    "figures_date", "employees",
)  # fmt: skip


class ApplicantForm(forms.ModelForm):
    """The application form: a company's data, the programme's questions and (when starting)
    the e-mail address the private link goes to.

    Used by the public form, the applicant's private page and staff corrections. It never saves:
    `company_fields()` and `answers()` go to application_start / application_update."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the private link to your application here."),
        error_messages={
            "required": _("Give your e-mail address: the private link is sent there."),
            "invalid": _("Give a valid e-mail address: the private link is sent there."),
        },
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    capital = AmountField(
        label=_("Paid-in capital"), required=False, max_digits=20, decimal_places=2
    )
    sales = AmountField(label=_("Annual sales"), required=False, max_digits=20, decimal_places=2)
    balance_sheet = AmountField(
        label=_("Balance-sheet total"), required=False, max_digits=20, decimal_places=2
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": _("Give the full address, e.g. https://example.com.")},
    )
    exports = yes_no_field(_("The company exports"))
    imports = yes_no_field(_("The company imports"))
    japanese_partner_experience = yes_no_field(_("The company has worked with Japanese partners"))

    class Meta:
        model = Company
        fields = list(COMPANY_FIELDS)
        widgets = {
            "figures_date": DateInput(),
            "overseas_trade": forms.Textarea(attrs={"rows": 3}),
            "japanese_support_programmes": forms.Textarea(attrs={"rows": 2}),
            "business_profile": forms.Textarea(attrs={"rows": 3}),
            "country": CountrySelect,
            "hiring_countries": CountrySelectMultiple(attrs={"size": 6}),
            "legal_form": forms.RadioSelect,
        }
        labels = {
            "legal_name": _("Legal name (in Latin letters, as registered)"),
            "local_name": _("Name in its own script"),
            "latin_name": _("Latin transliteration of that name"),
        }
        help_texts = {
            "local_name": _("e.g. 株式会社なにわ精工, ООО «Север», บริษัท สยาม จำกัด"),
            "sector": _(
                "The sector group the SME law of your country uses is shown with the result."
            ),
            "employees": _("Regular (full-time) employees."),
            "hiring_countries": _("Manufacturers: the countries your staff come from."),
            "growth_rate": _("Sales growth over the last year, in per cent (e.g. 12.5 or -3)."),
        }
        error_messages = {
            "legal_name": {"required": _("Give the company's legal name.")},
            "country": {"required": _("Choose the country where the company is registered.")},
            "sector": {"required": _("Choose the company's sector.")},
            "legal_form": {"required": _("Choose the legal form.")},
            "employees": {"invalid": _("Give the number of employees as a whole number.")},
            "year_founded": {"invalid": _("Give the year as four digits, e.g. 2008.")},
            "growth_rate": {"invalid": _("Give the growth rate as a number, e.g. 12.5.")},
            "figures_date": {"invalid": _("Give the date as YYYY-MM-DD.")},
            "contact_email": {"invalid": _("Give a valid e-mail address.")},
        }

    GROUPS = (
        ("company", _("The company"), (
            "legal_name", "local_name", "latin_name", "registration_number", "country", "sector",
            "legal_form", "year_founded", "website", "business_profile",
        )),
        ("figures", _("Figures"), (
            "currency", "capital", "sales", "balance_sheet", "figures_date", "employees",
            "growth_rate",
        )),
        ("experience", _("Trade and experience"), (
            "exports", "imports", "overseas_trade", "japanese_partner_experience",
            "japanese_support_programmes", "hiring_countries",
        )),
        ("contact", _("Contact"), (
            "contact_name", "contact_email", "contact_phone", "email",
        )),
    )  # fmt: skip

    def __init__(
        self,
        *args,
        application_form: ApplicationForm | None,
        application: Application | None = None,
        with_email: bool = False,
        sme_check_url: str | None = None,
        **kwargs,
    ):
        self.application_form = application_form
        if application is not None:
            kwargs.setdefault("instance", application.company)
        super().__init__(*args, **kwargs)
        for name in ("exports", "imports", "japanese_partner_experience"):
            value = getattr(self.instance, name)
            if value is not None and not self.is_bound:
                self.initial[name] = "yes" if value else "no"
        self.fields["legal_form"].choices = [
            c for c in self.fields["legal_form"].choices if c[0] != ""
        ]
        currencies = list(CURRENCIES)
        if self.instance.currency and self.instance.currency not in currencies:
            currencies.insert(0, self.instance.currency)
        self.fields["currency"].choices = [("", "—"), *((c, c) for c in currencies)]
        self.fields["currency"].help_text = _("The currency of the capital and sales figures.")
        self.fields["year_founded"].widget.attrs.update({"min": 1800, "max": timezone.now().year})
        self.fields["employees"].widget.attrs["min"] = 0
        if not with_email:
            del self.fields["email"]
        self.question_names: list[str] = []
        self.questions: list[Question] = (
            list(application_form.questions.all()) if application_form is not None else []
        )
        stored = application.answers if application is not None else {}
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = self._question_field(question)
            self.question_names.append(name)
            if not self.is_bound and str(question.pk) in stored:
                value = stored[str(question.pk)]
                if question.kind == Question.Kind.YES_NO:
                    value = "yes" if value else "no"
                self.initial[name] = value
        if sme_check_url:
            for name in SME_FIELDS:
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": sme_check_url,
                        "hx-trigger": "change",
                        "hx-target": "#sme-result",
                        "hx-include": "closest form",
                        "hx-swap": "innerHTML",
                        # A newer check replaces one still in flight, so a slow answer for
                        # fewer figures never overwrites the answer for all of them.
                        "hx-sync": "closest form:replace",
                    }
                )

    @staticmethod
    def _question_field(question: Question) -> forms.Field:
        label = question.localized("title")
        help_text = _("Required before you submit.") if question.required else ""
        common = {"label": label, "required": False, "help_text": help_text}
        if question.kind == Question.Kind.NUMBER:
            return forms.DecimalField(
                **common,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={"invalid": _("Give a number.")},
            )
        if question.kind == Question.Kind.YES_NO:
            return yes_no_field(label, help_text)
        if question.kind == Question.Kind.CHOICE:
            return forms.ChoiceField(
                **common,
                choices=[("", "—"), *((c, c) for c in question.choices)],
                error_messages={"invalid_choice": _("Choose one of the offered answers.")},
            )
        return forms.CharField(
            **common,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": _("Keep the answer under 5,000 characters.")},
        )

    def _post_clean(self):
        # The services validate the company as a whole; the model's own checks would say the
        # same things twice (and in other words).
        pass

    def groups(self):
        """[(key, legend, [bound fields])] for the fieldsets; the programme's questions last."""
        groups = [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in self.GROUPS
        ]
        if self.question_names:
            groups.append(
                ("questions", _("Questions of this programme"),
                 [self[name] for name in self.question_names])
            )  # fmt: skip
        return groups

    def company_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in COMPANY_FIELDS if name in self.fields}
        fields["country"] = str(fields["country"]) if fields.get("country") else ""
        fields["hiring_countries"] = [str(code) for code in fields.get("hiring_countries") or []]
        return fields

    def answers(self) -> dict:
        """{question id: value}, as clean_answers reads them (empty answers left out)."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value is None or value == "":
                continue
            answers[str(question.pk)] = str(value) if isinstance(value, Decimal) else value
        return answers

    def sme_figures(self) -> tuple[dict | None, list[str]]:
        """(the fields the SME check reads, problems). The figures are None, with the problems
        to show, while country, sector or legal form are missing, a figure is not valid, or
        amounts are given without their currency (no currency is ever assumed)."""
        data = getattr(self, "cleaned_data", {})
        problems = [
            f"{self[name].label}: {error}"
            for name in SME_FIELDS
            if name in self.errors and self.data.get(name) not in (None, "")
            for error in self.errors[name]
        ]
        money = any(data.get(name) is not None for name in ("capital", "sales", "balance_sheet"))
        if money and not data.get("currency"):
            needed = _("Give the currency of the capital and sales figures.")
            problems.append(f"{self['currency'].label}: {needed}")
        complete = all(data.get(name) for name in ("country", "sector", "legal_form"))
        if problems or not complete:
            return None, problems
        figures = {
            "country": str(data["country"]),
            "sector": data["sector"],
            "legal_form": data["legal_form"],
            "capital": data.get("capital"),
            "sales": data.get("sales"),
            "balance_sheet": data.get("balance_sheet"),
            "employees": data.get("employees"),
            "currency": data.get("currency") or None,
            "on": data.get("figures_date"),
        }
        return figures, []

    def show_errors(self, errors: dict, message=None) -> None:
        """Put a service's {field: [messages]} on the fields (question fields are q<id>)."""
        if message:
            self.add_error(None, str(message))
        for field, problems in errors.items():
            name = field if field in self.fields else f"q{field}"
            for problem in problems:
                self.add_error(name if name in self.fields else None, str(problem))
