"""Applicant lists as bytes for the upload tests: CSV in the encodings Excel writes around the
world, and XLSX through openpyxl. Rows are dicts keyed by template column."""

import csv
import io

COLUMNS = [
    "registration_number", "legal_name", "local_name", "country", "sector", "legal_form",
    "currency", "capital", "sales", "employees", "figures_date", "contact_name", "contact_email",
]  # fmt: skip


def vn_row(n: int, **changes) -> dict:
    return {
        "registration_number": f"0310{n:06d}",
        "legal_name": f"Saigon Precision {n} Co., Ltd.",
        "local_name": f"Công ty Cơ khí Sài Gòn {n}",
        "country": "VN",
        "sector": "manufacturing",
        "legal_form": "company",
        "currency": "VND",
        "capital": "15000000000",
        "sales": "40000000000",
        "employees": "80",
        "figures_date": "2025-12-31",
        "contact_name": "Nguyen Van An",
        "contact_email": f"an{n}@saigon-precision.example",
        **changes,
    }


def ru_row(n: int, **changes) -> dict:
    return {
        "registration_number": f"11577461{n:05d}",
        "legal_name": f"Romashka {n} LLC",
        "local_name": f"ООО «Ромашка {n}»",
        "country": "RU",
        "sector": "manufacturing",
        "legal_form": "company",
        "currency": "RUB",
        "capital": "10000000",
        "sales": "120000000",
        "employees": "45",
        "figures_date": "2025-12-31",
        "contact_name": "Иван Петров",
        "contact_email": f"ivan{n}@romashka.example",
        **changes,
    }


def jp_row(n: int, **changes) -> dict:
    return {
        "registration_number": f"{n:013d}",
        "legal_name": f"Naniwa Seiko {n} Co., Ltd.",
        "local_name": f"なにわ精工{n}株式会社",
        "country": "JP",
        "sector": "manufacturing",
        "legal_form": "company",
        "currency": "JPY",
        "capital": "120000000",
        "sales": "2400000000",
        "employees": "150",
        "figures_date": "2025-03-31",
        "contact_name": "佐藤花子",
        "contact_email": f"sato{n}@naniwa.example",
        **changes,
    }


def csv_text(rows: list[dict], *, columns=None, delimiter: str = ",") -> str:
    columns = columns or COLUMNS
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def csv_bytes(
    rows: list[dict], *, columns=None, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """`encoding` "utf-8-sig" writes the BOM Excel writes with "CSV UTF-8"."""
    return csv_text(rows, columns=columns, delimiter=delimiter).encode(encoding)


def xlsx_bytes(rows: list[dict], *, columns=None) -> bytes:
    from openpyxl import Workbook

    columns = columns or COLUMNS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Applicants"
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
