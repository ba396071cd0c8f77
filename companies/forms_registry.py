"""Input shapes for the company registry, the SME calculator, rule sets and exchange rates.

They parse and present; companies.services (and the eligibility engine behind them) validate
and save. Errors a service raises are put back on the field they name (`show_errors`)."""

import json
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from companies.eligibility.vocabulary import RULE_SET_COUNTRIES, known_countries
from programmes.forms import DateInput

from .forms import CURRENCIES, AmountField, parse_amount
from .models import Company, LegalForm, RuleSet, SmeSector

# --- choices ---------------------------------------------------------------------------------


def country_name(code: str) -> str:
    """A country's name; "EU" (the code the EU rule set is filed under) reads as the Union."""
    if code == "EU":
        return str(_("European Union"))
    return countries.name(code) or code


def sme_country_choices() -> list[tuple[str, str]]:
    """The countries an SME rule is known for: each country with its own law, the EU, and the
    EU member states (judged by the EU rule), sorted by name."""
    codes = [code for code in known_countries() if code != "EL"]  # EL is Greece again
    return sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])


def rule_set_country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in RULE_SET_COUNTRIES), key=_name)


def currency_choices(blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *((code, code) for code in CURRENCIES)]


def registry_country_choices() -> list[tuple[str, str]]:
    """The countries that companies in the registry come from."""
    codes = (
        Company.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return [("", _("All countries")), *sorted(((c, country_name(c)) for c in codes), key=_name)]


def plain_number(value) -> str:
    """A number as people read it: grouped digits, no trailing zeros (150.2500 → 150.25)."""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def rate_sentence(rate) -> str:
    """ "1 USD = 150.25 JPY on 2026-10-01 (Bank of Japan)" for a rate, or the rate an
    application stored ({"currency", "to_currency", "rate", "date", "source"})."""
    if isinstance(rate, dict):
        values = {
            "from": rate.get("currency", ""),
            "to": rate.get("to_currency", ""),
            "rate": plain_number(rate.get("rate", 0)),
            "date": rate.get("date", ""),
        }
        source = rate.get("source") or ""
    else:
        values = {
            "from": rate.currency,
            "to": rate.to_currency,
            "rate": plain_number(rate.rate),
            "date": rate.date.isoformat(),
        }
        source = rate.source
    if source:
        return gettext("1 %(from)s = %(rate)s %(to)s on %(date)s (%(source)s)") % {
            **values,
            "source": source,
        }
    return gettext("1 %(from)s = %(rate)s %(to)s on %(date)s") % values


def _name(choice):
    return choice[1]


def show_errors(form: forms.Form, errors: dict, message=None, field_map: dict | None = None):
    """Put a service's errors ({field: [messages]}) on the form's fields; the rest, and the
    message when no field is named, at the top."""
    field_map = field_map or {}
    if message and not errors:
        form.add_error(None, str(message))
    for field, problems in errors.items():
        target = field_map.get(field, field)
        for problem in problems:
            form.add_error(target if target in form.fields else None, str(problem))


# --- the registry ----------------------------------------------------------------------------


class CompanySearchForm(forms.Form):
    """The registry's search: a name or registration number, a country and a sector."""

    q = forms.CharField(
        label=_("Name or registration number"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = registry_country_choices()
        self.fields["sector"].choices = [("", _("All sectors")), *SmeSector.choices]

    def values(self) -> dict:
        """The valid filters; a filter with a value that is not offered is ignored."""
        if not self.is_valid():
            return {
                key: self.cleaned_data.get(key, "")
                for key in ("q", "country", "sector")
                if key not in self.errors
            }
        return dict(self.cleaned_data)


# --- the SME calculator ----------------------------------------------------------------------


class SmeCheckForm(forms.Form):
    """Figures of one company, judged by the law of its country (or a chosen rule set)."""

    country = forms.ChoiceField(label=_("Country"))
    sector = forms.ChoiceField(label=_("Sector"), choices=SmeSector.choices)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=LegalForm.choices, initial=LegalForm.COMPANY
    )
    capital = AmountField(
        label=_("Paid-in capital"), required=False, max_digits=22, decimal_places=2
    )
    sales = AmountField(label=_("Annual sales"), required=False, max_digits=22, decimal_places=2)
    balance_sheet = AmountField(
        label=_("Balance-sheet total"), required=False, max_digits=22, decimal_places=2
    )
    employees = forms.IntegerField(
        label=_("Employees"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("Give the number of employees as a whole number.")},
    )
    currency = forms.ChoiceField(
        label=_("Currency of the figures"),
        required=False,
        help_text=_("Figures in another currency than the law's are converted at a stored rate."),
    )
    date = forms.DateField(
        label=_("Figures as of"),
        required=False,
        widget=DateInput(),
        help_text=_("Picks the law in force and the exchange rate; empty means today."),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    rule_set = forms.ModelChoiceField(
        label=_("Rule set"),
        queryset=RuleSet.objects.all(),
        to_field_name="name",
        required=False,
        empty_label=_("The law of the country"),
        help_text=_("Or judge by another rule set, e.g. a programme's own."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *sme_country_choices()]
        self.fields["currency"].choices = currency_choices(_("The law's own currency"))

    def check_input(self) -> dict:
        """The raw input for companies.eligibility_input.parse_check_input."""
        data = self.cleaned_data
        return {
            "country": data["country"],
            "sector": data["sector"],
            "legal_form": data["legal_form"],
            "capital": data.get("capital"),
            "sales": data.get("sales"),
            "balance_sheet": data.get("balance_sheet"),
            "employees": data.get("employees"),
            "currency": data.get("currency") or None,
            "date": data.get("date"),
            "rule_set": data["rule_set"].name if data.get("rule_set") else None,
        }


# --- rule sets -------------------------------------------------------------------------------


class DefinitionField(forms.CharField):
    """The rule set's definition, edited as JSON text; cleaned to a dict."""

    widget = forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"})

    def prepare_value(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("This is not valid JSON: line %(line)s, column %(column)s: %(problem)s.")
                % {"line": exc.lineno, "column": exc.colno, "problem": exc.msg},
                code="invalid_json",
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(
                _(
                    'The definition must be a JSON object: {"combination": …, "sectors": …, '
                    '"groups": …}.'
                ),  # fmt: skip
                code="not_an_object",
            )
        return _plain_numbers(data)


def _plain_numbers(value):
    """JSON numbers with a fraction were read as Decimal (no binary rounding); stored JSON
    takes int or float."""
    if isinstance(value, dict):
        return {key: _plain_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class RuleSetForm(forms.Form):
    """A programme-specific rule set: its metadata and its definition as JSON."""

    name = forms.SlugField(
        label=_("Name"),
        max_length=80,
        help_text=_("Lower-case letters and digits joined by hyphens, e.g. ceo-network-2027-jp."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    currency = forms.ChoiceField(label=_("Currency of the thresholds"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while it is in force."),
    )
    citation = forms.CharField(
        label=_("Legal source"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The law, or the programme document, the figures come from."),
    )
    definition = DefinitionField(
        label=_("Definition (JSON)"),
        help_text=_(
            "The combination of figures, the sector groups and their limits per size class; "
            "see docs/eligibility.md for the format."
        ),
    )

    FIELDS = ("name", "title", "country", "valid_from", "valid_until", "citation", "currency",
              "definition")  # fmt: skip

    def __init__(self, *args, rule_set: RuleSet | None = None, **kwargs):
        if rule_set is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(rule_set, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *rule_set_country_choices()]
        codes = list(CURRENCIES)
        current = self.initial.get("currency") or (rule_set.currency if rule_set else None)
        if current and current not in codes:
            codes.append(current)
        self.fields["currency"].choices = [("", "---------"), *((c, c) for c in codes)]
        if rule_set is not None and rule_set.pk:
            # Applications keep the name of the rule set that judged them: it stays.
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _("The name cannot be changed once saved.")

    @classmethod
    def copy_of(cls, source: RuleSet) -> dict:
        """Initial values for a programme-specific copy of `source`."""
        return {
            "name": f"{source.name}-copy"[:80],
            "title": _("%(title)s (programme-specific copy)") % {"title": source.title},
            "country": source.country,
            "currency": source.currency,
            "valid_from": source.valid_from,
            "valid_until": source.valid_until,
            "citation": source.citation,
            "definition": source.definition,
        }

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.FIELDS}
        if self.fields["name"].disabled:
            fields.pop("name")
        return fields


def rule_set_errors(errors: dict) -> dict[str, list[str]]:
    """The rule-set service's errors, each engine message ("valid_until: must not be before
    valid_from (…)", "definition.groups.services.medium.capital: must be …") moved to the field
    its path starts with; the rest stay on the definition."""
    sorted_errors: dict[str, list[str]] = {}
    for field, problems in errors.items():
        for problem in problems:
            target = field
            if field == "definition":
                head = str(problem).split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
                if head in RuleSetForm.FIELDS:
                    target = head
            sorted_errors.setdefault(target, []).append(str(problem))
    return sorted_errors


# --- exchange rates --------------------------------------------------------------------------


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(
        label=pgettext_lazy("exchange rate", "From"),
        max_length=3,
        help_text=_("ISO 4217 code, e.g. USD"),
    )
    to_currency = forms.CharField(
        label=pgettext_lazy("exchange rate", "To"), max_length=3, help_text=_("e.g. JPY")
    )
    rate = forms.CharField(
        label=_("Rate"),
        max_length=40,
        help_text=_("Units of the second currency for one unit of the first, e.g. 150.25"),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("e.g. Bank of Japan reference rate"),
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["rate"] = parse_amount(data["rate"])
        return data
