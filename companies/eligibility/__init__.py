"""SME eligibility: is a company an SME under a given law or programme rule, and of what size?

Pure Python: no Django, nothing from the project's apps.  A rule set is JSON data (see
docs/eligibility.md); the shipped ones are in `BUILTIN_RULE_SETS`.

    from companies.eligibility import Figures, evaluate, select_rule_set, BUILTIN_RULE_SETS

    rule_set = select_rule_set(BUILTIN_RULE_SETS, country="JP", on=date(2026, 10, 1))
    result = evaluate(rule_set, Figures("JP", "manufacturing", "company",
                                        capital=Decimal("120000000"), currency="JPY"))
    result.eligible, result.size_class, result.to_json()
"""

from .builtin import BUILTIN_RULE_SETS
from .engine import Figures, Rate, Result, evaluate, select_rule_set
from .errors import EligibilityError, EligibilityInputError, InvalidRuleSet, MissingRate
from .messages import Reason, default_number_format, format_reason, gettext_noop
from .schema import validate as validate_rule_set
from .vocabulary import (
    EU_MEMBER_STATES,
    FIGURES,
    LEGAL_FORMS,
    SECTORS,
    SIZE_CLASSES,
    rule_country,
)

__all__ = [
    "BUILTIN_RULE_SETS",
    "EU_MEMBER_STATES",
    "FIGURES",
    "LEGAL_FORMS",
    "SECTORS",
    "SIZE_CLASSES",
    "EligibilityError",
    "EligibilityInputError",
    "Figures",
    "InvalidRuleSet",
    "MissingRate",
    "Rate",
    "Reason",
    "Result",
    "default_number_format",
    "evaluate",
    "format_reason",
    "gettext_noop",
    "rule_country",
    "select_rule_set",
    "validate_rule_set",
]
