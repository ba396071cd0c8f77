import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from companies.imports import (
    COLUMNS,
    ImportFileError,
    from_json,
    match_headers,
    read_table,
    to_json,
    validate_rows,
)

REQUIRED_VALUES = {
    "legal_name": "Romashka LLC",
    "country": "RU",
    "sector": "manufacturing",
    "legal_form": "ООО",
    "contact_name": "Ivan Petrov",
    "contact_email": "ivan@example.com",
}


def csv_file(rows: list[dict], *, headers: list[str] | None = None, delimiter=",") -> bytes:
    headers = headers or list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return out.getvalue().encode()


def validate(rows: list[dict], **options):
    return validate_rows(
        read_table(csv_file(rows, **options), "applicants.csv"), today=date(2026, 1, 1)
    )


def header_problem(headers: list[str]) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        match_headers(headers)
    assert caught.value.code == "invalid_file"
    return caught.value


EXPECTED = (
    "Expected columns: registration_number, legal_name, local_name, latin_name, country, sector, "
    "legal_form, currency, capital, sales, balance_sheet, figures_date, employees, year_founded, "
    "growth_rate, exports, imports, overseas_trade, japanese_partner_experience, "
    "japanese_support_programmes, hiring_countries, business_profile, contact_name, "
    "contact_email, contact_phone, website (required: legal_name, country, sector, legal_form, "
    "contact_name, contact_email)."
)


# --- headers ------------------------------------------------------------------------------------


def test_match_headers_accepts_hinted_labelled_and_differently_cased_headers():
    headers = [
        "legal_name (会社名 / Наименование)",
        " COUNTRY ",
        "Sector",
        "legal form",
        "Contact name",
        "Contact e-mail",
        "contact_phone（電話番号）",
        "Year founded *",
        "",
    ]

    match = match_headers(headers)

    assert match.keys == [
        "legal_name",
        "country",
        "sector",
        "legal_form",
        "contact_name",
        "contact_email",
        "contact_phone",
        "year_founded",
        None,
    ]
    assert match.notices == []


def test_match_headers_lists_missing_and_unknown_columns_and_what_was_expected():
    error = header_problem(["legal_name", "country", "contact mail", "Turnover"])

    assert error.message == (
        "The header row does not match the applicant template. Missing columns: sector, "
        'legal_form, contact_name, contact_email. Unknown columns: "contact mail" (did you mean '
        'contact_email?), "Turnover". ' + EXPECTED
    )
    assert error.errors == {
        "missing": ["sector", "legal_form", "contact_name", "contact_email"],
        "unknown": ["contact mail", "Turnover"],
        "duplicate": [],
    }


def test_match_headers_refuses_a_repeated_column():
    headers = [*REQUIRED_VALUES, "Legal name"]

    error = header_problem(headers)

    assert error.message == (
        "The header row does not match the applicant template. Repeated columns: "
        '"legal_name" (columns A and G). ' + EXPECTED
    )


def test_validate_rows_ignores_the_organisation_column_with_a_notice():
    rows = [{"organisation": "Opora Russia", **REQUIRED_VALUES, "Owner": "someone"}]

    result = validate(rows)

    assert result.notices == [
        'column "organisation" is ignored: the uploading organisation owns every row',
        'column "Owner" is ignored: the uploading organisation owns every row',
    ]
    assert result.columns == list(REQUIRED_VALUES)
    assert result.rows[0].errors == []
    assert "organisation" not in result.rows[0].data


# --- rows -----------------------------------------------------------------------------------------


