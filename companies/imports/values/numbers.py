"""Numbers, amounts of money, percentages, whole numbers and years, as people write them
(1 200 000, 1,2 млн, 120万, 12%)."""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from .base import ValueProblem, _check_excel_error, _nfkc, _words, is_blank, show
from .choices import _CURRENCY_WORDS, CURRENCY_CODES

_MAX_ABS = Decimal(10) ** 18


_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "▲": "-", "△": "-"})


# Multiplier words after a number. The comma rule depends on who writes them: Russian usage has a
# decimal comma ("1,2 млн"), Japanese groups by thousands ("1,200万"), English is ambiguous.
_RU_MULTIPLIERS = {
    **dict.fromkeys(_words("тыс|тысяч|тысячи|тысяча"), 3),
    **dict.fromkeys(_words("млн|миллион|миллиона|миллионов"), 6),
    **dict.fromkeys(_words("млрд|миллиард|миллиарда|миллиардов"), 9),
}


_EN_MULTIPLIERS = {
    **dict.fromkeys(_words("k|thousand"), 3),
    **dict.fromkeys(_words("m|mn|mln|million|millions"), 6),
    **dict.fromkeys(_words("bn|bln|billion|billions"), 9),
}


_JA_UNITS = {"兆": 12, "億": 8, "千万": 7, "百万": 6, "万": 4, "千": 3}


def _alternatives(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_MULTIPLIER_RE = re.compile(
    rf"^(?P<number>.*?)\s*(?P<word>{_alternatives([*_RU_MULTIPLIERS, *_EN_MULTIPLIERS])})\.?$",
    re.IGNORECASE,
)


_JA_RE = re.compile(rf"([0-9][0-9,.]*)\s*({_alternatives(_JA_UNITS)})?")


_CURRENCY_TOKEN = _alternatives(_CURRENCY_WORDS) + "|[a-z]{3}"


_CURRENCY_PREFIX_RE = re.compile(rf"^(?P<cur>{_CURRENCY_TOKEN})\s*(?P<rest>.*)$", re.IGNORECASE)


_CURRENCY_SUFFIX_RE = re.compile(rf"^(?P<rest>.*?)\s*(?P<cur>{_CURRENCY_TOKEN})\.?$", re.I)


_SPACED_RE = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")


_PLAIN_RE = re.compile(r"\d+|\d*\.\d+")


_DOT_GROUPS_RE = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


_COMMA_GROUPS_RE = re.compile(r"\d{1,3}(?:,\d{3}){2,}")


_COMMA_GROUPS_POINT_RE = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+")


_DOT_GROUPS_COMMA_RE = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")


_ONE_COMMA_RE = re.compile(r"(\d*),(\d+)")


def _not_a_number(value) -> ValueProblem:
    return ValueProblem(_('not a number: "%(value)s"') % {"value": show(value)})


def _currency_codes(token: str) -> tuple[str, ...] | None:
    key = unicodedata.normalize("NFKC", token).casefold()
    if key in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[key]
    if key.upper() in CURRENCY_CODES:
        return (key.upper(),)
    return None


def _plain(text: str, original, comma3: str | None) -> Decimal:
    """A number without sign, currency or multiplier. `comma3` says what "1,200" means:
    "decimal", "group", or None (ambiguous)."""
    if " " in text:
        if not _SPACED_RE.fullmatch(text):
            raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(original)})
        return Decimal(text.replace(" ", "").replace(",", "."))
    if _PLAIN_RE.fullmatch(text):
        return Decimal(text)
    if _DOT_GROUPS_RE.fullmatch(text):
        return Decimal(text.replace(".", ""))
    if _COMMA_GROUPS_RE.fullmatch(text) or _COMMA_GROUPS_POINT_RE.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _DOT_GROUPS_COMMA_RE.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    match = _ONE_COMMA_RE.fullmatch(text)
    if match:
        whole, fraction = match.groups()
        grouping_possible = len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0"
        if not grouping_possible or comma3 == "decimal":
            return Decimal(f"{whole or 0}.{fraction}")
        if comma3 == "group":
            return Decimal(whole + fraction)
        raise ValueProblem(
            _('"%(value)s" is ambiguous: write %(thousands)s or %(decimal)s')
            % {
                "value": show(original),
                "thousands": whole + fraction,
                "decimal": f"{whole}.{fraction.rstrip('0') or '0'}",
            }
        )
    raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(original)})


def _japanese(text: str, original) -> Decimal | None:
    """Japanese units: "300万", "1億2000万", "1,200万" (a comma groups thousands here); None
    when `text` has no Japanese unit."""
    if not any(unit in text for unit in _JA_UNITS):
        return None
    total, position, last_power = Decimal(0), 0, 99
    compact = text.replace(" ", "")
    for match in _JA_RE.finditer(compact):
        if match.start() != position or not match.group(0):
            break
        position = match.end()
        unit = match.group(2)
        power = _JA_UNITS[unit] if unit else 0
        if power >= last_power:
            raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(original)})
        last_power = power
        total += _plain(match.group(1), original, "group") * (Decimal(10) ** power)
        if not unit:
            break
    if position != len(compact):
        raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(original)})
    return total


