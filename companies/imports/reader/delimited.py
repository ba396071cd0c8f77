"""CSV files: the encoding (UTF-8, UTF-16, CP932, Windows-1251), the delimiter and the rows."""

import codecs
import csv
import io
import re
from itertools import islice

from django.utils.translation import gettext as _

from .base import ImportFileError, _row_limit
from .sniff import _bom_encoding

_CYRILLIC = set(
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяІіЇїЄєҐґЎў«»№–—“”„…"
)


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _japanese_weight(char: str) -> float:
    code = ord(char)
    if (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x4E00 <= code <= 0x9FFF  # CJK ideographs
        or 0x3400 <= code <= 0x4DBF
        or 0xFF01 <= code <= 0xFF60  # full-width forms
        or 0x2460 <= code <= 0x24FF  # circled numbers
        or 0x3200 <= code <= 0x33FF  # ㈱, ㎡ and the like
        or 0xF900 <= code <= 0xFAFF
        or char in "①②③№‐―…‥“”‘’×÷°※〒"
    ):
        return 1.0
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: also what Windows-1251 capitals become
        return 0.5
    return 0.0


def _plausibility(text: str, script: str) -> float:
    good = total = 0.0
    for match in islice(_NON_ASCII_RUN.finditer(text), 5000):
        run = match.group()
        total += len(run)
        if script == "ja":
            good += sum(_japanese_weight(char) for char in run)
            continue
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            continue  # "Sociщtщ": Latin letters glued to Cyrillic ones is not Russian
        good += sum(1 for char in run if char in _CYRILLIC)
    return good / total if total else 0.0


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise ImportFileError(
                _('Unknown text encoding: "%(encoding)s".') % {"encoding": encoding}
            ) from None
        if name in ("shift_jis", "shift_jis_2004", "shift_jisx0213"):
            name = "cp932"  # what Windows writes; a superset that also has ①, ㈱, ...
        codec = "utf-8-sig" if name in ("utf-8", "utf-8-sig") else name
        try:
            return data.decode(codec), "utf-8" if codec == "utf-8-sig" else name
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
            raise ImportFileError(
                _(
                    "The file is not valid %(encoding)s: byte 0x%(byte)02X on line %(line)d "
                    "(byte offset %(offset)d) cannot be decoded. Choose the encoding the file was "
                    "saved in."
                )
                % {
                    "encoding": name,
                    "byte": data[error.start],
                    "line": line,
                    "offset": error.start,
                }
            ) from None
    bom = _bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), "utf-8" if bom == "utf-8-sig" else bom
        except UnicodeDecodeError:
            raise _undetectable() from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name, script in (("cp932", "ja"), ("cp1251", "ru")):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text, script), name, text))
    if candidates:
        score, name, text = max(candidates)
        if score >= 0.6:
            return text, name
    raise _undetectable()


def _undetectable() -> ImportFileError:
    return ImportFileError(
        _(
            "Could not tell which text encoding the file uses. Choose the encoding (for example "
            "UTF-8, Shift_JIS or Windows-1251) and upload it again, or save the file as .xlsx."
        )
    )


def _sniff_delimiter(text: str) -> tuple[str, bool]:
    """The delimiter most used outside quotes on the header line; honours Excel's "sep=;"."""
    text = text.lstrip("\ufeff")
    first_line = text[:10].split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=[,;\t|]", first_line):
        return first_line[4], True
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in islice(text, 100_000):
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in "\r\n":
                break
            if char in counts:
                counts[char] += 1
    delimiter = max(counts, key=lambda d: (counts[d], d != ","))
    return (delimiter if counts[delimiter] else ","), False


def _csv_rows(text: str, delimiter: str, sep_line: bool, max_rows: int):
    stream = io.StringIO(text.lstrip("\ufeff"), newline="")
    if sep_line:
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    number = data_rows = 0
    while True:
        start_line = reader.line_num + 1 + sep_line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise ImportFileError(
                    _(
                        "The CSV file cannot be read: a quoted value starting on line %(line)d is "
                        "never closed."
                    )
                    % {"line": start_line}
                ) from None
            raise ImportFileError(
                _(
                    "The CSV file cannot be read at line %(line)d (%(detail)s). Check the quotes "
                    "in that row."
                )
                % {"line": start_line, "detail": error}
            ) from None
        number += 1
        cells = [_cell_text(value) for value in record]
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            continue
        data_rows += 1
        if data_rows > max_rows + 1:  # + the header
            raise _row_limit(max_rows)
        yield number, cells


def _cell_text(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n")
