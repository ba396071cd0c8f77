"""XLSX workbook parts read with expat: relationships, styles (which cells are dates or
percentages), shared strings and the worksheet to read."""

import contextlib
import posixpath
import re
from xml.parsers import expat

from django.utils.translation import gettext as _

from .base import ImportFileError
from .xlsx_guard import _Refused


def _parser(start, end=None, text=None) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 65536

    def refuse(*args):
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _attribute(attributes: dict, local: str) -> str | None:
    for name, value in attributes.items():
        if _local(name) == local:
            return value
    return None


def _parse_part(archive, info, start, end=None, text=None) -> None:
    parser = _parser(start, end, text)
    with archive.open(info) as part:
        parser.ParseFile(part)


def _relationships(archive, members, part: str) -> dict[str, tuple[str, str]]:
    """{rId: (type, target path inside the archive)} for `part`."""
    folder, base = posixpath.split(part)
    info = members.get(posixpath.join(folder, "_rels", base + ".rels").lower())
    found: dict[str, tuple[str, str]] = {}
    if info is None:
        return found

    def start(name, attributes):
        if _local(name) == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found[attributes.get("Id", "")] = (attributes.get("Type", ""), target)

    _parse_part(archive, info, start)
    return found


_UNESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


_PERCENT_FORMAT_IDS = {9, 10}


def _unescape(text: str) -> str:
    if "_x" in text:
        return _UNESCAPE_RE.sub(lambda match: chr(int(match.group(1), 16)), text)
    return text


def _format_kinds(archive, info) -> list[str | None]:
    """Per cellXfs index: "date", "percent" or None."""
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format

    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name, attributes):
        local = _local(name)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attributes.get("numFmtId", "-1"))] = attributes.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            try:
                xf_formats.append(int(attributes.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(name):
        if _local(name) == "cellXfs":
            depth["cellXfs"] -= 1

    if info is not None:
        _parse_part(archive, info, start, end)
    kinds: list[str | None] = []
    for format_id in xf_formats:
        code = custom.get(format_id)
        if code is None:
            kind = "date" if format_id in _DATE_FORMAT_IDS else None
            kinds.append("percent" if format_id in _PERCENT_FORMAT_IDS else kind)
        elif is_timedelta_format(code):
            kinds.append(None)
        elif is_date_format(code):
            kinds.append("date")
        else:
            bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
            kinds.append("percent" if "%" in bare else None)
    return kinds


def _shared_strings(archive, info) -> list[str | None]:
    """The shared string table, each stripped ("" becomes None); phonetic runs (furigana in
    <rPh>) are left out."""
    strings: list[str | None] = []
    parts: list[str] = []
    collect = False
    phonetic = 0

    def start(name, attributes):
        nonlocal collect, phonetic
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "t":
            collect = not phonetic
        elif name == "si":
            parts.clear()
        elif name == "rPh":
            phonetic += 1

    def end(name):
        nonlocal collect, phonetic
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "t":
            collect = False
        elif name == "si":
            strings.append(_unescape("".join(parts)).strip() or None)
        elif name == "rPh":
            phonetic -= 1

    def text(data):
        if collect:
            parts.append(data)

    if info is not None:
        _parse_part(archive, info, start, end, text)
    return strings


def _choose_sheet(archive, members, name: str) -> tuple[str, str, bool]:
    """(sheet name, part path, date1904) of the "Applicants" sheet, else the first visible one."""
    relationships = _relationships(archive, members, "xl/workbook.xml")
    sheets: list[tuple[str, str, str]] = []
    flags = {"date1904": False}

    def start(element, attributes):
        local = _local(element)
        if local == "sheet":
            sheets.append(
                (
                    attributes.get("name", ""),
                    attributes.get("state", "visible"),
                    _attribute(attributes, "id") or "",
                )
            )
        elif local == "workbookPr":
            flags["date1904"] = attributes.get("date1904", "0").lower() in ("1", "true")

    _parse_part(archive, members["xl/workbook.xml"], start)
    worksheets = []
    for sheet_name, state, relationship in sheets:
        kind, target = relationships.get(relationship, ("", ""))
        if kind.endswith("/worksheet") and target.lower() in members:
            worksheets.append((sheet_name, state, target))
    if not worksheets:
        raise ImportFileError(_('"%(name)s" has no worksheet to read.') % {"name": name})
    chosen = next((s for s in worksheets if s[0].strip().casefold() == "applicants"), None)
    chosen = chosen or next((s for s in worksheets if s[1] == "visible"), worksheets[0])
    return chosen[0], chosen[2], flags["date1904"]
