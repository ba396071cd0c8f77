"""Row values between ImportRow.data (JSON) and the Company model, and the database's limits
(field lengths, number ranges) that the file reader cannot know."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from companies.models import Company

from ..applications import COMPANY_FIELDS

ROW_FIELDS = COMPANY_FIELDS


_FIELDS = {name: Company._meta.get_field(name) for name in ROW_FIELDS}


DECIMALS = tuple(n for n, f in _FIELDS.items() if isinstance(f, models.DecimalField))


INTEGERS = tuple(n for n, f in _FIELDS.items() if isinstance(f, models.IntegerField))


BOOLEANS = tuple(n for n, f in _FIELDS.items() if isinstance(f, models.BooleanField))


DATES = tuple(n for n, f in _FIELDS.items() if isinstance(f, models.DateField))


NULLABLE = DECIMALS + INTEGERS + BOOLEANS + DATES


# What application_assess and the status follow-up change on an application.
ASSESSED_FIELDS = (
    "status", "eligible", "size_class", "rule_set_name", "eligibility_reasons", "exchange_rate",
    "eligibility_checked_at", "updated_at",
)  # fmt: skip


_INTEGER_MAX = {"PositiveSmallIntegerField": 32767, "PositiveIntegerField": 2147483647}


def _converter(key: str):
    if key in DECIMALS:
        quantum = Decimal(1).scaleb(-_FIELDS[key].decimal_places)
        return lambda value: Decimal(str(value)).quantize(quantum)
    if key in INTEGERS:
        return int
    if key in DATES:
        return lambda value: date.fromisoformat(str(value))
    if key in BOOLEANS:
        return bool
    if key == "hiring_countries":
        return lambda value: [str(c) for c in value]
    return str


# Per column: (the value of a blank cell, the conversion of any other), looked up once.
_CONVERTERS = {
    key: (
        None if key in NULLABLE else [] if key == "hiring_countries" else "",
        _converter(key),
    )
    for key in ROW_FIELDS
}


def _from_json(key: str, value):
    """ImportRow.data holds JSON (see companies.imports.to_json); turn it into a model value."""
    blank, convert = _CONVERTERS[key]
    if value is None or value == "":
        return [] if blank == [] else blank  # a new list each time
    return convert(value)


_ROW_CONVERTERS = [
    (key, blank, blank == [], convert) for key, (blank, convert) in _CONVERTERS.items()
]


def _company_values(data: dict) -> dict:
    """{field: _from_json(field, data.get(field))} for every row field, in one pass."""
    values = {}
    for key, blank, is_list, convert in _ROW_CONVERTERS:
        value = data.get(key)
        if value is None or value == "":
            values[key] = [] if is_list else blank
        else:
            values[key] = convert(value)
    return values


def _model_value(company: Company, key: str):
    value = getattr(company, key)
    if key == "country":
        return str(value) if value else ""
    if key == "hiring_countries":
        return sorted(str(c) for c in value)  # the field keeps them sorted
    if key in DECIMALS and value is not None:
        return Decimal(value).normalize()
    return value


def _comparable(key: str, value):
    value = _from_json(key, value)
    if key in DECIMALS and value is not None:
        return value.normalize()
    if key == "hiring_countries":
        return sorted(value)
    return value


def _json(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _limits() -> list[tuple[str, str, object]]:
    limits = []
    for key, model_field in _FIELDS.items():
        if key in DECIMALS:
            digits = model_field.max_digits - model_field.decimal_places
            limits.append((key, "decimal", (digits, Decimal(10) ** digits)))
        elif key in INTEGERS and model_field.get_internal_type() in _INTEGER_MAX:
            limits.append((key, "integer", _INTEGER_MAX[model_field.get_internal_type()]))
        elif model_field.max_length and key != "hiring_countries":
            limits.append((key, "text", model_field.max_length))
    return limits


_LIMITS = _limits()


def _limit_errors(data: dict) -> list[dict]:
    """What the reader cannot know: the database's field lengths and number ranges. Caught here
    so that a row fails in the preview, with its column, not at import time."""
    errors = []
    for key, kind, limit in _LIMITS:
        value = data.get(key)
        if value is None or value == "":
            continue
        problem = None
        if kind == "text":
            if isinstance(value, str) and len(value) > limit:
                problem = _("too long: %(length)d characters; at most %(max)d") % {
                    "length": len(value),
                    "max": limit,
                }
        elif kind == "decimal":
            digits, bound = limit
            try:
                too_large = abs(Decimal(str(value))) >= bound
            except InvalidOperation:
                too_large = True
            if too_large:
                problem = _("too large: at most %(digits)d digits before the decimal point") % {
                    "digits": digits
                }
        elif int(value) > limit:
            problem = _("too large: at most %(max)d") % {"max": limit}
        if problem:
            errors.append(
                {
                    "column": key,
                    "message": _('column "%(column)s": %(problem)s')
                    % {"column": key, "problem": problem},
                }
            )
    return errors