def _tidy(number: Decimal) -> Decimal:
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _parse_number(value, *, negative: bool, percent: bool, money: bool):
    """(Decimal, currency codes written in the cell or ())."""
    if isinstance(value, bool | date | datetime | timedelta):
        raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(value)})
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(value)})
        number, currencies = Decimal(value), ()
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueProblem(_('not a number: "%(value)s"') % {"value": show(value)})
        number, currencies = Decimal(repr(value)), ()
    else:
        number, currencies = _parse_number_text(str(value), percent=percent, money=money)
    if abs(number) >= _MAX_ABS:
        raise ValueProblem(_('too large: "%(value)s"') % {"value": show(value)})
    if number < 0 and not negative:
        raise ValueProblem(_('must not be negative: "%(value)s"') % {"value": show(value)})
    return _tidy(number), currencies


def _parse_number_text(value: str, *, percent: bool, money: bool):
    text = " ".join(unicodedata.normalize("NFKC", value).translate(_DASHES).split())
    if _PLAIN_RE.fullmatch(text):  # the common case: "1200000", "12.5"
        return Decimal(text), ()
    _check_excel_error(text)
    sign = 1
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1].strip()
    if text.endswith("%"):
        if not percent:
            raise ValueProblem(
                _('a percentage is not expected here: "%(value)s"') % {"value": show(value)}
            )
        text = text[:-1].strip()

    currencies: tuple[str, ...] = ()
    signed = sign < 0
    for _round in range(2):  # "-$5", "$-5", "RUB 120 млн", "120 млн руб."
        if text[:1] in ("+", "-") and not signed:
            signed = True
            sign, text = (-1 if text[0] == "-" else 1), text[1:].strip()
        for pattern in (_CURRENCY_PREFIX_RE, _CURRENCY_SUFFIX_RE):
            match = pattern.match(text)
            codes = match and _currency_codes(match.group("cur"))
            if codes and match.group("rest") and not currencies:
                if not money:
                    raise _not_a_number(value)
                currencies, text = codes, match.group("rest").strip()
    if not text or not text[0].isdigit() and text[0] not in ".,":
        raise _not_a_number(value)

    number = _japanese(text, value)
    if number is None:
        comma3, power = None, 0
        match = _MULTIPLIER_RE.match(text)
        if match and match.group("number"):
            word = match.group("word").casefold()
            if word in _RU_MULTIPLIERS:
                comma3, power = "decimal", _RU_MULTIPLIERS[word]
            else:
                power = _EN_MULTIPLIERS[word]
            text = match.group("number")
        number = _plain(text, value, comma3) * (Decimal(10) ** power)
    return sign * number, currencies


def parse_decimal(value, *, negative: bool = False) -> Decimal | None:
    """A number: "1 200 000", "1,200,000", "1.200.000", "3,5", "1,2 млн", "300万", "３００"."""
    if is_blank(value):
        return None
    return _parse_number(value, negative=negative, percent=False, money=False)[0]


def parse_money(value) -> tuple[Decimal, tuple[str, ...]] | None:
    """An amount, never negative: (amount, currency codes the cell itself names, or ()).
    "¥300,000,000" gives (300000000, ("JPY", "CNY")); "RUB 120 млн" gives (120000000, ("RUB",))."""
    if is_blank(value):
        return None
    return _parse_number(value, negative=False, percent=False, money=True)


def parse_percent(value) -> Decimal | None:
    """A percentage, possibly negative: "12%", "12", "-3,5 %". Not below -100."""
    if is_blank(value):
        return None
    number = _parse_number(value, negative=True, percent=True, money=False)[0]
    if number < -100:
        raise ValueProblem(
            _('cannot fall by more than 100%%: "%(value)s"') % {"value": show(value)}
        )
    return number


_HEADCOUNT_RE = re.compile(r"\s*(人|名|чел\.?|человек)$", re.IGNORECASE)


_YEAR_SUFFIX_RE = re.compile(r"\s*(年|г\.?|год|года)$", re.IGNORECASE)


def parse_integer(value, *, minimum: int | None = 0, maximum: int | None = None) -> int | None:
    """A whole number ("1,5 тыс" is 1500); "50人" and "50 чел." are fine for head counts."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = _HEADCOUNT_RE.sub("", _nfkc(value))
    number = _parse_number(value, negative=True, percent=False, money=False)[0]
    if number != number.to_integral_value():
        raise ValueProblem(_('must be a whole number: "%(value)s"') % {"value": show(value)})
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValueProblem(_('must not be negative: "%(value)s"') % {"value": show(value)})
        raise ValueProblem(
            _('must be at least %(minimum)d: "%(value)s"')
            % {"minimum": minimum, "value": show(value)}
        )
    if maximum is not None and number > maximum:
        raise ValueProblem(
            _('must be at most %(maximum)d: "%(value)s"')
            % {"maximum": maximum, "value": show(value)}
        )
    return int(number)


def _not_a_year(value, this_year: int) -> ValueProblem:
    return ValueProblem(
        _('not a year from 1800 to %(year)d: "%(value)s"')
        % {"year": this_year, "value": show(value)}
    )


def parse_year(value, *, today: date | None = None) -> int | None:
    """A four-digit year from 1800 to this year ("2005", "2005年", "2005 г.")."""
    if is_blank(value):
        return None
    this_year = (today or date.today()).year
    if isinstance(value, bool | date | datetime):
        raise _not_a_year(value, this_year)
    number = _YEAR_SUFFIX_RE.sub("", _nfkc(value)) if isinstance(value, str) else value
    try:
        year = parse_integer(number, minimum=None)
    except ValueProblem:
        raise _not_a_year(value, this_year) from None
    if year is None or not 1800 <= year <= this_year:
        raise _not_a_year(value, this_year)
    return year
