"""Cells of the CSV and XLSX files the application hands out.

Every text cell a spreadsheet would run as a formula (one starting with = + - @, a tab or a
carriage return) is prefixed with a single quote, in CSV and XLSX alike; numbers stay numbers.
Here in core so that every app (and core's own audit log export) uses the one rule;
companies.resources re-exports it for the application exports."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A text cell that cannot be read as a formula; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
