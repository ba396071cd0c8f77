"""The applicant list's columns, matching a file's header row to them, and validating rows.

`validate_rows(read_table(...))` turns a counterpart's file into one `RowResult` per data row:
the normalised values (JSON-ready: Decimals as strings, dates as ISO strings) and the errors, each
naming its column (`column "capital": not a number: "abc"`). No database access here.
"""

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, partial
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import values as v
from .reader import ImportFileError, Table, column_letter

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


# --- headers ----------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """The comparison form of a header: "legal_name (会社名 / Наименование)", "Legal name" and
    " LEGAL_NAME " all give "legalname"."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s*\(.*\)\s*$", "", text, flags=re.DOTALL).strip().rstrip("*").strip()
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        for name in (
            column.key,
            column.hint_ja,
            column.hint_ru,
            f"{column.hint_ja}/{column.hint_ru}",
        ):
            aliases.setdefault(_header_key(name), column.key)
    return aliases


_ALIASES = _aliases()


@dataclass
class HeaderMatch:
    keys: list[str | None]  # per file column: the column key, or None (ignored or blank)
    notices: list[str]
    ignored: list[int] = field(default_factory=list)  # positions of organisation/owner columns

    @property
    def columns(self) -> list[str]:
        return [key for key in self.keys if key]

    @cached_property
    def order(self) -> dict[str, int]:
        return {key: position for position, key in enumerate(self.keys) if key}


def _label_key(column: Column) -> str:
    from django.utils.translation import override

    with override("en"):
        return _header_key(str(column.label))


def match_headers(headers: list[str]) -> HeaderMatch:
    """Which template column each file column is; raises ImportFileError listing missing, unknown
    and duplicate columns. Blank headers are allowed (the column must then stay empty)."""
    by_label = {_label_key(column): column.key for column in COLUMNS}
    ignored_keys = {_header_key(name) for name in IGNORED}
    keys: list[str | None] = []
    seen: dict[str, int] = {}
    notices, unknown, duplicates, ignored = [], [], [], []
    for position, header in enumerate(headers):
        normalised = _header_key(header or "")
        key = _ALIASES.get(normalised) or by_label.get(normalised)
        if not normalised:
            keys.append(None)
        elif normalised in ignored_keys:
            keys.append(None)
            ignored.append(position)
            notices.append(
                _('column "%(name)s" is ignored: the uploading organisation owns every row')
                % {"name": header.strip()}
            )
        elif key is None:
            keys.append(None)
            unknown.append(header.strip())
        elif key in seen:
            keys.append(None)
            duplicates.append(
                _('"%(key)s" (columns %(first)s and %(second)s)')
                % {
                    "key": key,
                    "first": column_letter(seen[key]),
                    "second": column_letter(position),
                }
            )
        else:
            seen[key] = position
            keys.append(key)
    missing = [key for key in REQUIRED if key not in seen]
    if missing or unknown or duplicates:
        parts = [_("The header row does not match the applicant template.")]
        if missing:
            parts.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(
                _("Unknown columns: %(columns)s.")
                % {"columns": ", ".join(_describe_unknown(name) for name in unknown[:15])}
            )
        if duplicates:
            parts.append(_("Repeated columns: %(columns)s.") % {"columns": ", ".join(duplicates)})
        parts.append(
            _("Expected columns: %(columns)s (required: %(required)s).")
            % {
                "columns": ", ".join(column.key for column in COLUMNS),
                "required": ", ".join(REQUIRED),
            }
        )
        raise ImportFileError(
            " ".join(parts),
            errors={"missing": missing, "unknown": unknown, "duplicate": duplicates},
        )
    return HeaderMatch(keys=keys, notices=notices, ignored=ignored)


def _describe_unknown(name: str) -> str:
    close = difflib.get_close_matches(_header_key(name), list(_ALIASES), n=1, cutoff=0.75)
    if close:
        return _('"%(name)s" (did you mean %(key)s?)') % {"name": name, "key": _ALIASES[close[0]]}
    return f'"{name}"'


# --- JSON -------------------------------------------------------------------------------------


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    """Typed row values → JSON-ready: Decimal → "1200000", date → "2025-03-31"."""
    data = {}
    for key, value in values.items():
        if isinstance(value, Decimal):
            value = format(value, "f")
        elif isinstance(value, date):
            value = value.isoformat()
        data[key] = value
    return data


