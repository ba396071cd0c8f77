"""XLSX files checked before a byte of XML is parsed: zip bombs, encrypted parts, DOCTYPE and
ENTITY declarations."""

import codecs
import io
import zipfile
import zlib

from django.utils.translation import gettext as _

from .base import (
    MAX_RATIO,
    MAX_UNPACKED,
    MAX_ZIP_MEMBERS,
    MB,
    PROLOG_LIMIT,
    RATIO_MIN_SIZE,
    ImportFileError,
    _size,
)
from .sniff import _not_a_table


def _unreadable(name: str) -> ImportFileError:
    return ImportFileError(
        _(
            '"%(name)s" is not a readable Excel workbook (the file may be damaged). Open it in '
            "Excel and save it again as .xlsx, or save it as CSV."
        )
        % {"name": name}
    )


class _Refused(Exception):
    pass


def _declarations_refused() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never "
            "writes; it was refused for safety."
        )
    )


def _open_zip(data: bytes, name: str) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
        raise _unreadable(name) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportFileError(
            _("The file has too many parts (%(count)d; at most %(limit)d) and was refused.")
            % {"count": len(infos), "limit": MAX_ZIP_MEMBERS}
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        raise ImportFileError(
            _("The file unpacks to %(size)s MB; the limit is %(limit)s MB. It was refused.")
            % {"size": _size(unpacked), "limit": f"{MAX_UNPACKED / MB:g}"}
        )
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ImportFileError(
                _(
                    "The file contains a part that is compressed suspiciously well (%(part)s, "
                    "%(ratio)d:1) and was refused."
                )
                % {
                    "part": info.filename,
                    "ratio": info.file_size // max(info.compress_size, 1),
                }
            )
    return archive, {info.filename.lower(): info for info in infos}


def _identify_zip(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str):
    if "[content_types].xml" in members and "xl/workbook.xml" in members:
        return
    if "xl/workbook.bin" in members:
        raise ImportFileError(
            _("Excel binary workbooks (.xlsb) are not supported: save as .xlsx or CSV.")
        )
    if "word/document.xml" in members:
        raise _not_a_table(name, _("a Word document"))
    if "ppt/presentation.xml" in members:
        raise _not_a_table(name, _("a PowerPoint presentation"))
    mimetype = members.get("mimetype")
    if mimetype and mimetype.file_size < 200:
        try:
            kind = archive.read(mimetype).decode("ascii", "replace")
        except (
            zipfile.BadZipFile,
            zlib.error,
            ValueError,
            EOFError,
            NotImplementedError,
        ):
            kind = ""
        if kind.strip() == "application/vnd.oasis.opendocument.spreadsheet":
            raise ImportFileError(
                _("OpenDocument spreadsheets (.ods) are not supported: save as .xlsx or CSV.")
            )
        if kind.startswith("application/vnd.oasis.opendocument"):
            raise _not_a_table(name, _("an OpenDocument file"))
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise _unreadable(name)
    raise _not_a_table(name, _("a ZIP archive"))


def _prolog_verdict(head: bytes) -> str | None:
    """What an XML part's first bytes say: "root" when the root element starts before any
    declaration, "dtd" when a <!DOCTYPE (or any <! declaration) comes first, None: not yet."""
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        text = head[: len(head) // 2 * 2].decode("utf-16-le", "replace")
    elif head.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        text = head[: len(head) // 2 * 2].decode("utf-16-be", "replace")
    else:
        text = head.decode("latin-1")
    position, end = 0, len(text)
    while True:
        while position < end and text[position] in "\ufeff\xef\xbb\xbf \t\r\n":
            position += 1
        rest = text[position : position + 4]
        if not rest or (len(rest) < 4 and "<!--".startswith(rest)):
            return None  # the buffer ends before we can tell
        if rest.startswith("<?"):
            close, size = text.find("?>", position + 2), 2
        elif rest == "<!--":
            close, size = text.find("-->", position + 4), 3
        elif rest.startswith("<!"):
            return "dtd"
        else:
            return "root"
        if close < 0:
            return None
        position = close + size


def _refuse_declarations(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> None:
    for lower, info in members.items():
        if not lower.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = b""
            while True:
                chunk = part.read(4096)
                head += chunk
                verdict = _prolog_verdict(head)
                if verdict == "root" or (verdict is None and not chunk):
                    break
                if verdict == "dtd" or len(head) >= PROLOG_LIMIT:
                    raise _declarations_refused()
