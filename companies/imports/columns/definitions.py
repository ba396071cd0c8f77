"""The applicant list's columns: key, labels, meaning, kind and the parser of each."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from .. import values as v

MONEY_COLUMNS = ("capital", "sales", "balance_sheet")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise  # English, for headers written with spaces ("Legal name") and the guide
    meaning: Promise  # English explanation for the template's guide
    hint_ja: str  # short Japanese and Russian names, shown in the template's header
    hint_ru: str
    kind: str  # "text", "decimal", "money", "integer", "date", "bool", "countries", "code"
    parse: Callable[[Any], Any]
    required: bool = False
    allowed: Promise | str = ""  # allowed values / format, for the guide
    example: str = ""

    @property
    def hinted_header(self) -> str:
        return f"{self.key} ({self.hint_ja} / {self.hint_ru})"


_name = partial(v.parse_text, max_length=255, single_line=True)


COLUMNS: tuple[Column, ...] = (
    Column(
        "registration_number", gettext_lazy("Registration number"),
        gettext_lazy("National company registration number (OGRN/INN, corporate number, "
                     "enterprise code)."),
        "法人番号", "ОГРН или ИНН", "code", v.parse_registration_number,
        allowed=gettext_lazy("as issued; type it as text so Excel keeps every digit"),
        example="1157746123456",
    ),
    Column(
        "legal_name", gettext_lazy("Legal name"),
        gettext_lazy("Legal name in Latin script (English)."),
        "会社名", "Наименование", "text", v.parse_latin_name, required=True,
        allowed=gettext_lazy("Latin letters"), example="Romashka LLC",
    ),
    Column(
        "local_name", gettext_lazy("Local name"),
        gettext_lazy("Name in its own script (Japanese, Cyrillic, Thai, ...)."),
        "現地語の社名", "Название на родном языке", "text", _name, example="ООО «Ромашка»",
    ),
    Column(
        "latin_name", gettext_lazy("Latin name"),
        gettext_lazy("Latin transliteration of the local name."),
        "ローマ字表記", "Название в транслитерации", "text", v.parse_latin_name,
        allowed=gettext_lazy("Latin letters"), example="OOO Romashka",
    ),
    Column(
        "country", gettext_lazy("Country"), gettext_lazy("Country of the company."),
        "国", "Страна", "code", v.parse_country, required=True,
        allowed=gettext_lazy("ISO 3166 two-letter code (RU, VN, TH) or the English name"),
        example="RU",
    ),
    Column(
        "sector", gettext_lazy("Sector"), gettext_lazy("Main business sector."),
        "業種", "Отрасль", "code", v.parse_sector, required=True,
        allowed=", ".join(v.SECTORS), example="manufacturing",
    ),
    Column(
        "legal_form", gettext_lazy("Legal form"),
        gettext_lazy("A company, or a sole proprietor (individual entrepreneur)."),
        "法人格", "Правовая форма", "code", v.parse_legal_form, required=True,
        allowed=", ".join(v.LEGAL_FORMS), example="company",
    ),
    Column(
        "currency", gettext_lazy("Currency"),
        gettext_lazy("Currency of capital, sales and balance-sheet total; required when any of "
                     "them is given."),
        "通貨", "Валюта", "code", v.parse_currency,
        allowed=gettext_lazy("ISO 4217 code: JPY, RUB, USD, VND, THB, ..."), example="RUB",
    ),
    Column(
        "capital", gettext_lazy("Capital"), gettext_lazy("Paid-in capital."),
        "資本金", "Уставный капитал", "money", v.parse_money,
        allowed=gettext_lazy("number; 1 200 000, 1,2 млн and 120万 are understood"),
        example="10000000",
    ),
    Column(
        "sales", pgettext_lazy("turnover", "Sales"),
        gettext_lazy("Annual sales (turnover, revenue)."),
        "売上高", "Выручка", "money", v.parse_money, allowed=gettext_lazy("number"),
        example="120000000",
    ),
    Column(
        "balance_sheet", gettext_lazy("Balance sheet"), gettext_lazy("Balance-sheet total."),
        "総資産", "Валюта баланса", "money", v.parse_money, allowed=gettext_lazy("number"),
        example="80000000",
    ),
    Column(
        "figures_date", gettext_lazy("Figures date"),
        gettext_lazy("The date the figures refer to, e.g. the end of the last fiscal year."),
        "決算日", "Дата отчётности", "date", v.parse_date,
        allowed=gettext_lazy("date, best as YYYY-MM-DD"), example="2024-12-31",
    ),
    Column(
        "employees", gettext_lazy("Employees"),
        gettext_lazy("Number of regular (insured, full-time) employees."),
        "従業員数", "Численность работников", "integer", v.parse_integer,
        allowed=gettext_lazy("whole number"), example="45",
    ),
    Column(
        "year_founded", gettext_lazy("Year founded"), gettext_lazy("Year the company was founded."),
        "設立年", "Год основания", "integer", v.parse_year,
        allowed=gettext_lazy("four-digit year"), example="2009",
    ),
    Column(
        "growth_rate", gettext_lazy("Growth rate"),
        gettext_lazy("Sales growth over the last year, in percent."),
        "売上成長率 %", "Рост выручки в %", "decimal", v.parse_percent,
        allowed=gettext_lazy("number, may be negative; 12 or 12%"), example="12.5",
    ),
    Column(
        "exports", pgettext_lazy("trade", "Exports"), gettext_lazy("Does the company export?"),
        "輸出", "Экспорт", "bool", v.parse_bool, allowed=gettext_lazy("yes or no"),
        example="yes",
    ),
    Column(
        "imports", pgettext_lazy("trade", "Imports"), gettext_lazy("Does the company import?"),
        "輸入", "Импорт", "bool", v.parse_bool, allowed=gettext_lazy("yes or no"), example="no",
    ),
    Column(
        "overseas_trade", gettext_lazy("Overseas trade"),
        gettext_lazy("Overseas trade experience."),
        "海外取引の経験", "Опыт внешней торговли", "text", v.parse_text,
        allowed=gettext_lazy("text"), example="Exports valves to Kazakhstan since 2018",
    ),
    Column(
        "japanese_partner_experience", gettext_lazy("Japanese partner experience"),
        gettext_lazy("Has the company worked with Japanese partners?"),
        "日本企業との取引経験", "Опыт работы с японскими партнёрами", "bool", v.parse_bool,
        allowed=gettext_lazy("yes or no"), example="no",
    ),
    Column(
        "japanese_support_programmes", gettext_lazy("Japanese support programmes"),
        gettext_lazy("Japanese support programmes attended before."),
        "日本の支援事業への参加歴", "Участие в японских программах поддержки", "text", v.parse_text,
        allowed=gettext_lazy("text"),
    ),
    Column(
        "hiring_countries", gettext_lazy("Hiring countries"),
        gettext_lazy("Manufacturers: countries the company hires workers from."),
        "採用国", "Страны найма", "countries", v.parse_countries,
        allowed=gettext_lazy("country codes separated by ; or ,"), example="UZ; KG",
    ),
    Column(
        "business_profile", gettext_lazy("Business profile"),
        gettext_lazy("Products and business."),
        "事業内容", "Продукция и деятельность", "text", v.parse_text,
        allowed=gettext_lazy("text"), example="Industrial valves for water utilities",
    ),
    Column(
        "contact_name", gettext_lazy("Contact name"), gettext_lazy("Contact person."),
        "担当者名", "Контактное лицо", "text", _name, required=True, example="Ivan Petrov",
    ),
    Column(
        "contact_email", gettext_lazy("Contact e-mail"), gettext_lazy("Contact e-mail address."),
        "メールアドレス", "Эл. почта", "text", v.parse_email, required=True,
        allowed=gettext_lazy("one e-mail address"), example="ivan.petrov@example.com",
    ),
    Column(
        "contact_phone", gettext_lazy("Contact phone"), gettext_lazy("Telephone."),
        "電話番号", "Телефон", "text", v.parse_phone, example="+7 495 123-45-67",
    ),
    Column(
        "website", gettext_lazy("Website"), gettext_lazy("Web address."),
        "ウェブサイト", "Сайт", "text", v.parse_url, allowed=gettext_lazy("web address"),
        example="https://example.com",
    ),
)  # fmt: skip


COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


REQUIRED = tuple(column.key for column in COLUMNS if column.required)


IGNORED = ("organisation", "organization", "counterpart", "owner")
