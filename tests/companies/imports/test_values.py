from datetime import date, datetime
from decimal import Decimal

import pytest

from companies.imports import values as v
from companies.imports.values import ValueProblem

DOLLARS = ("USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD", "MXN")


def problem(parse, value, **options) -> str:
    with pytest.raises(ValueProblem) as caught:
        parse(value, **options)
    return caught.value.message


@pytest.mark.parametrize(
    "value, expected",
    [
        (1200000, (Decimal("1200000"), ())),
        (3.5, (Decimal("3.5"), ())),
        (0.1, (Decimal("0.1"), ())),  # via str: no binary noise
        (Decimal("12.50"), (Decimal("12.5"), ())),
        ("1200000", (Decimal("1200000"), ())),
        ("３００", (Decimal("300"), ())),
        ("１，２００，０００", (Decimal("1200000"), ())),
        ("1 200 000", (Decimal("1200000"), ())),
        ("1\u00a0200\u00a0000", (Decimal("1200000"), ())),
        ("1\u202f200\u2009000,50", (Decimal("1200000.5"), ())),
        ("1,200,000", (Decimal("1200000"), ())),
        ("1.200.000", (Decimal("1200000"), ())),
        ("1,234.56", (Decimal("1234.56"), ())),
        ("1.234,56", (Decimal("1234.56"), ())),
        ("3,5", (Decimal("3.5"), ())),
        ("1,25", (Decimal("1.25"), ())),
        ("12345,678", (Decimal("12345.678"), ())),
        ("0,500", (Decimal("0.5"), ())),
        ("1.200", (Decimal("1.2"), ())),
        ("1,2 млн", (Decimal("1200000"), ())),
        ("1,200 млн", (Decimal("1200000"), ())),
        ("100 тыс.", (Decimal("100000"), ())),
        ("2 млрд", (Decimal("2000000000"), ())),
        ("300万", (Decimal("3000000"), ())),
        ("1,200万", (Decimal("12000000"), ())),
        ("1億2000万", (Decimal("120000000"), ())),
        ("5千", (Decimal("5000"), ())),
        ("3百万", (Decimal("3000000"), ())),
        ("1.5k", (Decimal("1500"), ())),
        ("2 bn", (Decimal("2000000000"), ())),
        ("1.2 million", (Decimal("1200000"), ())),
        ("1,2 mn", (Decimal("1200000"), ())),
        ("¥300,000,000", (Decimal("300000000"), ("JPY", "CNY"))),
        ("￥300,000,000", (Decimal("300000000"), ("JPY", "CNY"))),
        ("300万円", (Decimal("3000000"), ("JPY",))),
        ("RUB 120 млн", (Decimal("120000000"), ("RUB",))),
        ("120 млн руб.", (Decimal("120000000"), ("RUB",))),
        ("1 200 000 ₽", (Decimal("1200000"), ("RUB",))),
        ("$1.2M", (Decimal("1200000"), DOLLARS)),
        ("5 000 000 000 VND", (Decimal("5000000000"), ("VND",))),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_money(value, expected):
    assert v.parse_money(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", 'not a number: "abc"'),
        ("1,200", '"1,200" is ambiguous: write 1200 or 1.2'),
        ("2,500", '"2,500" is ambiguous: write 2500 or 2.5'),
        ("1,200 million", '"1,200 million" is ambiguous: write 1200 or 1.2'),
        ("1,2,3", 'not a number: "1,2,3"'),
        ("12 34", 'not a number: "12 34"'),
        ("-5", 'must not be negative: "-5"'),
        ("(1 200)", 'must not be negative: "(1 200)"'),
        ("▲100", 'must not be negative: "▲100"'),
        (-5, 'must not be negative: "-5"'),
        ("12%", 'a percentage is not expected here: "12%"'),
        ("#N/A", "the cell shows the Excel error #N/A: fix the formula or type the value"),
        ("1" * 25, f'too large: "{"1" * 25}"'),
        (True, 'not a number: "True"'),
        (datetime(2025, 3, 31), 'not a number: "2025-03-31T00:00:00"'),
        ("USD", 'not a number: "USD"'),
    ],
)
def test_parse_money_problems(value, message):
    assert problem(v.parse_money, value) == message


def test_parse_decimal_refuses_a_currency_in_a_plain_number():
    assert problem(v.parse_decimal, "$5") == 'not a number: "$5"'
    assert v.parse_decimal("-5", negative=True) == Decimal("-5")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12%", Decimal("12")),
        ("12", Decimal("12")),
        ("-3,5 %", Decimal("-3.5")),
        ("−4.2%", Decimal("-4.2")),
        (12.5, Decimal("12.5")),
        ("", None),
    ],
)
def test_parse_percent(value, expected):
    assert v.parse_percent(value) == expected


