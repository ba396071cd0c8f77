"""Parsing one cell of a counterpart's applicant list.

Every parser takes what the reader produced (str, int, float, Decimal, bool, date, datetime or
None) and returns a normalised Python value, or None when the cell is blank; it raises
`ValueProblem` with a short translatable message ("not a number: "abc"") when the cell cannot be
understood. The row validator in `columns.py` adds the column name and the row number.

No database access here: these functions work on values and return values.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override, pgettext_lazy


class ValueProblem(ValueError):
    """A cell value that cannot be understood; `message` is translated and names no column."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


# --- choices --------------------------------------------------------------------------------

SECTORS = {
    "manufacturing": gettext_lazy("Manufacturing"),
    "construction": gettext_lazy("Construction"),
    "transport": gettext_lazy("Transport"),
    "agriculture": gettext_lazy("Agriculture, forestry and fisheries"),
    "wholesale": gettext_lazy("Wholesale"),
    "retail": gettext_lazy("Retail"),
    "services": gettext_lazy("Services"),
    "software": gettext_lazy("Software and information services"),
    "rubber": gettext_lazy("Rubber products"),
    "inns": gettext_lazy("Hotels and inns"),
    "other": pgettext_lazy("sector", "Other"),
}

LEGAL_FORMS = {
    "company": pgettext_lazy("legal form", "Company"),
    "sole_proprietor": gettext_lazy("Sole proprietor"),
}


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split("|") if word.strip()]


# Japanese and Russian names people write in the sector column (compared after NFKC + casefold).
_SECTOR_SYNONYMS = {
    word: code
    for code, words in {
        "manufacturing": "manufacturer|製造業|製造|производство|промышленность",
        "construction": "建設業|建設|строительство",
        "transport": "transportation|logistics|運輸業|運輸|транспорт",
        "agriculture": "農業|сельское хозяйство",
        "wholesale": "wholesale trade|卸売業|卸売|оптовая торговля",
        "retail": "retail trade|小売業|小売|розничная торговля",
        "services": "service|サービス業|услуги",
        "software": "it|ソフトウェア業|ソフトウェア|программное обеспечение",
        "rubber": "ゴム製品製造業|резиновые изделия",
        "inns": "hotels|hotel|旅館業|旅館|гостиницы",
        "other": "その他|другое|прочее",
    }.items()
    for word in _words(words)
}

_LEGAL_FORM_SYNONYMS = {
    "company": set(
        _words(
            "company|corporation|corp|legal entity|llc|ltd|co ltd|limited|company limited|inc|"
            "jsc|pjsc|plc|pte ltd|sdn bhd|ооо|ао|пао|зао|оао|юридическое лицо|株式会社|有限会社|"
            "合同会社|法人|kk|cong ty|công ty|tnhh|บริษัท"
        )
    ),
    "sole_proprietor": set(
        _words(
            "sole proprietor|sole proprietorship|sole trader|individual entrepreneur|individual|"
            "ип|индивидуальный предприниматель|個人事業主|個人事業|個人"
        )
    ),
}

# ISO 4217 codes in use (2025).
CURRENCY_CODES = frozenset(
    _words(
        "AED|AFN|ALL|AMD|AOA|ARS|AUD|AWG|AZN|BAM|BBD|BDT|BGN|BHD|BIF|BMD|BND|BOB|BRL|BSD|BTN|BWP|"
        "BYN|BZD|CAD|CDF|CHF|CLP|CNY|COP|CRC|CUP|CVE|CZK|DJF|DKK|DOP|DZD|EGP|ERN|ETB|EUR|FJD|FKP|"
        "GBP|GEL|GHS|GIP|GMD|GNF|GTQ|GYD|HKD|HNL|HTG|HUF|IDR|ILS|INR|IQD|IRR|ISK|JMD|JOD|JPY|KES|"
        "KGS|KHR|KMF|KPW|KRW|KWD|KYD|KZT|LAK|LBP|LKR|LRD|LSL|LYD|MAD|MDL|MGA|MKD|MMK|MNT|MOP|MRU|"
        "MUR|MVR|MWK|MXN|MYR|MZN|NAD|NGN|NIO|NOK|NPR|NZD|OMR|PAB|PEN|PGK|PHP|PKR|PLN|PYG|QAR|RON|"
        "RSD|RUB|RWF|SAR|SBD|SCR|SDG|SEK|SGD|SHP|SLE|SOS|SRD|SSP|STN|SVC|SYP|SZL|THB|TJS|TMT|TND|"
        "TOP|TRY|TTD|TWD|TZS|UAH|UGX|USD|UYU|UZS|VES|VND|VUV|WST|XAF|XCD|XCG|XOF|XPF|YER|ZAR|ZMW|ZWG"
    )
)