def from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The reverse of `to_json`, using the column kinds: "1200000" → Decimal, ISO → date."""
    values = {}
    for key, value in data.items():
        kind = COLUMNS_BY_KEY[key].kind if key in COLUMNS_BY_KEY else None
        if value is not None and kind in ("decimal", "money"):
            value = Decimal(value)
        elif value is not None and kind == "date":
            value = date.fromisoformat(value)
        values[key] = value
    return values


# --- rows -------------------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int  # as Excel shows it: the header is row 1
    data: dict[str, Any]  # every column key; JSON-ready (see to_json / from_json)
    errors: list[dict[str, str | None]]  # {"column": key or None, "message": str}

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ValidationResult:
    rows: list[RowResult]
    notices: list[str]  # e.g. the ignored "organisation" column
    columns: list[str]  # template columns present in the file, in file order

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)


def _error(key: str | None, problem: str) -> dict[str, str | None]:
    if key is None:
        return {"column": None, "message": problem}
    return {
        "column": key,
        "message": _('column "%(column)s": %(problem)s')
        % {
            "column": key,
            "problem": problem,
        },
    }


def validate_rows(table: Table, *, today: date | None = None) -> ValidationResult:
    """Parse and check every row of `table` (consumes `table.rows`). Raises ImportFileError for a
    header row that does not match the template (or a file problem met while reading on)."""
    match = match_headers(table.headers)
    parsers = {column.key: column.parse for column in COLUMNS}
    parsers["year_founded"] = partial(v.parse_year, today=today)
    parsers = {
        key: parse if key in _MUTABLE_RESULTS else _remembering(parse)
        for key, parse in parsers.items()
    }
    by_registration: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    results = []
    for number, cells in table.rows:
        results.append(_validate_row(number, cells, match, parsers, by_registration, by_name))
    return ValidationResult(rows=results, notices=match.notices, columns=match.columns)


# Parsers whose results are lists (a remembered one would be shared between rows).
_MUTABLE_RESULTS = frozenset({"hiring_countries"})
_REMEMBERED = 20_000  # distinct cells per column


def _remembering(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse`, remembering what it returned for each distinct cell: lists repeat their
    countries, sectors, legal forms, currencies, dates and yes/no on every row. Problems are not
    remembered (their message is translated when raised), so a bad cell is parsed each time."""
    seen: dict[tuple[type, Any], Any] = {}

    def parsed(cell):
        key = (type(cell), cell)  # 1, 1.0 and True are equal but are not the same cell
        try:
            return seen[key]
        except KeyError:
            value = parse(cell)
            if len(seen) < _REMEMBERED:
                seen[key] = value
            return value
        except TypeError:  # not hashable
            return parse(cell)

    return parsed


def _no_header(position: int, cell) -> dict[str, str | None]:
    return _error(
        None,
        _('column %(letter)s has no header, but this row has "%(value)s" in it')
        % {"letter": column_letter(position), "value": v.show(cell)},
    )


def _validate_row(number, cells, match, parsers, by_registration, by_name) -> RowResult:
    values: dict[str, Any] = dict.fromkeys(COLUMNS_BY_KEY)
    errors: list[dict[str, str | None]] = []
    currencies_in_cells: dict[str, tuple[str, ...]] = {}
    width = len(match.keys)
    for position, cell in enumerate(cells[:width]):
        key = match.keys[position]
        if key is None:
            if position not in match.ignored and not v.is_blank(cell):
                errors.append(_no_header(position, cell))
            continue
        try:
            value = parsers[key](cell)
        except v.ValueProblem as problem:
            errors.append(_error(key, problem.message))
            values[key] = None
            continue
        if key in MONEY_COLUMNS and value is not None:
            value, currencies = value
            if currencies:
                currencies_in_cells[key] = currencies
        values[key] = value

    beyond = cells[width:]  # right of the last header; checked in C as a row can be very wide
    if beyond and beyond.count(None) != len(beyond):
        offset = next(i for i, cell in enumerate(reversed(beyond)) if cell is not None)
        position = len(cells) - 1 - offset  # the last such cell: rows end with a value
        errors.append(_no_header(position, cells[position]))

    failed = {error["column"] for error in errors}
    for key in REQUIRED:
        if values[key] is None and key not in failed:
            errors.append(_error(key, _("required")))
    _check_currency(values, currencies_in_cells, failed, errors)
    _check_duplicates(number, values, by_registration, by_name, errors)
    order = match.order  # errors in the order the file reads; no-header ones first
    errors.sort(key=lambda e: -1 if e["column"] is None else order.get(e["column"], len(order)))
    return RowResult(number=number, data=to_json(values), errors=errors)


def _check_currency(values, currencies_in_cells, failed, errors) -> None:
    if "currency" in failed:
        return
    currency = values["currency"]
    if currency:
        for key, codes in currencies_in_cells.items():
            if currency not in codes:
                errors.append(
                    _error(
                        key,
                        _("the amount is in %(found)s but the row's currency is %(currency)s")
                        % {"found": codes[0], "currency": currency},
                    )
                )
        return
    written = {codes[0] for codes in currencies_in_cells.values()}
    if len(written) == 1:
        values["currency"] = written.pop()
    elif written:
        errors.append(
            _error(
                "currency",
                _("the amounts are in different currencies (%(currencies)s): give one currency")
                % {"currencies": ", ".join(sorted(written))},
            )
        )
    elif any(values[key] is not None for key in MONEY_COLUMNS):
        errors.append(
            _error("currency", _("required when capital, sales or balance_sheet is given"))
        )


def _check_duplicates(number, values, by_registration, by_name, errors) -> None:
    registration = values["registration_number"]
    if registration:
        key = v.registration_key(registration)
        if key in by_registration:
            errors.append(
                _error(
                    "registration_number",
                    _("same registration number as row %(row)d") % {"row": by_registration[key]},
                )
            )
            return
        by_registration[key] = number
    if values["legal_name"] and values["country"]:
        key = (v.normalise_name(values["legal_name"]), values["country"])
        if key in by_name:
            errors.append(
                _error(
                    "legal_name",
                    _("same company as row %(row)d (same legal name and country)")
                    % {"row": by_name[key]},
                )
            )
            return
        by_name[key] = number