def test_parse_percent_refuses_a_fall_beyond_everything():
    assert problem(v.parse_percent, "-150%") == 'cannot fall by more than 100%: "-150%"'


@pytest.mark.parametrize(
    "value, expected",
    [("45", 45), (45.0, 45), ("1,5 тыс", 1500), ("50人", 50), ("50 чел.", 50), ("１２", 12)],
)
def test_parse_integer(value, expected):
    assert v.parse_integer(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("12.5", 'must be a whole number: "12.5"'),
        (12.5, 'must be a whole number: "12.5"'),
        ("-3", 'must not be negative: "-3"'),
        ("many", 'not a number: "many"'),
    ],
)
def test_parse_integer_problems(value, message):
    assert problem(v.parse_integer, value) == message


@pytest.mark.parametrize("value", ["2009", 2009, 2009.0, "2009年", "2009 г.", "１８００", "2026"])
def test_parse_year(value):
    assert v.parse_year(value, today=date(2026, 5, 1)) in (2009, 1800, 2026)


@pytest.mark.parametrize("value", ["1799", 2027, "09", "2009.5", datetime(2009, 1, 1), "soon"])
def test_parse_year_problems(value):
    shown = "2009-01-01T00:00:00" if isinstance(value, datetime) else value
    assert problem(v.parse_year, value, today=date(2026, 5, 1)) == (
        f'not a year from 1800 to 2026: "{shown}"'
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime(2025, 3, 31, 14, 30), date(2025, 3, 31)),
        (date(2025, 3, 31), date(2025, 3, 31)),
        (45747, date(2025, 3, 31)),  # an Excel serial in a cell without a date format
        (45747.75, date(2025, 3, 31)),
        ("45747", date(2025, 3, 31)),
        ("2025-03-31", date(2025, 3, 31)),
        ("2025-03-31 00:00:00", date(2025, 3, 31)),
        ("2025-03-31T00:00:00Z", date(2025, 3, 31)),
        ("31.03.2025", date(2025, 3, 31)),
        ("31.03.2025 г.", date(2025, 3, 31)),
        ("2025/03/31", date(2025, 3, 31)),
        ("2025/3/31 0:00", date(2025, 3, 31)),
        ("2025年3月31日", date(2025, 3, 31)),
        ("２０２５年３月３１日", date(2025, 3, 31)),
        ("令和7年3月31日", date(2025, 3, 31)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("31/03/2025", date(2025, 3, 31)),
        ("03/31/2025", date(2025, 3, 31)),
        ("05/05/2025", date(2025, 5, 5)),
        ("20250331", date(2025, 3, 31)),
        ("31 March 2025", date(2025, 3, 31)),
        ("Mar 31, 2025", date(2025, 3, 31)),
        ("31 марта 2025 г.", date(2025, 3, 31)),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert v.parse_date(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "01/02/2025",
            '"01/02/2025" is ambiguous (2025-02-01 or 2025-01-02): write the date as YYYY-MM-DD',
        ),
        ("2025-02-30", 'no such date: "2025-02-30"'),
        ("31.04.2025", 'no such date: "31.04.2025"'),
        ("02/30/2025", 'no such date: "02/30/2025"'),
        ("31.03.25", 'not a date: "31.03.25"; write it as YYYY-MM-DD'),
        ("next year", 'not a date: "next year"; write it as YYYY-MM-DD'),
        (12, 'not a date: "12"; write it as YYYY-MM-DD'),
    ],
)
def test_parse_date_problems(value, message):
    assert problem(v.parse_date, value) == message


YES = ["yes", "Y", "TRUE", "1", 1, 1.0, True, "да", "Да", "はい", "有", "あり", "○", "〇"]
NO = ["no", "N", "false", "0", 0, False, "нет", "いいえ", "無", "なし", "×"]


@pytest.mark.parametrize("value, expected", [*[(y, True) for y in YES], *[(n, False) for n in NO]])
def test_parse_bool(value, expected):
    assert v.parse_bool(value) is expected


