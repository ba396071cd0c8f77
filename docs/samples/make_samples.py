"""Write the sample applicant lists of docs/uploads.md into this folder.

    .venv/bin/python docs/samples/make_samples.py

The companies are made up. The files are what counterparts' Excel writes around the world:

  applicants-jp-shift_jis.csv            Japanese Excel's "CSV (comma delimited)": Shift_JIS,
                                         Japanese names, 万/億 amounts, full-width digits,
                                         Japanese dates, and three deliberately wrong rows
  applicants-jp-shift_jis-corrected.csv  the same list with those rows corrected
  applicants-ru-windows-1251.csv         Russian Excel's CSV: Windows-1251, semicolons,
                                         "1,2 млн", "15 000 000", dd.mm.yyyy dates
  applicants-vn-th.xlsx                  a workbook from the template's layout, with hinted
                                         headers, real dates and numbers, figures in USD for
                                         some companies, and an "organisation" column (ignored:
                                         the uploading organisation owns every row)
"""

import csv
import io
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

JP_COLUMNS = [
    "registration_number", "legal_name", "local_name", "country", "sector", "legal_form",
    "currency", "capital", "sales", "employees", "figures_date", "year_founded", "exports",
    "contact_name", "contact_email", "contact_phone", "business_profile",
]  # fmt: skip
JP_ROWS = [
    ["4120001012345", "Naniwa Seiko Co., Ltd.", "株式会社なにわ精工", "JP", "製造業", "株式会社",
     "JPY", "3,000万", "12億", "１５０", "2025年3月31日", "1968", "はい", "佐藤 花子",
     "sato@naniwa-seiko.example", "06-6123-4567", "精密切削部品、自動車用バルブ"],
    ["5010401098765", "Kanda Software Inc.", "神田ソフトウェア株式会社", "JP", "ソフトウェア業",
     "株式会社", "JPY", "5000万", "8億5000万", "４２", "令和6年3月31日", "2009", "いいえ",
     "鈴木 一郎", "suzuki@kanda-soft.example", "03-3251-0000", "生産管理システムの開発"],
    ["6130001055555", "Kyoto Textile Co., Ltd.", "京都織物有限会社", "JP", "製造業", "有限会社",
     "JPY", "未定", "3億", "28", "2025/03/31", "1952", "はい", "田中 恵子",
     "tanaka@kyoto-orimono.example", "075-211-0000", "西陣織の帯と室内装飾品"],
    ["7180001033333", "Nagoya Logistics Co., Ltd.", "名古屋ロジスティクス株式会社", "JP",
     "運輸業", "株式会社", "JPY", "1億", "45億", "３２０", "2025-03-31", "1985", "はい",
     "伊藤 誠", "ito@nagoya-logi", "052-000-0000", "中部地方の倉庫と配送"],
    ["8120001077777", "Osaka Food Service", "大阪フードサービス", "JP", "飲食", "個人事業主",
     "JPY", "", "9000万", "12", "2025年13月1日", "2015", "いいえ", "山本 健",
     "yamamoto@osaka-food.example", "06-0000-1111", "給食の受託"],
]  # fmt: skip
# What is wrong in JP_ROWS, and the correction: (row index, column, corrected value).
JP_FIXES = [
    (2, "capital", "300万"),  # "未定" (not decided) is not a number
    (3, "contact_email", "ito@nagoya-logi.example"),  # no domain ending
    (4, "sector", "services"),  # 飲食 is not one of the sectors
    (4, "figures_date", "2024年12月31日"),  # there is no 13th month
]

RU_COLUMNS = [
    "registration_number", "legal_name", "local_name", "country", "sector", "legal_form",
    "currency", "capital", "sales", "balance_sheet", "employees", "figures_date",
    "contact_name", "contact_email", "contact_phone", "business_profile",
]  # fmt: skip
RU_ROWS = [
    ["1157746123456", "Romashka LLC", "ООО «Ромашка»", "Россия", "производство", "ООО", "RUB",
     "10 000 000", "1,2 млрд", "800 млн", "185", "31.12.2024", "Иван Петров",
     "ivan.petrov@romashka.example", "+7 495 123-45-67", "Запорная арматура для водоканалов"],
    ["1027700132195", "Volga Trans JSC", "АО «Волга Транс»", "RU", "транспорт", "АО", "RUB",
     "50 млн", "2,4 млрд", "1,9 млрд", "420", "31.12.2024", "Ольга Смирнова",
     "o.smirnova@volgatrans.example", "+7 831 200-00-00", "Грузоперевозки по Поволжью"],
    ["316774600012345", "Sergey Kuznetsov IE", "ИП Кузнецов Сергей Петрович", "RU", "услуги",
     "ИП", "RUB", "", "1,2 млн", "", "3", "31.12.2024", "Сергей Кузнецов",
     "kuznetsov@ip.example", "+7 912 000-00-00", "Ремонт промышленного оборудования"],
    ["1186658012345", "Ural Soft LLC", "ООО «Урал Софт»", "RU", "программное обеспечение",
     "ООО", "RUB", "100 000", "95 000 000", "40 000 000", "36", "31 декабря 2024 г.",
     "Анна Волкова", "volkova@uralsoft.example", "+7 343 000-00-00", "Учётные системы для заводов"],
]  # fmt: skip

