"""Row values to JSON and back: Decimals as strings, dates as ISO strings."""

from datetime import date
from decimal import Decimal
from typing import Any

from .definitions import COLUMNS_BY_KEY


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    """Typed row values → JSON-ready: Decimal → "1200000", date → "2025-03-31"."""
    data = {}
    for key, value in values.items():
        if isinstance(value, Decimal):
            value = format(value, "f")
        elif isinstance(value, date):
            value = value.isoformat()
        data[key] = value
    return data


def from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The reverse of `to_json`, using the column kinds: "1200000" → Decimal, ISO → date."""
    values = {}
    for key, value in data.items():
        kind = COLUMNS_BY_KEY[key].kind if key in COLUMNS_BY_KEY else None
        if value is not None and kind in ("decimal", "money"):
            value = Decimal(value)
        elif value is not None and kind == "date":
            value = date.fromisoformat(value)
        values[key] = value
    return values