def test_parse_bool_blank_and_problems():
    assert v.parse_bool("  ") is None
    assert v.parse_bool(None) is None
    assert problem(v.parse_bool, "maybe") == 'not yes or no: "maybe"'
    assert problem(v.parse_bool, 2) == 'not yes or no: "2"'


@pytest.mark.parametrize(
    "value, expected",
    [
        ("ivan.petrov@example.com", "ivan.petrov@example.com"),
        (" Ivan@EXAMPLE.COM ", "Ivan@example.com"),
        ("ｉｖａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ivan@example.com"),
        ("mailto:<a@b.co>", "a@b.co"),
    ],
)
def test_parse_email(value, expected):
    assert v.parse_email(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("ivan", 'not an e-mail address: "ivan"'),
        ("ivan@", 'not an e-mail address: "ivan@"'),
        ("a@b.com; c@d.com", 'one e-mail address only, please: "a@b.com; c@d.com"'),
    ],
)
def test_parse_email_problems(value, message):
    assert problem(v.parse_email, value) == message


EMAIL_EDGES = [
    "a@b.co",
    "first.last+tag@mail.example.com",
    "o'brien@example.ie",
    "x@sub-domain.example.org",
    "a..b@example.com",  # two dots in a row
    ".a@example.com",
    "a.@example.com",
    "a@-example.com",
    "a@example-.com",
    "a@example.c",  # one-letter top-level domain
    "a@example.c0m",  # digits in the top-level domain
    "a@example.xn--p1ai",  # punycode top-level domain: Django's own rules
    "a@localhost",  # Django's allow-list
    "a@[127.0.0.1]",  # an address literal
    '"john doe"@example.com',  # a quoted local part
    "a@" + "b" * 64 + ".com",  # a 64-letter label
    "a@" + "b" * 63 + ".com",
    "a" * 310 + "@example.com",  # longer than 320 characters
    "иван@пример.рф",
    "a@exa_mple.com",
]


@pytest.mark.parametrize("address", EMAIL_EDGES)
def test_parse_email_accepts_exactly_what_djangos_validator_accepts(address):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(address)
        django_accepts = True
    except ValidationError:
        django_accepts = False
    try:
        parsed = v.parse_email(address)
    except ValueProblem as refused:
        assert not django_accepts, refused.message
        assert refused.message == f'not an e-mail address: "{v.show(address)}"'
    else:
        assert django_accepts
        local, _at, domain = address.rpartition("@")
        assert parsed == f"{local}@{domain.lower()}"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("example.com", "https://example.com"),
        ("www.example.co.jp/ja/", "https://www.example.co.jp/ja/"),
        ("http://example.com/a?b=1", "http://example.com/a?b=1"),
        ("HTTPS://Example.com", "HTTPS://Example.com"),
    ],
)
def test_parse_url(value, expected):
    assert v.parse_url(value) == expected


@pytest.mark.parametrize("value", ["ftp://example.com", "javascript:alert(1)", "not a site", "x"])
def test_parse_url_problems(value):
    assert problem(v.parse_url, value) == f'not a web address: "{value}"'


@pytest.mark.parametrize(
    "value, expected",
    [
        ("RU", "RU"),
        ("ru", "RU"),
        ("RUS", "RU"),
        ("Russia", "RU"),
        ("russian federation", "RU"),
        ("Россия", "RU"),
        ("РФ", "RU"),
        ("ベトナム", "VN"),
        ("Viet Nam", "VN"),
        ("Thailand", "TH"),
        ("タイ", "TH"),
        ("日本", "JP"),
        ("Japan", "JP"),
        ("UK", "GB"),
        ("South Korea", "KR"),
    ],
)
def test_parse_country(value, expected):
    assert v.parse_country(value) == expected


def test_parse_country_problem():
    assert problem(v.parse_country, "Atlantis") == (
        'unknown country: "Atlantis"; use a two-letter code such as RU, VN or TH'
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("VN; KH", ["VN", "KH"]),
        ("VN,KH , LA", ["VN", "KH", "LA"]),
        ("VN KH VN", ["VN", "KH"]),
        ("Vietnam, South Korea", ["VN", "KR"]),
        ("UZ、KG", ["UZ", "KG"]),
        ("", None),
    ],
)
def test_parse_countries(value, expected):
    assert v.parse_countries(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("RUB", "RUB"),
        ("rub", "RUB"),
        ("руб", "RUB"),
        ("руб.", "RUB"),
        ("RUR", "RUB"),
        ("円", "JPY"),
        ("¥", "JPY"),
        ("$", "USD"),
        ("€", "EUR"),
        ("vnd", "VND"),
    ],
)
def test_parse_currency(value, expected):
    assert v.parse_currency(value) == expected


