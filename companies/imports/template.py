"""The applicant list template counterparts download: CSV (UTF-8 with BOM, so Excel opens it
right) and XLSX (an "Applicants" sheet to fill in and a "Guide" sheet explaining every column).

Headers carry short Japanese and Russian hints, `legal_name (会社名 / Наименование)`; the reader
ignores the part in parentheses, so a filled-in template reads back as it is.
"""

import csv
import io

from django.utils.translation import gettext as _

from .columns import COLUMNS

_TEXT_COLUMNS = ("registration_number", "contact_phone")  # keep leading zeros and long numbers
_CHOICES = {
    "sector": "manufacturing,construction,transport,agriculture,wholesale,retail,services,"
    "software,rubber,inns,other",
    "legal_form": "company,sole_proprietor",
    "exports": "yes,no",
    "imports": "yes,no",
    "japanese_partner_experience": "yes,no",
}
_TEMPLATE_ROWS = 1000


def template_csv() -> bytes:
    """Header row with hints and one example row, comma separated, UTF-8 with BOM."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.hinted_header for column in COLUMNS)
    writer.writerow(column.example for column in COLUMNS)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _required_text(column) -> str:
    if column.required:
        return _("required")
    if column.key == "currency":
        return _("required when capital, sales or balance_sheet is given")
    return _("optional")


def template_xlsx() -> bytes:
    """An "Applicants" sheet (hinted headers, bold, frozen, sized columns, drop-downs for the
    coded columns) and a "Guide" sheet: meaning in English, Japanese and Russian, whether
    required, allowed values and an example for every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Applicants"
    bold = Font(bold=True)
    sheet.append([column.hinted_header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[letter].width = min(max(len(column.hinted_header) * 1.2, 14), 48)
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.key in _CHOICES:
            validation = DataValidation(
                type="list",
                formula1=f'"{_CHOICES[column.key]}"',
                allow_blank=True,
                errorStyle="warning",
            )
            validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Guide")
    guide.append(
        [
            _("Column"),
            _("Required"),
            _("Meaning"),
            "日本語",
            "Русский",
            _("Allowed values"),
            _("Example"),
        ]
    )
    for column in COLUMNS:
        guide.append(
            [
                column.key,
                _required_text(column),
                str(column.meaning),
                column.hint_ja,
                column.hint_ru,
                str(column.allowed),
                column.example,
            ]
        )
    for cell in guide[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (28, 22, 60, 28, 36, 48, 36), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
