"""Dates in the forms lists use: ISO, Excel serials, Japanese eras, Russian and English month
names."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from .base import ValueProblem, _check_excel_error, _nfkc, _words, is_blank, show

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 is 1900-03-01 (Excel counts a 29 February 1900)


_TIME_SUFFIX_RE = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


_YMD_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")


_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")


_JA_RE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


_ERA_RE = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


_ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926}


_DMY_DOTS_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:г\.?|года))?")


_SLASHED_RE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


_MONTHS = {
    **{
        name: i
        for i, name in enumerate(
            _words(
                "january|february|march|april|may|june|july|august|september|october|november|december"
            ),
            1,
        )
    },
    **{
        name: i
        for i, name in enumerate(_words("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"), 1)
    },
    "sept": 9,
    **{
        name: i
        for i, name in enumerate(
            _words(
                "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
            ),
            1,
        )
    },
}


_DAY_MONTH_YEAR_RE = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г\.?|года))?")


_MONTH_DAY_YEAR_RE = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def _make_date(year: int, month: int, day: int, original) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(_('no such date: "%(value)s"') % {"value": show(original)}) from None


def _from_serial(serial, original) -> date:
    if not 61 <= serial <= 2958465:  # 1900-03-01 .. 9999-12-31
        raise ValueProblem(
            _('not a date: "%(value)s"; write it as YYYY-MM-DD') % {"value": show(original)}
        )
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value) -> date | None:
    """Excel dates and serial numbers, "2025-03-31", "2025/03/31", "31.03.2025",
    "2025年3月31日", "令和7年3月31日", "31 March 2025", "31 марта 2025", and "31/03/2025" or
    "03/31/2025" when only one reading is possible."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueProblem(_('not a date: "%(value)s"; write it as YYYY-MM-DD') % {"value": value})
    if isinstance(value, int | float | Decimal):
        return _from_serial(value, value)
    text = _nfkc(value)
    _check_excel_error(text)
    text = _TIME_SUFFIX_RE.sub("", text)
    if match := _YMD_RE.fullmatch(text) or _JA_RE_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups() if g not in "-/.")
        return _make_date(year, month, day, value)
    if match := _ERA_RE.fullmatch(text):
        era, year, month, day = match.groups()
        year = _ERAS[era] + (1 if year == "元" else int(year)) - 1
        return _make_date(year, int(month), int(day), value)
    if match := _DMY_DOTS_RE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        return _make_date(year, month, day, value)
    if match := _SLASHED_RE.fullmatch(text):
        first, second, year = (int(g) for g in match.groups())
        if first > 12 or first == second:
            return _make_date(year, second, first, value)
        if second > 12:
            return _make_date(year, first, second, value)
        readings = [
            _make_date(year, second, first, value).isoformat(),
            _make_date(year, first, second, value).isoformat(),
        ]
        raise ValueProblem(
            _('"%(value)s" is ambiguous (%(first)s or %(second)s): write the date as YYYY-MM-DD')
            % {"value": show(value), "first": readings[0], "second": readings[1]}
        )
    if match := _COMPACT_RE.fullmatch(text):
        return _make_date(*(int(g) for g in match.groups()), value)
    if text.isdigit() and len(text) == 5:
        return _from_serial(int(text), value)
    for pattern, order in (
        (_DAY_MONTH_YEAR_RE, (0, 1, 2)),
        (_MONTH_DAY_YEAR_RE, (1, 0, 2)),
    ):
        if match := pattern.fullmatch(text):
            day, month_name, year = (match.group(i + 1) for i in order)
            month = _MONTHS.get(month_name.casefold())
            if month:
                return _make_date(int(year), month, int(day), value)
    raise ValueProblem(
        _('not a date: "%(value)s"; write it as YYYY-MM-DD') % {"value": show(value)}
    )
