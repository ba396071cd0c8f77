import codecs
import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from companies.imports import ImportFileError, read_table
from companies.imports.reader import MB

from .workbooks import (
    make_xlsx,
    openpyxl_xlsx,
    shared_strings,
    sheet_xml,
    styles_xml,
    zip_bytes,
)


def cells_of(table) -> list[tuple[int, list]]:
    return list(table.rows)


def refusal(data: bytes, filename: str = "applicants.csv", **options) -> str:
    with pytest.raises(ImportFileError) as caught:
        table = read_table(data, filename, **options)
        cells_of(table)
    assert caught.value.code == "invalid_file"
    return str(caught.value.message)


# --- CSV encodings --------------------------------------------------------------------------

JAPANESE = "legal_name,local_name,country\nTest Co.,株式会社テスト,JP\nYamada,山田太郎,JP\n"
RUSSIAN = "legal_name;local_name;country\nRomashka LLC;ООО «Ромашка»;RU\nPetrov;Иван Петров;RU\n"
BOTH = "legal_name,local_name\nTest Co.,株式会社テスト\nRomashka,ООО «Ромашка»\n"


@pytest.mark.parametrize(
    "text, codec, expected_encoding",
    [
        (BOTH, "utf-8", "utf-8"),
        (BOTH, "utf-8-sig", "utf-8"),
        (BOTH, "utf-16", "utf-16"),  # Excel's "Unicode text" (with BOM)
        (JAPANESE, "cp932", "cp932"),
        (JAPANESE, "shift_jis", "cp932"),
        (RUSSIAN, "cp1251", "cp1251"),
    ],
)
def test_read_table_detects_the_encoding_and_gives_the_right_text(text, codec, expected_encoding):
    table = read_table(text.encode(codec), "applicants.csv")

    expected = [line.replace(";", ",").split(",") for line in text.splitlines()]
    assert table.format == "csv"
    assert table.encoding == expected_encoding
    assert table.headers == expected[0]
    assert cells_of(table) == [(2, expected[1]), (3, expected[2])]


def test_read_table_detects_cp932_among_mostly_ascii_text():
    text = "legal_name,contact_email,local_name\n" + "Alpha,a@example.com,\n" * 50
    text += "Beta,b@example.com,株式会社ベータ\n"

    table = read_table(text.encode("cp932"), "applicants.csv")

    assert table.encoding == "cp932"
    assert cells_of(table)[-1] == (52, ["Beta", "b@example.com", "株式会社ベータ"])


def test_read_table_uses_the_given_encoding_and_reports_the_first_bad_byte():
    data = "legal_name\nRomashka\nООО «Ромашка»\n".encode("cp1251")

    message = refusal(data, encoding="utf-8")

    offset = len("legal_name\nRomashka\n")
    assert message == (
        f"The file is not valid utf-8: byte 0xCE on line 3 (byte offset {offset}) cannot be "
        "decoded. Choose the encoding the file was saved in."
    )


def test_read_table_reads_shift_jis_as_cp932_so_windows_characters_decode():
    data = "legal_name,local_name\nTest,㈱テスト①\n".encode("cp932")

    table = read_table(data, "applicants.csv", encoding="Shift_JIS")

    assert table.encoding == "cp932"
    assert cells_of(table) == [(2, ["Test", "㈱テスト①"])]


def test_read_table_refuses_an_unknown_encoding_name():
    assert refusal(b"a,b\n1,2\n", encoding="klingon") == 'Unknown text encoding: "klingon".'


def test_read_table_asks_for_the_encoding_when_it_cannot_tell():
    data = "legal_name\nSociété Générale\n".encode("latin-1")

    assert refusal(data) == (
        "Could not tell which text encoding the file uses. Choose the encoding (for example "
        "UTF-8, Shift_JIS or Windows-1251) and upload it again, or save the file as .xlsx."
    )
    assert read_table(data, "a.csv", encoding="latin-1").encoding == "iso8859-1"


# --- CSV structure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, delimiter, expected",
    [
        ("legal_name,capital\nAlpha,100\n", ",", ["Alpha", "100"]),
        ('legal_name;capital\n"Alpha; Beta";1,5\n', ";", ["Alpha; Beta", "1,5"]),
        ("legal_name\tcapital\nAlpha, Inc.\t100\n", "\t", ["Alpha, Inc.", "100"]),
        ('"name, in full";capital\nAlpha, Inc.;1,5\n', ";", ["Alpha, Inc.", "1,5"]),
        ("sep=;\nlegal_name;capital\nAlpha;1,5\n", ";", ["Alpha", "1,5"]),
    ],
)
def test_read_table_sniffs_the_delimiter_from_the_header_line(text, delimiter, expected):
    table = read_table(text.encode(), "applicants.csv")

    assert table.delimiter == delimiter
    assert cells_of(table) == [(2, expected)]


