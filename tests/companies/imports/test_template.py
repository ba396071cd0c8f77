import csv
import io

import openpyxl

from companies.imports import COLUMNS, read_table, template_csv, template_xlsx, validate_rows


def test_template_csv_is_utf8_with_bom_with_hinted_headers_and_a_valid_example_row():
    data = template_csv()

    assert data.startswith(b"\xef\xbb\xbf")
    header, example = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[1] == "legal_name (会社名 / Наименование)"
    assert header == [f"{c.key} ({c.hint_ja} / {c.hint_ru})" for c in COLUMNS]
    assert len(example) == len(COLUMNS)

    table = read_table(data, "template.csv")
    result = validate_rows(table)

    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert [(row.number, row.errors) for row in result.rows] == [(2, [])]
    assert result.rows[0].data["legal_name"] == "Romashka LLC"
    assert result.rows[0].data["local_name"] == "ООО «Ромашка»"


def test_template_xlsx_has_a_frozen_bold_applicants_sheet_and_a_guide():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))

    assert workbook.sheetnames == ["Applicants", "Guide"]
    sheet = workbook["Applicants"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.hinted_header for column in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 30
    assert sheet.max_row == 1
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["G2:G1000"] == '"company,sole_proprietor"'

    guide = list(workbook["Guide"].values)
    assert guide[0] == (
        "Column", "Required", "Meaning", "日本語", "Русский", "Allowed values", "Example"
    )  # fmt: skip
    assert [row[0] for row in guide[1:]] == [column.key for column in COLUMNS]
    legal_name = guide[2]
    assert legal_name[:5] == (
        "legal_name", "required", "Legal name in Latin script (English).", "会社名", "Наименование"
    )  # fmt: skip
    currency = guide[8]
    assert currency[1] == "required when capital, sales or balance_sheet is given"
    assert guide[6][5].startswith("manufacturing, construction")


def test_a_filled_in_template_xlsx_reads_back_without_errors():
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    workbook["Applicants"].append([column.example for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)

    table = read_table(out.getvalue(), "template.xlsx")
    result = validate_rows(table)

    assert table.sheet == "Applicants"
    assert [(row.number, row.errors) for row in result.rows] == [(2, [])]
    assert result.rows[0].data["hiring_countries"] == ["UZ", "KG"]
