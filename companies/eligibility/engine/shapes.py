"""What goes in and comes out: a company's `Figures`, an exchange `Rate`, the `Result`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..errors import EligibilityInputError
from ..messages import Reason, gettext_noop

_CURRENCY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _currency_code(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) != 3 or not set(value.upper()) <= _CURRENCY_CHARS:
        raise EligibilityInputError(
            f"{what}: {value!r} is not a three-letter currency code (e.g. JPY)",
            template=gettext_noop("%(what)s: %(value)s is not a three-letter currency code"),
            params={"what": what, "value": str(value)},
        )
    return value.upper()


@dataclass(frozen=True)
class Figures:
    """What is known of a company.  Money figures are Decimal, in `currency`; None = unknown."""

    country: str
    sector: str
    legal_form: str
    capital: Decimal | None = None
    sales: Decimal | None = None
    balance_sheet: Decimal | None = None
    employees: int | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Rate:
    """1 `from_currency` = `rate` `to_currency`, as published on `date` by `source`."""

    from_currency: str
    to_currency: str
    rate: Decimal
    date: date
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "from_currency", _currency_code(self.from_currency, "rate from_currency")
        )
        object.__setattr__(
            self, "to_currency", _currency_code(self.to_currency, "rate to_currency")
        )
        rate = self.rate
        if isinstance(rate, int) and not isinstance(rate, bool):
            rate = Decimal(rate)
        if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
            raise EligibilityInputError(
                f"rate {self.from_currency}->{self.to_currency}: must be a positive Decimal, "
                f"not {self.rate!r}",
                template=gettext_noop("exchange rate %(pair)s must be a positive number"),
                params={"pair": f"{self.from_currency}->{self.to_currency}"},
            )
        object.__setattr__(self, "rate", rate)
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            raise EligibilityInputError(
                f"rate {self.from_currency}->{self.to_currency}: date must be a date",
                template=gettext_noop("exchange rate %(pair)s needs the date it was published"),
                params={"pair": f"{self.from_currency}->{self.to_currency}"},
            )


@dataclass(frozen=True)
class Result:
    """The verdict.  `eligible` and `size_class` are None when the figures cannot decide them;
    `reasons` say why, step by step; `rate` is the exchange rate used, if any."""

    eligible: bool | None
    size_class: str | None
    rule_set: str
    reasons: list[Reason] = field(default_factory=list)
    rate: Rate | None = None
    group: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The stable public shape: exactly these four keys, reasons as English text."""
        return {
            "eligible": self.eligible,
            "size_class": self.size_class,
            "rule_set": self.rule_set,
            "reasons": [reason.text for reason in self.reasons],
        }
