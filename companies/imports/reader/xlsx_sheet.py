"""The chosen worksheet streamed row by row with expat, cells turned into Python values."""

import zipfile
import zlib
from datetime import datetime
from decimal import Decimal
from xml.parsers import expat

from django.utils.translation import gettext as _

from .base import EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, Cell, ImportFileError, _row_limit
from .xlsx_guard import (
    _declarations_refused,
    _identify_zip,
    _open_zip,
    _refuse_declarations,
    _Refused,
    _unreadable,
)
from .xlsx_parts import (
    _choose_sheet,
    _format_kinds,
    _parser,
    _relationships,
    _shared_strings,
    _unescape,
)


def _read_xlsx(data: bytes, name: str, max_rows: int):
    archive, members = _open_zip(data, name)
    _identify_zip(archive, members, name)
    if any(info.flag_bits & 0x1 for info in members.values()):
        raise ImportFileError(
            _(
                "The workbook is protected with a password: remove the password in Excel and "
                "upload it again."
            )
        )
    try:
        _refuse_declarations(archive, members)
        sheet, path, date1904 = _choose_sheet(archive, members, name)
        relationships = _relationships(archive, members, "xl/workbook.xml").values()
        targets = {kind.rpartition("/")[2]: target for kind, target in relationships}
        strings = _shared_strings(
            archive,
            members.get(targets.get("sharedStrings", "xl/sharedStrings.xml").lower()),
        )
        kinds = _format_kinds(archive, members.get(targets.get("styles", "xl/styles.xml").lower()))
    except _Refused:
        raise _declarations_refused() from None
    except (
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        NotImplementedError,
        OSError,
    ):
        raise _unreadable(name) from None
    rows = _sheet_rows(archive, members[path.lower()], strings, kinds, date1904, name, max_rows)
    return sheet, rows


def _sheet_rows(archive, info, strings, kinds, date1904, name, max_rows):
    """(row number, cells) for every non-empty row; cells are trimmed of trailing blanks."""
    from openpyxl.utils.datetime import (
        CALENDAR_MAC_1904,
        CALENDAR_WINDOWS_1900,
        from_excel,
    )

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    styles = len(kinds)
    done: list[tuple[int, list[Cell]]] = []
    row: dict[int, Cell] = {}
    letters_cache: dict[str, int] = {}
    row_number = column = phonetic = 0
    style: str | None = None
    valid_styles: set[str] = set()
    cell_type: str | None = None
    cell_text = ""
    collect = False

    def column_of(reference: str) -> int:
        letters = reference.rstrip("0123456789")
        index = letters_cache.get(letters)
        if index is None:
            index = 0
            for char in letters.upper():
                index = index * 26 + ord(char) - 64
            if not letters.isalpha() or not 1 <= index <= EXCEL_MAX_COLUMNS:
                raise ValueError(reference)
            letters_cache[letters] = index
        return index

    # The handlers run for every element of the sheet (a 10,000-row file has over a million):
    # the common cases come first and call no other function.
    def start(element, attributes):
        nonlocal row_number, column, style, phonetic, cell_type, cell_text, collect
        if ":" in element:
            element = element.rpartition(":")[2]
        if element == "c":
            reference = attributes.get("r")
            if reference:
                index = letters_cache.get(reference.rstrip("0123456789"))
                column = index if index is not None else column_of(reference)
            else:
                column += 1
            cell_type = attributes.get("t")
            style = attributes.get("s")  # the style index, converted for a number only
            if style and style not in valid_styles:
                int(style)  # a damaged index makes the file unreadable, as it always did
                valid_styles.add(style)
            cell_text = ""
        elif element == "v":
            collect = True
        elif element == "t":
            collect = cell_type == "inlineStr" and not phonetic
        elif element == "row":
            number = attributes.get("r")
            row_number = int(number) if number else row_number + 1
            if not 1 <= row_number <= EXCEL_MAX_ROWS:
                raise ValueError(number)
            column = 0
            row.clear()
        elif element == "rPh":
            phonetic += 1

    def end(element):
        nonlocal phonetic, collect
        if ":" in element:
            element = element.rpartition(":")[2]
        if element == "c":
            if not cell_text:
                return
            if cell_type == "s":
                value = strings[int(cell_text)]
            elif cell_type == "inlineStr" or cell_type == "str":
                value = (_unescape(cell_text) if "_x" in cell_text else cell_text).strip() or None
            elif cell_type is None or cell_type == "n":
                index = int(style) if style else 0
                kind = kinds[index] if index < styles else None
                value = _number(cell_text, kind, epoch, from_excel)
            else:
                value = _typed_value(cell_text, cell_type)
            if value is not None:
                row[column] = value
        elif element == "v" or element == "t":
            collect = False
        elif element == "row":
            if row:
                cells: list[Cell] = [None] * max(row)
                for index, value in row.items():
                    cells[index - 1] = value
                done.append((row_number, cells))
        elif element == "rPh":
            phonetic -= 1

    def characters(data):
        nonlocal cell_text
        if collect:
            cell_text += data

    parser = _parser(start, end, characters)
    data_rows = 0
    try:
        with archive.open(info) as part:
            while True:
                chunk = part.read(65536)
                parser.Parse(chunk, not chunk)
                for number, cells in done:
                    data_rows += 1
                    if data_rows > max_rows + 1:  # + the header
                        raise _row_limit(max_rows)
                    yield number, cells
                done.clear()
                if not chunk:
                    return
    except _Refused:
        raise _declarations_refused() from None
    except (
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        IndexError,
        ValueError,
        NotImplementedError,
        OSError,
    ):
        raise _unreadable(name) from None


def _number(text: str, kind: str | None, epoch, from_excel) -> Cell:
    number: int | float = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
    if kind == "date":
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return number
    if kind == "percent":  # what the user sees: 0.12 formatted as a percentage is "12%"
        percent = Decimal(repr(number) if isinstance(number, float) else number) * 100
        return f"{percent.normalize():f}%"
    return number


def _typed_value(text: str, cell_type: str) -> Cell:
    if cell_type in ("inlineStr", "str"):
        return _unescape(text).strip() or None
    if cell_type == "b":
        return text.strip() in ("1", "true")
    if cell_type == "e":
        return text
    if cell_type == "d":
        try:
            return datetime.fromisoformat(text.rstrip("Z"))
        except ValueError:
            return text
    raise ValueError(cell_type)