def test_read_table_keeps_quoted_newlines_and_numbers_rows_as_excel_does():
    text = (
        "legal_name,business_profile,country\r\n"
        'Alpha,"Valves\r\nand pumps, mostly",RU\r\n'
        "\r\n"
        "Beta,,VN,,\r\n"
    )

    table = read_table(text.encode(), "applicants.csv")

    assert table.headers == ["legal_name", "business_profile", "country"]
    assert cells_of(table) == [
        (2, ["Alpha", "Valves\nand pumps, mostly", "RU"]),
        (4, ["Beta", None, "VN"]),  # the blank record is row 3; trailing empty cells are gone
    ]


def test_read_table_reports_an_unclosed_quote_with_its_line():
    text = 'legal_name,country\nAlpha,RU\n"Beta,VN\nGamma,TH\n'

    assert refusal(text.encode()) == (
        "The CSV file cannot be read: a quoted value starting on line 3 is never closed."
    )


def test_read_table_rows_can_be_read_only_once():
    table = read_table(b"a,b\n1,2\n", "applicants.csv")
    cells_of(table)

    with pytest.raises(RuntimeError):
        cells_of(table)


def test_read_table_refuses_more_rows_than_the_limit_while_reading():
    data = b"legal_name\n" + b"Alpha\n" * 4

    assert refusal(data, max_rows=3) == (
        "The file has more than 3 rows; split it into smaller files."
    )


# --- files that are not a table -----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def not_a_table(name: str, kind: str) -> str:
    return (
        f'"{name}" is not a CSV or Excel file: it seems to be {kind}. Upload the applicant list '
        "as .xlsx or .csv."
    )


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "applicants.csv", "The file is empty."),
        (b"\xef\xbb\xbf \r\n\r\n", "applicants.csv", "The file is empty."),
        (codecs.BOM_UTF16_LE + " \r\n".encode("utf-16-le"), "a.csv", "The file is empty."),
        (
            b"legal_name,country\r\n",
            "applicants.csv",
            "The file has a header row but no data rows.",
        ),
        (
            b"legal_name,country\r\n,,\r\n\r\n",
            "a.csv",
            "The file has a header row but no data rows.",
        ),
        (PNG, "photo.csv", not_a_table("photo.csv", "a PNG image")),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "scan.csv", not_a_table("scan.csv", "a JPEG image")),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "list.xlsx", not_a_table("list.xlsx", "a PDF document")),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
            "list.csv",
            not_a_table("list.csv", "a Windows program (.exe)"),
        ),
        (
            b"\x7fELF\x02\x01\x01\x00",
            "C:\\Users\\me\\list.csv",
            not_a_table("list.csv", "a program (executable)"),
        ),
        (
            b"legal_name\x00\x01\x02\x03binary",
            "list.csv",
            '"list.csv" is not a CSV or Excel file: it contains binary data. Upload the applicant '
            "list as .xlsx or .csv.",
        ),
        (
            b"<!DOCTYPE html><html><body><table></table></body></html>",
            "list.xls",
            not_a_table("list.xls", "a web page (HTML)"),
        ),
        (
            OLE2,
            "list.xls",
            "Old Excel 97–2003 .xls files are not supported: save as .xlsx or CSV.",
        ),
        (
            OLE2 + "EncryptedPackage".encode("utf-16-le"),
            "list.xlsx",
            "The workbook is protected with a password: remove the password in Excel and upload "
            "it again.",
        ),
        (
            zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
            "list.xlsx",
            not_a_table("list.xlsx", "a Word document"),
        ),
        (
            zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
            "list.ods",
            "OpenDocument spreadsheets (.ods) are not supported: save as .xlsx or CSV.",
        ),
        (
            zip_bytes({"list.csv": "a,b\n1,2\n"}),
            "list.zip",
            not_a_table("list.zip", "a ZIP archive"),
        ),
        (
            b"PK\x03\x04" + b"\x14\x00" + b"garbage" * 20,
            "list.xlsx",
            '"list.xlsx" is not a readable Excel workbook (the file may be damaged). Open it in '
            "Excel and save it again as .xlsx, or save it as CSV.",
        ),
    ],
)
def test_read_table_refuses_files_that_are_not_a_table(data, filename, message):
    assert refusal(data, filename) == message


def test_read_table_checks_the_size_before_anything_else():
    data = b"\x00" * (11 * MB)  # binary too, but the size is what the user hears about

    assert refusal(data) == "The file is 11.0 MB; the limit is 10 MB."


def test_read_table_decides_by_content_not_by_extension():
    xlsx = openpyxl_xlsx([["legal_name", "country"], ["Alpha", "RU"]])

    assert read_table(xlsx, "renamed.csv").format == "xlsx"
    assert read_table(b"legal_name,country\nAlpha,RU\n", "renamed.xlsx").format == "csv"


