"""The errors the eligibility engine raises on purpose.

Each carries an English message; `EligibilityInputError` also carries `template` and `params`
so a caller with a translation catalogue can render the message in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .messages import gettext_noop


class EligibilityError(Exception):
    """Base class of the errors the eligibility engine raises on purpose."""


class EligibilityInputError(EligibilityError, ValueError):
    """The figures, a rate or a rule set given to the engine are not usable; the message says
    what is wrong and which values are allowed."""

    def __init__(self, message: str, *, template: str | None = None, params: Mapping | None = None):
        super().__init__(message)
        self.template = template if template is not None else message
        self.params: dict[str, Any] = dict(params or {})


class InvalidRuleSet(EligibilityInputError):
    """A rule-set definition breaks the format; `messages` lists every problem with its path."""

    def __init__(self, name: str, messages: Sequence[str]):
        self.messages = list(messages)
        text = f"rule set {name!r} is not valid: " + "; ".join(self.messages)
        super().__init__(
            text,
            template=gettext_noop("rule set %(name)s is not valid: %(messages)s"),
            params={"name": name, "messages": "; ".join(self.messages)},
        )


class MissingRate(EligibilityError, LookupError):
    """A money figure is in a currency other than the rule set's and no rate was given for it."""

    def __init__(self, from_currency: str, to_currency: str):
        self.from_currency = from_currency
        self.to_currency = to_currency
        super().__init__(f"no exchange rate from {from_currency} to {to_currency} was given")
        self.template = gettext_noop(
            "no exchange rate from %(from_currency)s to %(to_currency)s was given"
        )
        self.params = {"from_currency": from_currency, "to_currency": to_currency}
