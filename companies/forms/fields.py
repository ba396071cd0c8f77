"""Fields the application forms share (and other apps reuse): the offered currencies, amounts
typed with thousands separators, yes / no questions."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Currencies offered for the figures; a company already holding another keeps it on the list.
CURRENCIES = (
    "JPY", "USD", "EUR", "RUB", "VND", "THB", "MYR", "IDR", "PHP", "SGD", "CNY", "KRW", "INR",
    "TWD", "HKD", "KZT", "UZS", "MNT", "MMK", "KHR", "LAK", "BDT", "LKR", "GBP", "CHF", "PLN",
    "CZK", "HUF", "SEK", "DKK", "AUD", "NZD", "CAD", "TRY", "AED",
)  # fmt: skip


def parse_amount(value) -> str:
    """Read an amount the way people type it: "15 000 000", "15,000,000.50", "1 500,5"."""
    text = re.sub(r"[\s\u00a0\u202f'_]", "", str(value))
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        # 15,000,000 groups thousands; 1500,5 is a decimal comma.
        text = (
            text.replace(",", "")
            if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text)
            else text.replace(",", ".")
        )
    return text


class AmountField(forms.DecimalField):
    """A money figure: thousands separators are accepted, the unit is the chosen currency."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.error_messages["invalid"] = _("Give the amount as a number, e.g. 15000000.")
        self.error_messages["min_value"] = _("This figure cannot be negative.")
        self.error_messages["max_digits"] = _("This amount is too large.")
        self.error_messages["max_whole_digits"] = _("This amount is too large.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(parse_amount(value))

    def prepare_value(self, value):
        """Stored amounts shown without trailing zeros: 640000000, not 640000000.00."""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value else "0"
        return value


def _is_yes(value: str) -> bool:
    return value == "yes"


def yes_no_field(label, help_text="") -> forms.TypedChoiceField:
    """Yes / no / not answered, read as True / False / None."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[
            ("", pgettext_lazy("unanswered", "Not answered")),
            ("yes", _("Yes")),
            ("no", _("No")),
        ],
        coerce=_is_yes,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