# --- XLSX: hostile workbooks --------------------------------------------------------------------


def workbook_with_part(name: str, content: bytes, *, method=zipfile.ZIP_DEFLATED) -> bytes:
    base = make_xlsx(sheet_xml([["legal_name"], ["Alpha"]]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(zipfile.ZipInfo(name), "w") as part:
            part.write(content)
    return out.getvalue()


def zeros_member(size: int) -> bytes:
    """A workbook whose sheet1.xml is `size` bytes of zeros, written in chunks (a real bomb)."""
    out = io.BytesIO()
    base = make_xlsx(sheet_xml([["legal_name"], ["Alpha"]]))
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = b"\x00" * MB
        with target.open(info, "w", force_zip64=True) as part:
            for _ in range(size // MB):
                part.write(chunk)
    return out.getvalue()


def test_read_table_refuses_a_zip_bomb_by_its_unpacked_size():
    data = zeros_member(300 * MB)
    assert len(data) < 2 * MB

    assert refusal(data, "list.xlsx") == (
        "The file unpacks to 300.1 MB; the limit is 200 MB. It was refused."
    )


def test_read_table_refuses_a_part_compressed_suspiciously_well():
    data = zeros_member(20 * MB)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    ratio = info.file_size // info.compress_size

    assert refusal(data, "list.xlsx") == (
        "The file contains a part that is compressed suspiciously well "
        f"(xl/worksheets/sheet1.xml, {ratio}:1) and was refused."
    )


def test_read_table_refuses_a_zip_with_too_many_members():
    data = make_xlsx(
        sheet_xml([["legal_name"], ["Alpha"]]),
        extra={f"xl/media/image{i}.png": b"" for i in range(1000)},
    )

    assert refusal(data, "list.xlsx") == (
        "The file has too many parts (1005; at most 1000) and was refused."
    )


def test_read_table_refuses_encrypted_zip_members():
    data = bytearray(make_xlsx(sheet_xml([["legal_name"], ["Alpha"]])))
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:  # set "encrypted" in every central directory entry
        data[entry + 8] |= 0x1
        entry = data.find(b"PK\x01\x02", entry + 4)

    assert refusal(bytes(data), "list.xlsx") == (
        "The workbook is protected with a password: remove the password in Excel and upload "
        "it again."
    )


DECLARATIONS = (
    "The workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never writes; it was "
    "refused for safety."
)
LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


@pytest.mark.parametrize(
    "part, content",
    [
        (
            "xl/worksheets/sheet1.xml",
            ('<?xml version="1.0"?>' + LAUGHS + sheet_xml([["&c;"], ["Alpha"]]).split("\n", 1)[1])
            .replace("&amp;c;", "&c;")
            .encode(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            ('<?xml version="1.0"?><!--' + "x" * 70_000 + "-->" + LAUGHS + "<worksheet/>").encode(),
        ),
        (
            "docProps/core.xml",  # a part the reader never parses is refused all the same
            ('<?xml version="1.0"?>\n' + LAUGHS + "<coreProperties/>").encode(),
        ),
        (
            "xl/sharedStrings.xml",
            ('<?xml version="1.0" encoding="UTF-16"?>' + LAUGHS + "<sst/>").encode("utf-16"),
        ),
    ],
)
def test_read_table_refuses_xml_declarations_in_any_part(part, content):
    assert refusal(workbook_with_part(part, content), "list.xlsx") == DECLARATIONS


def test_openpyxl_parses_with_defusedxml_for_the_rest_of_the_app():
    # django-import-export reads XLSX through openpyxl; it must go through defusedxml.
    assert openpyxl.DEFUSEDXML is True


# --- XLSX: reading ------------------------------------------------------------------------------


def test_read_table_reads_an_openpyxl_workbook_keeping_cell_types():
    data = openpyxl_xlsx(
        [
            ["legal_name", "capital", "growth_rate", "figures_date", "exports", None, None],
            ["Alpha", 1200000, 3.5, datetime(2024, 12, 31), True],
            [None, None],
            ["  Beta  ", None, None, None, False, None, "   "],
        ]
    )

    table = read_table(data, "list.xlsx")

    assert (table.format, table.sheet, table.encoding, table.delimiter) == (
        "xlsx",
        "Applicants",
        None,
        None,
    )
    assert table.headers == ["legal_name", "capital", "growth_rate", "figures_date", "exports"]
    assert cells_of(table) == [
        (2, ["Alpha", 1200000, 3.5, datetime(2024, 12, 31), True]),
        (4, ["Beta", None, None, None, False]),
    ]


def test_read_table_reads_shared_strings_without_furigana_and_unescapes_line_breaks():
    shared = shared_strings(
        "<t>legal_name</t>",
        "<t>local_name</t>",
        "<t>Test Co.</t>",
        "<r><t>株式</t></r><r><rPr><b/></rPr><t>会社テスト</t></r>"
        "<rPh sb='0' eb='2'><t>カブシキ</t></rPh>",
        "<t>Line one_x000D_\nline two</t>",
    )
    sheet = sheet_xml([[("s", 0), ("s", 1)], [("s", 2), ("s", 3)], [("s", 4)]])

    table = read_table(make_xlsx(sheet, shared=shared), "list.xlsx")

    assert table.headers == ["legal_name", "local_name"]
    assert cells_of(table) == [(2, ["Test Co.", "株式会社テスト"]), (3, ["Line one\r\nline two"])]


def test_read_table_converts_date_and_percent_formats_like_excel_shows_them():
    styles = styles_xml(14, 10, 164, 165, custom={164: "yyyy/mm/dd", 165: '0.0"%"'})
    sheet = sheet_xml(
        [["a", "b", "c", "d", "e"], [45747, 0.125, 45747, 45747, 12.5]],
        styles={"A2": 1, "B2": 2, "C2": 3, "D2": 0, "E2": 4},
    )

    table = read_table(make_xlsx(sheet, styles=styles), "list.xlsx")

    # 0.125 as "0.00%" shows 12.5%; a quoted "%" is only a sign, 12.5 stays 12.5
    assert cells_of(table) == [
        (2, [datetime(2025, 3, 31), "12.5%", datetime(2025, 3, 31), 45747, 12.5])
    ]


def test_read_table_uses_the_1904_date_system_when_the_workbook_does():
    sheet = sheet_xml([["a"], [44285]], styles={"A2": 1})

    table = read_table(make_xlsx(sheet, styles=styles_xml(14), date1904=True), "list.xlsx")

    assert cells_of(table) == [(2, [datetime(2025, 3, 31)])]


def test_read_table_prefers_the_applicants_sheet_then_the_first_visible_one():
    notes = sheet_xml([["Read me first"], ["..."]])
    applicants = sheet_xml([["legal_name"], ["Alpha"]])

    assert read_table(make_xlsx({"Notes": notes, "applicants": applicants}), "a.xlsx").sheet == (
        "applicants"
    )
    hidden_first = make_xlsx({"Lists": notes, "Companies": applicants}, hidden=("Lists",))
    table = read_table(hidden_first, "a.xlsx")
    assert (table.sheet, cells_of(table)) == ("Companies", [(2, ["Alpha"])])


def test_read_table_takes_the_first_non_empty_row_as_the_header_and_keeps_excel_numbers():
    sheet = sheet_xml([["legal_name", None, "country"], [], ["Alpha", None, "RU"]], start_row=3)

    table = read_table(make_xlsx(sheet), "list.xlsx")

    assert (table.header_row, table.headers) == (3, ["legal_name", "", "country"])
    assert cells_of(table) == [(5, ["Alpha", None, "RU"])]


def test_read_table_reads_prefixed_spreadsheetml():
    sheet = (
        sheet_xml([["legal_name"], ["Alpha"]])
        .replace(f'<worksheet xmlns="{"http://schemas.openxmlformats.org/spreadsheetml/2006/main"}"',
                 '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        .replace("</worksheet>", "</x:worksheet>")
    )  # fmt: skip
    for tag in ("sheetData", "row", "c", "is", "t", "dimension"):
        sheet = sheet.replace(f"<{tag}", f"<x:{tag}").replace(f"</{tag}>", f"</x:{tag}>")

    assert cells_of(read_table(make_xlsx(sheet), "list.xlsx")) == [(2, ["Alpha"])]


def test_read_table_reports_an_empty_workbook():
    assert refusal(make_xlsx(sheet_xml([])), "list.xlsx") == "The file is empty."


def test_read_table_reads_a_ten_thousand_row_workbook():
    # 25 columns, shared strings as Excel writes them; whether it is fast belongs in bench/.
    texts = [f"column {i}" for i in range(25)]
    rows = [[("s", i) for i in range(25)]]
    for r in range(10_000):
        row = [("s", len(texts)), r, r * 1.5]
        texts.append(f"Company {r}")
        for c in range(22):
            row.append(("s", len(texts)))
            texts.append(f"text {r} {c}")
        rows.append(row)
    data = make_xlsx(sheet_xml(rows), shared=shared_strings(*(f"<t>{t}</t>" for t in texts)))

    read = cells_of(read_table(data, "list.xlsx"))

    assert len(read) == 10_000
    assert read[-1][0] == 10_001
    assert read[-1][1][:4] == ["Company 9999", 9999, 14998.5, "text 9999 0"]
    assert len(read[-1][1]) == 25
