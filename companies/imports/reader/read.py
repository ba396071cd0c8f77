"""read_table: uploaded bytes → headers and streamed rows, CSV or XLSX."""

from collections.abc import Iterator
from datetime import datetime
from itertools import chain

from django.utils.translation import gettext as _

from .base import MB, Cell, ImportFileError, Table, _Once, _size
from .delimited import _csv_rows, _decode, _sniff_delimiter
from .sniff import _is_blank_file, _refuse_other_types
from .xlsx_sheet import _read_xlsx


def read_table(
    data: bytes,
    filename: str,
    *,
    encoding: str | None = None,
    max_bytes: int = 10 * MB,
    max_rows: int = 50_000,
) -> Table:
    """Read an uploaded CSV or XLSX file. Raises ImportFileError, also later while `rows` is
    being iterated (a damaged workbook, more than `max_rows` data rows)."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _size(len(data)), "limit": f"{max_bytes / MB:g}"}
        )
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    if _is_blank_file(data):
        raise ImportFileError(_("The file is empty."))
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        sheet, rows = _read_xlsx(data, name, max_rows)
        headers, header_row, rows = _split_header(rows)
        return Table(headers, _Once(rows), "xlsx", sheet=sheet, header_row=header_row)
    _refuse_other_types(data, name, encoding)
    text, detected = _decode(data, encoding)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    delimiter, sep_line = _sniff_delimiter(text)
    headers, header_row, rows = _split_header(_csv_rows(text, delimiter, sep_line, max_rows))
    return Table(
        headers,
        _Once(rows),
        "csv",
        encoding=detected,
        delimiter=delimiter,
        header_row=header_row,
    )


def _split_header(rows: Iterator[tuple[int, list[Cell]]]):
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    header_row, cells = first
    headers = ["" if cell is None else _header_text(cell) for cell in cells]
    data_row = next(rows, None)
    if data_row is None:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return headers, header_row, chain([data_row], rows)


def _header_text(cell: Cell) -> str:
    if isinstance(cell, datetime):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
