"""A dashboard table (monitoring.dashboard: {"name", "title", "columns", "rows"}) as a CSV or
XLSX file. Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) is escaped (companies.resources.escape_formula); numbers stay numbers, rates
are written as fractions with a percent format in XLSX and as percentages in CSV."""

import csv
import io
from decimal import Decimal

from companies.resources import escape_formula

FORMATS = ("csv", "xlsx")


def _value(value, kind: str, *, percent: bool):
    if value is None:
        return ""
    if kind == "rate":
        return round(float(value) * 100, 1) if percent else float(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float):
        return value
    return escape_formula(str(value))


def _header(column: dict, *, percent: bool) -> str:
    label = column["label"] + (" (%)" if percent and column["kind"] == "rate" else "")
    return escape_formula(label)


def table_csv(table: dict) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads Japanese and Russian text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_header(c, percent=True) for c in table["columns"]])
    for row in table["rows"]:
        writer.writerow(
            [_value(row.get(c["key"]), c["kind"], percent=True) for c in table["columns"]]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = escape_formula(str(table["title"]))[:31].replace("/", "-") or "Table"
    sheet.append([_header(c, percent=False) for c in table["columns"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table["rows"]:
        sheet.append(
            [_value(row.get(c["key"]), c["kind"], percent=False) for c in table["columns"]]
        )
    for index, column in enumerate(table["columns"], start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column["kind"] == "rate":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
        elif column["kind"] == "money":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "#,##0.00"
        sheet.column_dimensions[letter].width = max(10, min(48, len(column["label"]) + 2))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_export(table: dict, file_format: str) -> tuple[bytes, str]:
    """(content, content type) of ``table`` in ``file_format`` ("csv" or "xlsx")."""
    if file_format == "xlsx":
        return (
            table_xlsx(table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return table_csv(table), "text/csv; charset=utf-8"
