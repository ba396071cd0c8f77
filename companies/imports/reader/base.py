"""What the reader's modules share: limits, the file error, the table and its cells."""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ApplicationError

MB = 1024 * 1024


MAX_ZIP_MEMBERS = 1000


MAX_UNPACKED = 200 * MB


MAX_RATIO = 100


RATIO_MIN_SIZE = 10 * MB


PROLOG_LIMIT = 64 * 1024


EXCEL_MAX_ROWS = 1_048_576


EXCEL_MAX_COLUMNS = 16_384


Cell = str | int | float | bool | datetime | time | None


class ImportFileError(ApplicationError):
    """The uploaded file cannot be used at all; the message says why and what to do."""

    default_message = gettext_lazy("The file cannot be read.")
    code = "invalid_file"


@dataclass
class Table:
    headers: list[str]  # the header row, trailing empty cells removed; blank headers are ""
    rows: Iterable[tuple[int, list[Cell]]]  # (row number as Excel shows it, cells); once
    format: str  # "csv" or "xlsx"
    encoding: str | None = None  # CSV only: "utf-8", "utf-16", "cp932", "cp1251", ...
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only: the worksheet read
    header_row: int = 1


class _Once:
    """Rows are streamed; reading them twice would silently give nothing, so it raises."""

    def __init__(self, iterator: Iterator):
        self._iterator = iterator
        self._used = False

    def __iter__(self):
        if self._used:
            raise RuntimeError("Table.rows can be iterated only once.")
        self._used = True
        return self._iterator


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _size(n: int) -> str:
    return f"{math.ceil(n / MB * 10) / 10:.1f}"


def _row_limit(max_rows: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)d rows; split it into smaller files.")
        % {"limit": max_rows}
    )