XLSX_HEADERS = [
    "registration_number (法人番号 / ОГРН или ИНН)", "legal_name (会社名 / Наименование)",
    "local_name (現地語の社名 / Название на родном языке)", "country (国 / Страна)",
    "sector (業種 / Отрасль)", "legal_form (法人格 / Правовая форма)", "currency (通貨 / Валюта)",
    "capital (資本金 / Уставный капитал)", "sales (売上高 / Выручка)",
    "figures_date (決算日 / Дата отчётности)", "employees (従業員数 / Численность работников)",
    "hiring_countries (採用国 / Страны найма)", "contact_name (担当者名 / Контактное лицо)",
    "contact_email (メールアドレス / Эл. почта)", "website (ウェブサイト / Сайт)", "organisation",
]  # fmt: skip
XLSX_ROWS = [
    ["0310123456", "Saigon Precision Parts Co., Ltd.", "Công ty TNHH Linh kiện Chính xác Sài Gòn",
     "VN", "manufacturing", "company", "VND", 15_000_000_000, 40_000_000_000,
     date(2024, 12, 31), 80, "VN; KH", "Nguyễn Văn An", "an@saigon-precision.example",
     "https://saigon-precision.example", "Another Counterpart"],
    ["0108765432", "Hanoi Mechanical JSC", "Công ty Cổ phần Cơ khí Hà Nội", "VN", "manufacturing",
     "company", "USD", 2_500_000, 9_800_000, date(2024, 12, 31), 240, None, "Trần Thị Bình",
     "binh@hanoi-mechanical.example", "https://hanoi-mechanical.example", None],
    ["0105556789012", "Siam Rubber Products Co., Ltd.", "บริษัท สยามยางพารา จำกัด", "TH", "rubber",
     "company", "THB", 60_000_000, 350_000_000, date(2024, 12, 31), 150, "MM; LA",
     "Somchai Dee", "somchai@siam-rubber.example", "https://siam-rubber.example", None],
    ["0105559876543", "Bangkok Hotel Partners Co., Ltd.", "บริษัท บางกอก โฮเทล พาร์ทเนอร์ส จำกัด",
     "TH", "inns", "company", "USD", 800_000, 3_100_000, date(2024, 12, 31), 95, None,
     "Malee Srisuk", "malee@bkk-hotel.example", "https://bkk-hotel.example", None],
]  # fmt: skip


def write_csv(path: Path, columns, rows, *, encoding: str, delimiter: str = ",") -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Applicants"
    sheet.append(XLSX_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in XLSX_ROWS:
        sheet.append(row)
    for cell in sheet["A"][1:]:
        cell.number_format = "@"  # registration numbers as text, as the template has them
    for cell in sheet["J"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "SME Match samples"
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 1)
    workbook.save(path)


def corrected_jp_rows() -> list[list[str]]:
    rows = [list(row) for row in JP_ROWS]
    for index, column, value in JP_FIXES:
        rows[index][JP_COLUMNS.index(column)] = value
    return rows


def main() -> None:
    write_csv(HERE / "applicants-jp-shift_jis.csv", JP_COLUMNS, JP_ROWS, encoding="cp932")
    write_csv(
        HERE / "applicants-jp-shift_jis-corrected.csv",
        JP_COLUMNS,
        corrected_jp_rows(),
        encoding="cp932",
    )
    write_csv(
        HERE / "applicants-ru-windows-1251.csv",
        RU_COLUMNS,
        RU_ROWS,
        encoding="cp1251",
        delimiter=";",
    )
    write_xlsx(HERE / "applicants-vn-th.xlsx")
    for path in sorted(HERE.glob("applicants-*")):
        print(f"{path.name:<42}{path.stat().st_size:>7} bytes")


if __name__ == "__main__":
    main()
