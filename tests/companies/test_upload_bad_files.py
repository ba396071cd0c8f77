"""Bad input through the upload page: each file gets a clear message and nothing is written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Application, Company, ImportBatch, ImportRow
from programmes.models import Role
from tests import factories
from tests.companies.imports.workbooks import make_xlsx, sheet_xml
from tests.companies.upload_files import csv_bytes, ru_row, vn_row, xlsx_bytes

MB = 1024 * 1024


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="vcci", organisation=org)


def not_a_table(name: str, kind: str) -> str:
    return (
        f'"{name}" is not a CSV or Excel file: it seems to be {kind}. Upload the applicant list '
        "as .xlsx or .csv."
    )


def zip_bomb() -> bytes:
    """A workbook whose sheet unpacks to 20 MB of zeros from a few kilobytes."""
    base = make_xlsx(sheet_xml([["legal_name"], ["Alpha"]]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(20):
                part.write(b"\x00" * MB)
    return out.getvalue()


def entity_attack() -> bytes:
    laughs = (
        '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    sheet = sheet_xml([["legal_name"], ["&c;"]]).replace("&amp;c;", "&c;")
    return make_xlsx(sheet.replace("?>\n", "?>\n" + laughs, 1))


def external_entity() -> bytes:
    sheet = sheet_xml([["legal_name"], ["&xxe;"]]).replace("&amp;xxe;", "&xxe;")
    doctype = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return make_xlsx(sheet.replace("?>\n", "?>\n" + doctype, 1))


DECLARATIONS = (
    "The workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never writes; it was "
    "refused for safety."
)
HEADER_MISMATCH = (
    "The header row does not match the applicant template. Missing columns: legal_name, sector, "
    'legal_form, contact_name, contact_email. Unknown columns: "company", "nation". Expected '
    "columns: registration_number, legal_name, "
)

BAD_FILES = [
    (
        "photo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        not_a_table("photo.png", "a PNG image"),
    ),
    (
        "applicants.csv",  # a renamed program
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
        not_a_table("applicants.csv", "a Windows program (.exe)"),
    ),
    (
        "applicants.xlsx",  # a renamed PDF
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        not_a_table("applicants.xlsx", "a PDF document"),
    ),
    ("applicants.csv", b"", "The file is empty."),
    ("applicants.csv", b"legal_name,country\r\n", "The file has a header row but no data rows."),
    (
        "applicants.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "Old Excel 97–2003 .xls files are not supported: save as .xlsx or CSV.",
    ),
    ("bomb.xlsx", zip_bomb(), None),  # message checked below: it names the ratio
    ("laughs.xlsx", entity_attack(), DECLARATIONS),
    ("xxe.xlsx", external_entity(), DECLARATIONS),
    ("applicants.csv", b"company,country,nation\r\nAlpha,VN,VN\r\n", HEADER_MISMATCH),
]


@pytest.mark.parametrize(
    "filename, data, message",
    BAD_FILES,
    ids=[
        "png", "renamed-exe", "renamed-pdf", "empty", "header-only", "xls", "zip-bomb",
        "billion-laughs", "external-entity", "header-mismatch",
    ],
)  # fmt: skip
def test_a_bad_file_gets_a_clear_message_and_writes_nothing(
    client, programme, counterpart, filename, data, message
):
    client.force_login(counterpart)

    response = client.post(
        reverse("companies:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile(filename, data), "encoding": ""},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    if message is None:
        assert errors[0].startswith(
            "The file contains a part that is compressed suspiciously well "
            "(xl/worksheets/sheet1.xml, "
        )
    elif message == HEADER_MISMATCH:
        assert errors[0].startswith(message)
    else:
        assert errors == [message]
    assert (ImportBatch.objects.count(), ImportRow.objects.count()) == (0, 0)
    assert (Company.objects.count(), Application.objects.count()) == (0, 0)


def test_a_50_mb_file_is_refused_before_it_is_read(client, programme, counterpart):
    client.force_login(counterpart)
    header = b"legal_name,country\r\n"
    data = header + b"Alpha,VN\r\n" * ((50 * MB - len(header)) // 10)
    assert len(data) == 50 * MB

    response = client.post(
        reverse("companies:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile("huge.csv", data), "encoding": ""},
    )

    assert response.context["form"].errors["file"] == ["The file is 50.0 MB; the limit is 10 MB."]
    assert ImportBatch.objects.count() == 0


def test_a_wrong_encoding_choice_is_reported(client, programme, counterpart):
    client.force_login(counterpart)
    data = csv_bytes([ru_row(1)], delimiter=";", encoding="cp1251")

    response = client.post(
        reverse("companies:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile("a.csv", data), "encoding": "utf-8"},
    )

    assert response.context["form"].errors["file"] == [
        "The file is not valid utf-8: byte 0xCE on line 2 (byte offset 171) cannot be decoded. "
        "Choose the encoding the file was saved in."
    ]
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "changes, column, message",
    [
        ({"capital": "abc"}, "capital", 'column "capital": not a number: "abc"'),
        ({"employees": "-3"}, "employees", 'column "employees": must not be negative: "-3"'),
        ({"employees": "12.5"}, "employees", 'column "employees": must be a whole number: "12.5"'),
        (
            {"figures_date": "13/13/2025"},
            "figures_date",
            'column "figures_date": no such date: "13/13/2025"',
        ),
        ({"legal_name": ""}, "legal_name", 'column "legal_name": required'),
    ],
)
def test_bad_cells_are_reported_by_row_and_column_and_block_the_import(
    client, programme, counterpart, changes, column, message
):
    client.force_login(counterpart)
    data = xlsx_bytes([vn_row(1), vn_row(2, **changes)])
    client.post(
        reverse("companies:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile("a.xlsx", data), "encoding": ""},
    )
    batch = ImportBatch.objects.get()

    assert list(batch.rows.filter(action="error").values_list("number", "errors")) == [
        (3, [{"column": column, "message": message}])
    ]
    response = client.post(reverse("companies:upload.confirm", args=[programme.slug, batch.pk]))
    assert response.status_code == 302
    assert Company.objects.count() == 0


def test_a_large_file_that_cannot_be_used_is_refused_before_it_is_queued(
    client, programme, counterpart, django_capture_on_commit_callbacks
):
    client.force_login(counterpart)
    rows = [vn_row(n) for n in range(1, 1401)]
    wrong_header = csv_bytes(rows).replace(b"legal_name", b"company_name", 1)
    assert len(wrong_header) > 200 * 1024

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            reverse("companies:upload.list", args=[programme.slug]),
            {"file": SimpleUploadedFile("big.csv", wrong_header), "encoding": ""},
        )

    (error,) = response.context["form"].errors["file"]
    assert error.startswith(
        "The header row does not match the applicant template. Missing columns: legal_name. "
        'Unknown columns: "company_name". Expected columns: '
    )
    assert queued == []
    assert ImportBatch.objects.count() == 0