# Symbols and words for a currency, keyed after NFKC + casefold. In the currency column a symbol
# means the first code; inside an amount it is consistent with any code of the tuple ("¥" is
# written for yuan too, "$" for every dollar).
_CURRENCY_WORDS = {
    word: codes
    for codes, words in {
        ("RUB",): "руб|руб.|рубль|рублей|рубля|р.|₽|rur|rouble|ruble",
        ("JPY",): "円|yen",
        ("JPY", "CNY"): "¥",
        ("USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD", "MXN"): "$|ドル",
        ("USD",): "us$|доллар|долл.|米ドル",
        ("EUR",): "€|euro|евро|ユーロ",
        ("GBP",): "£",
        ("VND",): "₫|đ|đồng|dong|донг",
        ("THB",): "฿|บาท|baht|バーツ",
        ("KRW",): "₩|ウォン",
        ("CNY",): "元|人民元|rmb|юань",
        ("KZT",): "₸|тенге",
        ("SGD",): "s$",
        ("MYR",): "rm",
        ("IDR",): "rp",
        ("PHP",): "₱",
    }.items()
    for word in _words(words)
}

_EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!"}
_BLANK_MARKS = {"-", "–", "—", "―", "n/a", "N/A"}


# --- helpers ----------------------------------------------------------------------------------


def is_blank(value) -> bool:
    """None, an empty or all-space string, or a lone dash / "n/a" (how forms say "nothing")."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or unicodedata.normalize("NFKC", text) in _BLANK_MARKS
    return False


def show(value) -> str:
    """A value as quoted in a message: short, one line."""
    if isinstance(value, datetime | date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _nfkc(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _key(value) -> str:
    """Comparison form of a word: NFKC, casefolded, punctuation and spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = "".join(" " if unicodedata.category(ch)[0] in "PZ" else ch for ch in text)
    return " ".join(text.split())


def _check_excel_error(text: str) -> None:
    if text.upper() in _EXCEL_ERRORS:
        raise ValueProblem(
            _("the cell shows the Excel error %(error)s: fix the formula or type the value")
            % {"error": text.upper()}
        )


# --- numbers ----------------------------------------------------------------------------------

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


# --- dates ------------------------------------------------------------------------------------

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
    for pattern, order in ((_DAY_MONTH_YEAR_RE, (0, 1, 2)), (_MONTH_DAY_YEAR_RE, (1, 0, 2))):
        if match := pattern.fullmatch(text):
            day, month_name, year = (match.group(i + 1) for i in order)
            month = _MONTHS.get(month_name.casefold())
            if month:
                return _make_date(int(year), month, int(day), value)
    raise ValueProblem(
        _('not a date: "%(value)s"; write it as YYYY-MM-DD') % {"value": show(value)}
    )


# --- yes/no, text, contact details --------------------------------------------------------------

_TRUE = set(_words("yes|y|true|1|да|д|はい|有|有り|あり|○|〇|◯|✓|✔"))
_FALSE = set(_words("no|n|false|0|нет|н|いいえ|無|無し|なし|×|✕|✗"))


def parse_bool(value) -> bool | None:
    """yes/no/y/n/true/false/1/0/да/нет/はい/いいえ/有/無/○/×; blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    key = _nfkc(value).casefold().rstrip(".")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(_('not yes or no: "%(value)s"') % {"value": show(value)})


def _as_text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def parse_text(value, *, max_length: int = 5000, single_line: bool = False) -> str | None:
    """Free text, NFC-normalised; `single_line` also NFKC-normalises (full-width Latin, half-width
    katakana) and collapses all whitespace, which is what a name wants."""
    if is_blank(value):
        return None
    text = _as_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    _check_excel_error(text)
    if single_line:
        text = " ".join(unicodedata.normalize("NFKC", text).split())
    else:
        text = unicodedata.normalize("NFC", text)
    if len(text) > max_length:
        raise ValueProblem(
            _("too long: %(length)d characters; at most %(max)d")
            % {"length": len(text), "max": max_length}
        )
    return text


def parse_latin_name(value, *, max_length: int = 255) -> str | None:
    """A name in Latin letters (accents allowed: "Công ty Hoa Sen" is Latin)."""
    text = parse_text(value, max_length=max_length, single_line=True)
    if text is None:
        return None
    for char in text:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            raise ValueProblem(
                _('not in Latin letters: "%(value)s" (a name in another script goes in local_name)')
                % {"value": show(text)}
            )
    return text


_SCIENTIFIC_RE = re.compile(r"\d(?:[.,]\d+)?e\+?\d+", re.IGNORECASE)


def parse_registration_number(value) -> str | None:
    """A company registration number as written; Excel's "1.02770E+12" is refused."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(_('not a registration number: "%(value)s"') % {"value": show(value)})
        value = int(value)
    text = " ".join(_nfkc(value).split())
    _check_excel_error(text)
    if _SCIENTIFIC_RE.fullmatch(text):
        raise ValueProblem(
            _(
                'Excel shortened the number to "%(value)s": format the column as Text and type '
                "the whole number"
            )
            % {"value": show(text)}
        )
    if len(text) > 50 or not any(char.isdigit() for char in text):
        raise ValueProblem(_('not a registration number: "%(value)s"') % {"value": show(text)})
    return text