def test_validate_rows_normalises_a_full_row_into_json_ready_data():
    row = {
        "registration_number": "1157746123456",
        "legal_name": "Romashka LLC",
        "local_name": "ООО «Ромашка»",
        "latin_name": "OOO Romashka",
        "country": "Россия",
        "sector": "Manufacturing",
        "legal_form": "ООО",
        "currency": "руб",
        "capital": "10 000 000",
        "sales": "1,2 млрд",
        "balance_sheet": "800 млн",
        "figures_date": "31.12.2024",
        "employees": "45",
        "year_founded": "2009",
        "growth_rate": "12,5%",
        "exports": "да",
        "imports": "нет",
        "overseas_trade": "Kazakhstan since 2018",
        "japanese_partner_experience": "no",
        "japanese_support_programmes": "",
        "hiring_countries": "UZ; KG",
        "business_profile": "Industrial valves",
        "contact_name": "Ivan Petrov",
        "contact_email": "Ivan@Example.COM",
        "contact_phone": "+7 495 123-45-67",
        "website": "romashka.ru",
    }

    result = validate([row], delimiter=";")

    assert result.ok
    [only] = result.rows
    assert (only.number, only.errors) == (2, [])
    assert only.data == {
        "registration_number": "1157746123456",
        "legal_name": "Romashka LLC",
        "local_name": "ООО «Ромашка»",
        "latin_name": "OOO Romashka",
        "country": "RU",
        "sector": "manufacturing",
        "legal_form": "company",
        "currency": "RUB",
        "capital": "10000000",
        "sales": "1200000000",
        "balance_sheet": "800000000",
        "figures_date": "2024-12-31",
        "employees": 45,
        "year_founded": 2009,
        "growth_rate": "12.5",
        "exports": True,
        "imports": False,
        "overseas_trade": "Kazakhstan since 2018",
        "japanese_partner_experience": False,
        "japanese_support_programmes": None,
        "hiring_countries": ["UZ", "KG"],
        "business_profile": "Industrial valves",
        "contact_name": "Ivan Petrov",
        "contact_email": "Ivan@example.com",
        "contact_phone": "+7 495 123-45-67",
        "website": "https://romashka.ru",
    }
    assert json.loads(json.dumps(only.data)) == only.data
    typed = from_json(only.data)
    assert typed["sales"] == Decimal("1200000000")
    assert typed["figures_date"] == date(2024, 12, 31)
    assert to_json(typed) == only.data


def test_validate_rows_names_the_column_in_every_error():
    row = {
        **REQUIRED_VALUES,
        "contact_email": "ivan",
        "sector": "",
        "currency": "JPY",
        "capital": "abc",
        "sales": "1,200",
        "figures_date": "01/02/2025",
        "employees": "12.5",
    }

    [result] = validate([row]).rows

    assert result.errors == [  # in the file's column order
        {"column": "sector", "message": 'column "sector": required'},
        {
            "column": "contact_email",
            "message": 'column "contact_email": not an e-mail address: "ivan"',
        },
        {"column": "capital", "message": 'column "capital": not a number: "abc"'},
        {
            "column": "sales",
            "message": 'column "sales": "1,200" is ambiguous: write 1200 or 1.2',
        },
        {
            "column": "figures_date",
            "message": 'column "figures_date": "01/02/2025" is ambiguous (2025-02-01 or '
            "2025-01-02): write the date as YYYY-MM-DD",
        },
        {"column": "employees", "message": 'column "employees": must be a whole number: "12.5"'},
    ]
    assert result.data["capital"] is None
    assert not result.ok


@pytest.mark.parametrize(
    "money, errors, currency",
    [
        (
            {"capital": "100"},
            [("currency", "required when capital, sales or balance_sheet is given")],
            None,
        ),
        ({"capital": "¥300,000,000"}, [], "JPY"),
        ({"capital": "300万円", "sales": "¥1億"}, [], "JPY"),
        ({"currency": "CNY", "capital": "¥300万"}, [], "CNY"),
        ({"currency": "RUB", "capital": "100"}, [], "RUB"),
        (
            {"currency": "RUB", "sales": "$5M"},
            [("sales", "the amount is in USD but the row's currency is RUB")],
            "RUB",
        ),
        (
            {"capital": "€5", "sales": "$5"},
            [("currency", "the amounts are in different currencies (EUR, USD): give one currency")],
            None,
        ),
        ({}, [], None),
    ],
)
def test_validate_rows_requires_one_currency_for_money_figures(money, errors, currency):
    [result] = validate([{**REQUIRED_VALUES, "currency": "", **money}]).rows

    assert [(e["column"], e["message"].split(": ", 1)[1]) for e in result.errors] == errors
    assert result.data["currency"] == currency


