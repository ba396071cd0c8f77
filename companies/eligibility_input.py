"""Parsing SME-check input (the API's JSON and the check_eligibility command's flags) into the
service's arguments, with one message per bad field. Shared so both answer alike."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from companies.exceptions import EligibilityError
from companies.models import LegalForm, SmeSector

MONEY = ("capital", "sales", "balance_sheet")


def parse_check_input(raw: dict) -> dict:
    """{"country", "sector", "legal_form", money figures, "employees", "currency", "date",
    "rule_set"} → keyword arguments for eligibility_check; EligibilityError lists every bad
    field at once."""
    errors: dict[str, list[str]] = {}
    out: dict = {}
    country = str(raw.get("country") or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        errors["country"] = [_("Give an ISO 3166 alpha-2 country code (e.g. JP), or EU.")]
    out["country"] = country
    sector = str(raw.get("sector") or "").strip().lower()
    if sector not in SmeSector.values:
        errors["sector"] = [
            _("Unknown sector “%(value)s”; use one of: %(allowed)s.")
            % {"value": sector, "allowed": ", ".join(SmeSector.values)}
        ]
    out["sector"] = sector
    legal_form = str(raw.get("legal_form") or "").strip().lower()
    if legal_form not in LegalForm.values:
        errors["legal_form"] = [
            _("Unknown legal form “%(value)s”; use one of: %(allowed)s.")
            % {"value": legal_form, "allowed": ", ".join(LegalForm.values)}
        ]
    out["legal_form"] = legal_form
    for key in MONEY:
        value = raw.get(key)
        if value in (None, ""):
            out[key] = None
            continue
        try:
            number = Decimal(str(value).replace("_", ""))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors[key] = [_("Not a number: “%(value)s”.") % {"value": value}]
            continue
        if number < 0:
            errors[key] = [_("This figure cannot be negative.")]
        out[key] = number
    employees = raw.get("employees")
    if employees in (None, ""):
        out["employees"] = None
    else:
        try:
            count = Decimal(str(employees))
            if count != count.to_integral_value() or count < 0:
                raise InvalidOperation
            out["employees"] = int(count)
        except (InvalidOperation, ValueError):
            errors["employees"] = [_("Give the number of employees as a whole number ≥ 0.")]
    currency = str(raw.get("currency") or "").strip().upper()
    if currency and (len(currency) != 3 or not currency.isalpha()):
        errors["currency"] = [_("Give a three-letter ISO 4217 code, e.g. JPY.")]
    out["currency"] = currency or None
    when = raw.get("date")
    if when in (None, ""):
        out["on"] = None
    elif isinstance(when, date):
        out["on"] = when
    else:
        try:
            out["on"] = date.fromisoformat(str(when))
        except ValueError:
            errors["date"] = [_("Give the date as YYYY-MM-DD.")]
    out["rule_set"] = str(raw.get("rule_set") or "").strip() or None
    if errors:
        raise EligibilityError(_("Some fields are not valid."), errors=errors)
    return out
