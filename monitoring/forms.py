"""Input shapes: the survey form (the service validates: levels, the value and its currency)
and staff's settle form and follow-up form."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.forms import CURRENCIES

from .models import LEVEL_MEANINGS, FollowUp, SurveyResponse, Transaction

STAGE_CHOICES = [("", pgettext_lazy("transaction", "No")), *SurveyResponse.Stage.choices]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SurveyForm(forms.Form):
    took_place = forms.ChoiceField(
        label=_("Did the meeting take place?"), choices=YES_NO, widget=forms.RadioSelect
    )
    level = forms.CharField(label=_("Outcome level"), required=False)
    estimated_value = forms.CharField(
        label=_("Estimated value"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        required=False,
        choices=[("", "—"), *[(code, code) for code in CURRENCIES]],
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Transaction.choices:
            self.fields[f"tx_{kind}"] = forms.ChoiceField(
                label=label, required=False, choices=STAGE_CHOICES
            )

    @property
    def transaction_fields(self):
        return [self[f"tx_{kind}"] for kind, _label in Transaction.choices]

    @property
    def levels(self):
        return list(LEVEL_MEANINGS.items())

    @classmethod
    def initial_from(cls, response: SurveyResponse | None) -> dict:
        if response is None:
            return {}
        initial = {
            "took_place": "yes" if response.took_place else "no",
            "level": response.level or "",
            "estimated_value": response.estimated_value
            if response.estimated_value is not None
            else "",
            "currency": response.currency,
            "next_steps": response.next_steps,
            "comment": response.comment,
        }
        for kind, stage in (response.transactions or {}).items():
            initial[f"tx_{kind}"] = stage
        return initial

    def answer(self) -> dict:
        """The service's keyword arguments (raw: the service checks them)."""
        data = self.cleaned_data
        took = data.get("took_place")
        return {
            "took_place": True if took == "yes" else False if took == "no" else None,
            "level": data.get("level") or None,
            "transactions": {
                kind: data[f"tx_{kind}"]
                for kind, _label in Transaction.choices
                if data.get(f"tx_{kind}")
            },
            "estimated_value": data.get("estimated_value") or None,
            "currency": data.get("currency") or "",
            "next_steps": data.get("next_steps", ""),
            "comment": data.get("comment", ""),
        }


class SettleForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Settled level"),
        coerce=int,
        # format_lazy: the meanings are rendered in the reader's language, not the one at import.
        choices=[(n, format_lazy("{} — {}", n, meaning)) for n, meaning in LEVEL_MEANINGS.items()],
    )
    note = forms.CharField(
        label=_("Why (kept on record)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    """Staff's update of a follow-up (the service validates the date, the value and its
    currency, and names the field it refuses)."""

    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    note = forms.CharField(
        label=_("Note (kept in the history)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_contact = forms.CharField(
        label=_("Next contact"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_visits = forms.CharField(
        label=_("Planned mutual visits"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deal_value = forms.CharField(
        label=_("Deal value"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        required=False,
        choices=[("", "—"), *[(code, code) for code in CURRENCIES]],
    )


class FollowUpSurveyForm(forms.Form):
    """A company's answer to a follow-up survey (the service checks the values, the currencies
    and that only the Japanese company reports sales)."""

    status = forms.ChoiceField(
        label=_("Where does the cooperation stand?"),
        # The case's statuses; "open" in a company's words.
        choices=[
            (FollowUp.Status.OPEN, _("No contact with the partner since the programme")),
            *[(value, label) for value, label in FollowUp.Status.choices if value != "open"],
        ],
        widget=forms.RadioSelect,
    )
    deal_value = forms.CharField(
        label=_("Deal value"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        required=False,
        choices=[("", "—"), *[(code, code) for code in CURRENCIES]],
    )
    sales_amount = forms.CharField(
        label=_("Sales to the partner in the period"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    sales_currency = forms.ChoiceField(
        label=_("Currency"),
        required=False,
        choices=[("", "—"), *[(code, code) for code in CURRENCIES]],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, japanese: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not japanese:
            del self.fields["sales_amount"]
            del self.fields["sales_currency"]

    def answer(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data.get("status", ""),
            "deal_value": data.get("deal_value") or None,
            "currency": data.get("currency") or "",
            "sales_amount": data.get("sales_amount") or None,
            "sales_currency": data.get("sales_currency") or "",
            "comment": data.get("comment", ""),
        }


class ReturnSaleForm(forms.Form):
    """Staff's return sales of one period (the service checks the company, the period order,
    overlaps, the amount and the currency, and names the field it refuses)."""

    company = forms.ChoiceField(label=_("Japanese company"))
    period_start = forms.CharField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.CharField(
        label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.CharField(
        label=_("Amount"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *[(code, code) for code in CURRENCIES]]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, companies=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", "—"), *((c.pk, c.display_name) for c in companies)]
        for name in ("period_start", "period_end", "amount", "currency"):
            self.fields[name].required = False  # the service names what is missing
        self.fields["company"].required = False
        if editing:
            del self.fields["company"]
