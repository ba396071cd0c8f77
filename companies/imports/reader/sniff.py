"""What is this file? Telling a CSV or XLSX file by its content, and refusing anything else
(legacy Excel, encrypted workbooks, PDFs, images, archives, binary data)."""

import codecs

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import ImportFileError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_MAGIC = (
    (b"%PDF-", gettext_lazy("a PDF document")),
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF87a", gettext_lazy("a GIF image")),
    (b"GIF89a", gettext_lazy("a GIF image")),
    (b"II*\x00", gettext_lazy("a TIFF image")),
    (b"MM\x00*", gettext_lazy("a TIFF image")),
    (b"\x1f\x8b", gettext_lazy("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("a 7-Zip archive")),
    (b"Rar!\x1a\x07", gettext_lazy("a RAR archive")),
    (b"\x7fELF", gettext_lazy("a program (executable)")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a program (executable)")),
    (b"{\\rtf", gettext_lazy("an RTF document")),
)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _is_blank_file(data: bytes) -> bool:
    encoding = _bom_encoding(data)
    if encoding and encoding != "utf-8-sig":
        try:
            return not data.decode(encoding).strip()
        except UnicodeDecodeError:
            return False
    if encoding:
        data = data[len(codecs.BOM_UTF8) :]
    return not data.strip(b" \t\r\n\x0b\x0c")


def _not_a_table(name: str, kind) -> ImportFileError:
    return ImportFileError(
        _(
            '"%(name)s" is not a CSV or Excel file: it seems to be %(kind)s. Upload the applicant '
            "list as .xlsx or .csv."
        )
        % {"name": name, "kind": kind}
    )


def _refuse_other_types(data: bytes, name: str, encoding: str | None) -> None:
    if data.startswith(_OLE2):
        if data.find(_ENCRYPTED_PACKAGE) >= 0:
            raise ImportFileError(
                _(
                    "The workbook is protected with a password: remove the password in Excel "
                    "and upload it again."
                )
            )
        raise ImportFileError(
            _("Old Excel 97–2003 .xls files are not supported: save as .xlsx or CSV.")
        )
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _not_a_table(name, kind)
    if data[4:8] == b"ftyp" or (data.startswith(b"RIFF") and data[8:12] == b"WEBP"):
        raise _not_a_table(name, _("a photo or video"))
    given = codecs.lookup(encoding).name if _known_encoding(encoding) else ""
    wide = _bom_encoding(data) in ("utf-16", "utf-32") or given.startswith(("utf-16", "utf-32"))
    sample = data[:65536]
    if not wide:
        control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if b"\x00" in sample or control > len(sample) / 100:
            if data.startswith(b"MZ"):
                raise _not_a_table(name, _("a Windows program (.exe)"))
            raise ImportFileError(
                _(
                    '"%(name)s" is not a CSV or Excel file: it contains binary data. Upload the '
                    "applicant list as .xlsx or .csv."
                )
                % {"name": name}
            )
        start = sample.lstrip(codecs.BOM_UTF8).lstrip()[:512].lower()
        if start.startswith((b"<!doctype html", b"<html")):
            raise _not_a_table(name, _("a web page (HTML)"))
        if start.startswith(b"<?xml") or start.startswith(b"<"):
            if b"urn:schemas-microsoft-com:office:spreadsheet" in sample:
                raise ImportFileError(
                    _("Excel 2003 XML spreadsheets are not supported: save as .xlsx or CSV.")
                )
            raise _not_a_table(name, _("an XML document"))


def _known_encoding(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
