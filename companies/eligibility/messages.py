"""English message templates of the eligibility engine, and how a reason becomes text.

Every template is wrapped in `gettext_noop` so Django's ``makemessages`` collects it (the keyword
is in its default list); the engine itself never translates.  A caller with a catalogue renders a
`Reason` through `format_reason`, passing its own ``gettext`` and number formatter::

    from django.utils.formats import number_format
    from django.utils.translation import gettext

    def number(n):
        return number_format(n, force_grouping=True)

    text = format_reason(reason, gettext=gettext, number=number)

Templates use ``%(name)s`` placeholders.  Numbers stay numbers in `Reason.params` (int or Decimal)
and are formatted only by `format_reason`; the parameters named in `Reason.translate` hold English
words (a size class, a figure, a group label) that are translated too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark `message` for translation without translating it (collected by makemessages)."""
    return message


# Words that appear as parameters.
FIGURE_LABELS: dict[str, str] = {
    "capital": gettext_noop("capital"),
    "sales": gettext_noop("sales"),
    "balance_sheet": gettext_noop("balance sheet total"),
    "employees": gettext_noop("employees"),
}
SIZE_CLASS_LABELS: dict[str, str] = {
    "micro": gettext_noop("micro"),
    "small": gettext_noop("small"),
    "medium": gettext_noop("medium"),
    "large": gettext_noop("large"),
}
LEGAL_FORM_LABELS: dict[str, str] = {
    "company": gettext_noop("company"),
    "sole_proprietor": gettext_noop("sole proprietor"),
}

# A figure compared with the limit of the group's largest class (the SME line).  Parameters:
# currency (money only), value, op ("≤", "<", ">" or "≥"), limit, group.
COMPARED: dict[str, str] = {
    "capital": gettext_noop("capital %(currency)s %(value)s %(op)s %(limit)s (%(group)s)"),
    "sales": gettext_noop("sales %(currency)s %(value)s %(op)s %(limit)s (%(group)s)"),
    "balance_sheet": gettext_noop(
        "balance sheet total %(currency)s %(value)s %(op)s %(limit)s (%(group)s)"
    ),
    "employees": gettext_noop("employees %(value)s %(op)s %(limit)s (%(group)s)"),
}
# A figure compared with the limit of a smaller class; adds size_class.
COMPARED_WITH_CLASS: dict[str, str] = {
    "capital": gettext_noop(
        "capital %(currency)s %(value)s %(op)s %(limit)s, the %(size_class)s limit (%(group)s)"
    ),
    "sales": gettext_noop(
        "sales %(currency)s %(value)s %(op)s %(limit)s, the %(size_class)s limit (%(group)s)"
    ),
    "balance_sheet": gettext_noop(
        "balance sheet total %(currency)s %(value)s %(op)s %(limit)s, "
        "the %(size_class)s limit (%(group)s)"
    ),
    "employees": gettext_noop(
        "employees %(value)s %(op)s %(limit)s, the %(size_class)s limit (%(group)s)"
    ),
}

CONVERTED = gettext_noop(
    "converted %(figure)s %(from_currency)s %(value)s to %(to_currency)s at %(rate)s "
    "(rate of %(date)s, %(source)s)"
)
CONVERTED_NO_SOURCE = gettext_noop(
    "converted %(figure)s %(from_currency)s %(value)s to %(to_currency)s at %(rate)s "
    "(rate of %(date)s)"
)
NOT_APPLICABLE = gettext_noop("%(figure)s does not apply to a %(legal_form)s")
CANNOT_DECIDE = gettext_noop("cannot decide: %(figure)s missing")
SIZE_NOT_DECIDED = gettext_noop("size class not decided: %(figure)s missing")
ELIGIBLE = gettext_noop("eligible: %(size_class)s enterprise")
ELIGIBLE_SIZE_UNKNOWN = gettext_noop("eligible: size class not decided")
NOT_ELIGIBLE = gettext_noop("not eligible: above the SME limits (%(group)s)")


@dataclass(frozen=True)
class Reason:
    """One step of a verdict: an English `template`, its `params`, and `text` rendered in English.

    `code` says what kind of step it is: "converted", "not_applicable", "pass", "fail",
    "missing" (the verdict is open), "size_missing" (eligible, size class open), "decision" or
    "note" (a caveat written in the rule set).  `figure` names the figure the step is about.
    """

    code: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    translate: tuple[str, ...] = ()
    figure: str | None = None

    @property
    def text(self) -> str:
        return format_reason(self)

    def __str__(self) -> str:
        return self.text


def default_number_format(value: int | Decimal | float) -> str:
    """Digits grouped by commas, without trailing zeros: 120000000 -> "120,000,000",
    Decimal("150.250") -> "150.25"."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    return f"{value:,}"


def _identity(message: str) -> str:
    return message


def format_reason(
    reason: Reason,
    gettext: Callable[[str], str] = _identity,
    number: Callable[[Any], str] = default_number_format,
) -> str:
    """Render `reason`: translate its template (and the word parameters named in
    `reason.translate`) with `gettext`, format its numbers with `number`."""
    template = gettext(reason.template)
    if not reason.params:
        return template
    params: dict[str, Any] = {}
    for key, value in reason.params.items():
        if isinstance(value, bool) or value is None:
            params[key] = value
        elif isinstance(value, int | Decimal | float):
            params[key] = number(value)
        elif key in reason.translate and isinstance(value, str):
            params[key] = gettext(value)
        else:
            params[key] = value
    return template % params
