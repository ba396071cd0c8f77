"""Numbers, money, rates and dates as the report's language writes them (call inside
``translation.override(language)``): "1,234", "12.5 %", "1,234,000 JPY", "February 15, 2027"
/ "2027年2月15日". Computed once per value in Python, so the template only places strings."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone


def number(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


def percent(rate) -> str:
    """A share 0..1 as a percentage with one decimal."""
    if rate is None:
        return "–"
    return f"{formats.number_format(Decimal(str(rate)) * 100, decimal_pos=1)} %"


def money(amount, currency: str) -> str:
    if amount is None:
        return "–"
    decimals = 0 if currency in ("JPY", "KRW", "VND") else 2
    return f"{number(Decimal(str(amount)), decimals)} {currency}"


def day(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return formats.date_format(value, "DATE_FORMAT")


def moment(value: datetime | None, tzinfo) -> str:
    """A moment in ``tzinfo`` with its zone ("2027年2月20日 9:30 (Asia/Tokyo)")."""
    if not value:
        return ""
    local = timezone.localtime(value, tzinfo)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({tzinfo})"