def test_validate_rows_reports_duplicates_within_the_file_on_the_later_row():
    rows = [
        {**REQUIRED_VALUES, "registration_number": "1157746123456", "legal_name": "Romashka LLC"},
        {**REQUIRED_VALUES, "registration_number": "", "legal_name": "Alpha Co., Ltd."},
        {**REQUIRED_VALUES, "registration_number": "1157 746 123 456", "legal_name": "Other"},
        {**REQUIRED_VALUES, "registration_number": "", "legal_name": "ALPHA COMPANY LIMITED"},
        {**REQUIRED_VALUES, "registration_number": "", "legal_name": "Alpha", "country": "VN"},
    ]

    result = validate(rows)

    assert [(row.number, row.errors) for row in result.rows] == [
        (2, []),
        (3, []),
        (
            4,
            [
                {
                    "column": "registration_number",
                    "message": 'column "registration_number": same registration number as row 2',
                }
            ],
        ),
        (
            5,
            [
                {
                    "column": "legal_name",
                    "message": 'column "legal_name": same company as row 3 (same legal name and '
                    "country)",
                }
            ],
        ),
        (6, []),  # same name, another country
    ]
    assert (len(result.valid_rows), len(result.invalid_rows), result.error_count) == (3, 2, 2)


def test_validate_rows_numbers_rows_as_excel_shows_them_after_multi_line_cells():
    data = (
        b"legal_name,country,sector,legal_form,contact_name,contact_email,business_profile\r\n"
        b'Alpha,RU,retail,company,Anna,a@example.com,"one\r\ntwo\r\nthree"\r\n'
        b"Beta,RU,retail,company,Boris,b@example.com,\r\n"
        b"Gamma,XX,retail,company,Gleb,g@example.com,\r\n"
    )

    result = validate_rows(read_table(data, "applicants.csv"))

    assert [row.number for row in result.rows] == [2, 3, 4]
    assert result.rows[2].errors[0]["message"] == (
        'column "country": unknown country: "XX"; use a two-letter code such as RU, VN or TH'
    )


def test_validate_rows_reports_values_in_columns_without_a_header():
    data = (
        b"legal_name,country,,sector,legal_form,contact_name,contact_email\r\n"
        b"Alpha,RU,,retail,company,Anna,a@example.com\r\n"
        b"Beta,RU,oops,retail,company,Boris,b@example.com,,extra\r\n"
    )

    result = validate_rows(read_table(data, "applicants.csv"))

    assert result.rows[0].errors == []
    assert result.rows[1].errors == [
        {"column": None, "message": 'column C has no header, but this row has "oops" in it'},
        {"column": None, "message": 'column I has no header, but this row has "extra" in it'},
    ]


def test_validate_rows_reads_an_xlsx_with_typed_cells():
    from datetime import datetime

    from .workbooks import openpyxl_xlsx

    headers = [*REQUIRED_VALUES, "currency", "capital", "figures_date", "employees", "exports"]
    values = [*REQUIRED_VALUES.values(), "JPY", 300000000.0, datetime(2025, 3, 31), 45, True]

    result = validate_rows(read_table(openpyxl_xlsx([headers, values]), "list.xlsx"))

    [row] = result.rows
    assert row.errors == []
    assert (row.data["capital"], row.data["figures_date"], row.data["employees"]) == (
        "300000000",
        "2025-03-31",
        45,
    )
    assert row.data["exports"] is True


def test_columns_are_the_template_in_order():
    assert [column.key for column in COLUMNS][:5] == [
        "registration_number",
        "legal_name",
        "local_name",
        "latin_name",
        "country",
    ]
    assert len(COLUMNS) == 26
