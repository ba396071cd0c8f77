"""Parsing one cell of a counterpart's applicant list.

Every parser takes what the reader produced (str, int, float, Decimal, bool, date, datetime or
None) and returns a normalised Python value, or None when the cell is blank; it raises
`ValueProblem` with a short translatable message ("not a number: "abc"") when the cell cannot be
understood. The row validator in `columns.py` adds the column name and the row number.

No database access here: these functions work on values and return values.

Modules: base (ValueProblem, blanks), choices (sectors, legal forms, currencies), numbers
(amounts, percentages, integers, years), dates, text (yes/no, text, names, registration numbers,
e-mail, web, telephone), codes (country, currency, sector, legal form), names (normalise_name).
"""

from .base import ValueProblem, is_blank, show
from .choices import CURRENCY_CODES, LEGAL_FORMS, SECTORS
from .codes import parse_countries, parse_country, parse_currency, parse_legal_form, parse_sector
from .dates import parse_date
from .names import normalise_name
from .numbers import parse_decimal, parse_integer, parse_money, parse_percent, parse_year
from .text import (
    parse_bool,
    parse_email,
    parse_latin_name,
    parse_phone,
    parse_registration_number,
    parse_text,
    parse_url,
    registration_key,
)

__all__ = [
    "CURRENCY_CODES",
    "LEGAL_FORMS",
    "SECTORS",
    "ValueProblem",
    "is_blank",
    "normalise_name",
    "parse_bool",
    "parse_countries",
    "parse_country",
    "parse_currency",
    "parse_date",
    "parse_decimal",
    "parse_email",
    "parse_integer",
    "parse_latin_name",
    "parse_legal_form",
    "parse_money",
    "parse_percent",
    "parse_phone",
    "parse_registration_number",
    "parse_sector",
    "parse_text",
    "parse_url",
    "parse_year",
    "registration_key",
    "show",
]