def test_parse_currency_problem():
    assert problem(v.parse_currency, "XYZ") == (
        'unknown currency: "XYZ"; use a three-letter code such as JPY, RUB or USD'
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("manufacturing", "manufacturing"),
        (" Wholesale ", "wholesale"),
        ("Hotels and inns", "inns"),
        ("製造業", "manufacturing"),
        ("Услуги", "services"),
    ],
)
def test_parse_sector(value, expected):
    assert v.parse_sector(value) == expected


def test_parse_sector_problem():
    assert problem(v.parse_sector, "mining") == (
        'unknown sector: "mining"; use one of: manufacturing, construction, transport, '
        "agriculture, wholesale, retail, services, software, rubber, inns, other"
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("company", "company"),
        ("Sole proprietor", "sole_proprietor"),
        ("sole_proprietor", "sole_proprietor"),
        ("ИП", "sole_proprietor"),
        ("Individual entrepreneur", "sole_proprietor"),
        ("個人事業主", "sole_proprietor"),
        ("ООО", "company"),
        ("АО", "company"),
        ("株式会社", "company"),
        ("LLC", "company"),
        ("Co., Ltd.", "company"),
    ],
)
def test_parse_legal_form(value, expected):
    assert v.parse_legal_form(value) == expected


def test_parse_legal_form_problem():
    assert problem(v.parse_legal_form, "partnership") == (
        'unknown legal form: "partnership"; use company or sole_proprietor'
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Romashka LLC", "Romashka LLC"),
        ("Công ty  Hoa Sen", "Công ty Hoa Sen"),
        ("ＡＢＣ　Ｃｏ．", "ABC Co."),
    ],
)
def test_parse_latin_name(value, expected):
    assert v.parse_latin_name(value) == expected


def test_parse_latin_name_refuses_other_scripts():
    assert problem(v.parse_latin_name, "ООО Ромашка") == (
        'not in Latin letters: "ООО Ромашка" (a name in another script goes in local_name)'
    )


def test_parse_text_keeps_lines_and_limits_length():
    assert v.parse_text("  Valves\r\nand pumps  ") == "Valves\nand pumps"
    assert v.parse_text(12.0) == "12"
    assert problem(v.parse_text, "x" * 11, max_length=10) == ("too long: 11 characters; at most 10")


@pytest.mark.parametrize(
    "value, expected",
    [
        (1027700132195, "1027700132195"),
        (1027700132195.0, "1027700132195"),
        (" 0101234567 ", "0101234567"),
    ],
)
def test_parse_registration_number(value, expected):
    assert v.parse_registration_number(value) == expected


def test_parse_registration_number_refuses_what_excel_shortened():
    assert problem(v.parse_registration_number, "1.02770E+12") == (
        'Excel shortened the number to "1.02770E+12": format the column as Text and type the '
        "whole number"
    )


def test_parse_phone():
    assert v.parse_phone(79161234567) == "79161234567"
    assert v.parse_phone("+7 (495) 123-45-67") == "+7 (495) 123-45-67"
    assert problem(v.parse_phone, "123") == 'not a telephone number: "123"'


@pytest.mark.parametrize(
    "names",
    [
        (
            "ООО «Ромашка»",
            "Ромашка ООО",
            "ооо ромашка",
            "Общество с ограниченной ответственностью Ромашка",
        ),
        ("㈱テスト", "テスト株式会社", "株式会社 テスト", "（株）テスト"),
        ("Hoa Sen Co., Ltd.", "HOA SEN COMPANY LIMITED", "Công ty TNHH Hoa Sen", "hoa sen"),
        ("Yamada Kabushiki Kaisha", "YAMADA INC.", "Yamada"),
        ("Ёлка ЗАО", "ЕЛКА", "АО «Ёлка»"),
    ],
)
def test_normalise_name_makes_the_same_company_compare_equal(names):
    assert len({v.normalise_name(name) for name in names}) == 1


def test_normalise_name_keeps_different_companies_apart_and_never_empties_a_name():
    assert v.normalise_name("Alpha Trading LLC") != v.normalise_name("Alpha Logistics LLC")
    assert v.normalise_name("Company Limited") == "company limited"
    assert v.normalise_name("ガス株式会社") != v.normalise_name("ガラス株式会社")