def registration_key(number: str) -> str:
    """What two registration numbers are compared by: letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isalnum()).upper()


def parse_email(value) -> str | None:
    """One e-mail address; full-width "＠" and a "mailto:" prefix are fine, the domain is
    lower-cased."""
    if is_blank(value):
        return None
    text = _nfkc(value)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").strip()
    if text.count("@") > 1 and re.search(r"[\s,;]", text):
        raise ValueProblem(
            _('one e-mail address only, please: "%(value)s"') % {"value": show(value)}
        )
    try:
        validate_email(text)
    except ValidationError:
        raise ValueProblem(
            _('not an e-mail address: "%(value)s"') % {"value": show(value)}
        ) from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


_url_validator = URLValidator(schemes=["http", "https"])
_PLAIN_URL = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/[\w\-./%~?=&#+]*)?$"
)


def parse_url(value) -> str | None:
    """A web address; "example.com" becomes "https://example.com"."""
    if is_blank(value):
        return None
    text = _nfkc(value)

    def problem():
        return ValueProblem(_('not a web address: "%(value)s"') % {"value": show(value)})

    if any(char.isspace() for char in text) or len(text) > 500:
        raise problem()
    if "://" in text:
        if text.split("://", 1)[0].lower() not in ("http", "https"):
            raise problem()
    elif text.startswith("//"):
        text = "https:" + text
    else:
        text = "https://" + text
    if _PLAIN_URL.match(text):  # the common case, without the full validator's cost
        return text
    try:
        _url_validator(text)
    except ValidationError:
        raise problem() from None
    return text


def parse_phone(value) -> str | None:
    """A telephone number as written (at least six digits)."""
    text = parse_text(value, max_length=50, single_line=True)
    if text is None:
        return None
    if sum(char.isdigit() for char in text) < 6 or "@" in text:
        raise ValueProblem(_('not a telephone number: "%(value)s"') % {"value": show(value)})
    return text


# --- codes: country, currency, sector, legal form ------------------------------------------------

# Names django-countries does not know, compared after NFKC + casefold.
_COUNTRY_ALIASES = {
    word: code
    for code, words in {
        "RU": "russian federation|российская федерация|рф|ロシア連邦",
        "VN": "viet nam|việt nam|socialist republic of vietnam|ベトナム社会主義共和国",
        "TH": "ไทย|ประเทศไทย|タイ王国|kingdom of thailand",
        "US": "usa|united states|america|米国|сша",
        "GB": "uk|great britain|britain|英国",
        "KR": "korea|republic of korea|大韓民国|корея|республика корея",
        "CN": "中国|中華人民共和国|кнр",
        "JP": "日本国",
        "LA": "lao pdr",
        "MM": "burma",
        "KG": "kyrgyz republic|киргизия",
        "BY": "белоруссия",
        "CZ": "czech republic",
    }.items()
    for word in _words(words)
}


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    from django_countries import countries

    lookup: dict[str, str] = {}
    for code in countries.countries:
        lookup.setdefault(_key(code), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            lookup.setdefault(_key(alpha3), code)
    for language in ("en", "ru", "ja", "vi"):
        with override(language):
            for code, name in countries:
                lookup.setdefault(_key(name), code)
    for name, code in _COUNTRY_ALIASES.items():
        lookup.setdefault(_key(name), code)
    return lookup


def parse_country(value) -> str | None:
    """ISO 3166 alpha-2 from a code ("ru", "RUS") or a name in English, Russian or Japanese
    ("Russia", "Россия", "ベトナム")."""
    if is_blank(value):
        return None
    code = _country_lookup().get(_key(value))
    if not code:
        raise ValueProblem(
            _('unknown country: "%(value)s"; use a two-letter code such as RU, VN or TH')
            % {"value": show(value)}
        )
    return code


def parse_countries(value) -> list[str] | None:
    """Countries separated by ";", ",", "、", "/" or spaces: "VN; KH", "Vietnam, South Korea"."""
    if is_blank(value):
        return None
    codes: list[str] = []
    for part in re.split(r"[;,、，/|\n]+", _nfkc(value)):
        if not part.strip():
            continue
        try:
            found = [parse_country(part)]
        except ValueProblem:
            if " " not in part.strip():
                raise
            found = [parse_country(word) for word in part.split()]
        codes.extend(code for code in found if code and code not in codes)
    return codes or None


def parse_currency(value) -> str | None:
    """ISO 4217 code; "руб", "RUR", "円", "¥", "$", "€" and the like are understood."""
    if is_blank(value):
        return None
    codes = _currency_codes(_nfkc(value))
    if not codes:
        raise ValueProblem(
            _('unknown currency: "%(value)s"; use a three-letter code such as JPY, RUB or USD')
            % {"value": show(value)}
        )
    return codes[0]


def parse_sector(value) -> str | None:
    if is_blank(value):
        return None
    key = _key(value)
    if key.replace(" ", "_") in SECTORS:
        return key.replace(" ", "_")
    if key in _SECTOR_SYNONYMS:
        return _SECTOR_SYNONYMS[key]
    for code, label in SECTORS.items():
        with override("en"):
            if key == _key(label):
                return code
    raise ValueProblem(
        _('unknown sector: "%(value)s"; use one of: %(choices)s')
        % {"value": show(value), "choices": ", ".join(SECTORS)}
    )


def parse_legal_form(value) -> str | None:
    if is_blank(value):
        return None
    key = _key(value)
    if key.replace(" ", "_") in LEGAL_FORMS:
        return key.replace(" ", "_")
    for code, words in _LEGAL_FORM_SYNONYMS.items():
        if key in words:
            return code
    raise ValueProblem(
        _('unknown legal form: "%(value)s"; use company or sole_proprietor')
        % {"value": show(value)}
    )


# --- names ------------------------------------------------------------------------------------

_LEGAL_WORDS = set(
    _words(
        "co|ltd|llc|inc|corp|corporation|incorporated|company|limited|jsc|pjsc|ojsc|cjsc|plc|pte|"
        "kabushiki|kaisha|ooo|ооо|ао|пао|зао|оао|ип|株|有|tnhh|บริษัท|จำกัด|มหาชน"
    )
)
_LEGAL_PHRASES = re.compile(
    r"(?<!\w)(?:общество с ограниченной ответственностью|(?:публичное |закрытое |открытое )?"
    r"акционерное общество|индивидуальный предприниматель|cong ty|co phan|sdn bhd)(?!\w)"
)
_CJK_LEGAL = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社")


def _strip_latin_accents(text: str) -> str:
    if text.isascii():  # nothing to strip (most names): the same text, without decomposing it
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


class _Separators(dict):
    """str.translate table: punctuation, symbols, separators and control characters → " ",
    every other character kept; each character's category is looked up once."""

    def __missing__(self, code: int) -> int | str:
        value = " " if unicodedata.category(chr(code))[0] in "PSZC" else code
        self[code] = value
        return value


_SEPARATORS = _Separators()
_DOTTED_ABBREVIATION = re.compile(r"\b(?:\w\.){2,}")


def normalise_name(name: str) -> str:
    """A company name as compared for duplicates: casefolded, NFKC, without punctuation, Latin
    accents and legal-form words ("Co., Ltd.", "LLC", "株式会社", "ООО", ...), spaces collapsed.
    "ООО «Ромашка»" and "Ромашка ООО" give the same result; so do "㈱テスト" and
    "テスト株式会社"."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    text = _strip_latin_accents(text.replace("ё", "е"))
    # Abbreviations written with dots are one word: "J.S.C." is "jsc", "Co.,Ltd." is "co ltd".
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.translate(_SEPARATORS)
    for word in _CJK_LEGAL:
        text = text.replace(word, " ")
    plain = " ".join(text.split())
    text = _LEGAL_PHRASES.sub(" ", plain)
    words = [word for word in text.split() if word not in _LEGAL_WORDS]
    return " ".join(words) or plain
