"""Validating rows: every cell parsed, required columns, currencies and duplicates checked, each
problem named by its column."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from .. import values as v
from ..reader import Table, column_letter
from .definitions import COLUMNS, COLUMNS_BY_KEY, MONEY_COLUMNS, REQUIRED
from .headers import match_headers
from .jsonvalues import to_json


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
