"""The words and patterns of the rule-set format: the keys allowed at each level, the
combination's operators, the patterns of names, dates, currencies and decimal strings."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..vocabulary import LIMITED_SIZE_CLASSES

TOP_LEVEL_KEYS = (
    "name",
    "title",
    "country",
    "kind",
    "valid_from",
    "valid_until",
    "citation",
    "currency",
    "description",
    "definition",
)
DEFINITION_KEYS = ("combination", "sectors", "groups", "not_applicable", "notes")
GROUP_KEYS = ("label", "notes", *LIMITED_SIZE_CLASSES)
LIMIT_KEYS = ("at_most", "less_than")
OPERATORS = ("any", "all")

_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_DECIMAL_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


def _allowed(values) -> str:
    return ", ".join(values)


def parse_date(value: Any) -> date | None:
    """A "YYYY-MM-DD" string as a date, or None when it is not one."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
