"""Template helpers of the dashboards: a table cell formatted by its column's kind, and the
export link of a table with the page's filters."""

from decimal import Decimal

from django import template
from django.http import QueryDict
from django.utils import formats

register = template.Library()


@register.filter
def cell(row: dict, column: dict) -> str:
    """The value of ``column`` in ``row``: counts and money grouped by thousands, rates as
    percentages, text as it is (escaped by the template)."""
    value = row.get(column["key"])
    if value is None or value == "":
        return "—" if column["kind"] != "text" else ""
    if column["kind"] == "rate":
        # number_format cuts decimals off: round first (0.6196 is 62.0%, not 61.9%).
        return f"{formats.number_format(round(float(value) * 100, 1), 1, use_l10n=True)}%"
    if column["kind"] == "money":
        places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if column["kind"] == "int" and isinstance(value, int) and column["key"] != "year":
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    return value


@register.filter
def amount(value) -> str:
    """A money amount grouped by thousands, without decimals when it has none."""
    if value is None:
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@register.simple_tag
def export_query(query: dict, table: str, file_format: str) -> str:
    """``?<filters>&export=<table>&format=<csv|xlsx>``."""
    params = QueryDict(mutable=True)
    for key, value in query.items():
        params[key] = value
    params["export"] = table
    params["format"] = file_format
    return "?" + params.urlencode()


@register.filter
def get(mapping: dict, key):
    return mapping.get(key)
