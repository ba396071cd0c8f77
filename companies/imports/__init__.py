"""Reading counterpart organisations' applicant lists (CSV or XLSX) into validated rows.

    table = read_table(upload.read(), upload.name)      # bytes → headers + streamed rows
    result = validate_rows(table)                        # rows → RowResult(number, data, errors)

Both raise ImportFileError (code "invalid_file") for a file that cannot be used at all; cell
problems are reported per row and column in the result. Nothing here touches the database.
"""

from .columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    REQUIRED,
    Column,
    HeaderMatch,
    RowResult,
    ValidationResult,
    from_json,
    match_headers,
    to_json,
    validate_rows,
)
from .reader import ImportFileError, Table, read_table
from .template import template_csv, template_xlsx
from .values import ValueProblem, normalise_name

__all__ = [
    "COLUMNS",
    "COLUMNS_BY_KEY",
    "REQUIRED",
    "Column",
    "HeaderMatch",
    "ImportFileError",
    "RowResult",
    "Table",
    "ValidationResult",
    "ValueProblem",
    "from_json",
    "match_headers",
    "normalise_name",
    "read_table",
    "template_csv",
    "template_xlsx",
    "to_json",
    "validate_rows",
]
