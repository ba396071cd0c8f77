"""The applicant list's columns, matching a file's header row to them, and validating rows.

`validate_rows(read_table(...))` turns a counterpart's file into one `RowResult` per data row:
the normalised values (JSON-ready: Decimals as strings, dates as ISO strings) and the errors, each
naming its column (`column "capital": not a number: "abc"`). No database access here.

Modules: definitions (the columns), headers (matching the header row), jsonvalues (to and from
JSON), rows (validating rows).
"""

from .definitions import COLUMNS, COLUMNS_BY_KEY, IGNORED, MONEY_COLUMNS, REQUIRED, Column
from .headers import HeaderMatch, match_headers
from .jsonvalues import from_json, to_json
from .rows import RowResult, ValidationResult, validate_rows

__all__ = [
    "COLUMNS",
    "COLUMNS_BY_KEY",
    "Column",
    "HeaderMatch",
    "IGNORED",
    "MONEY_COLUMNS",
    "REQUIRED",
    "RowResult",
    "ValidationResult",
    "from_json",
    "match_headers",
    "to_json",
    "validate_rows",
]
