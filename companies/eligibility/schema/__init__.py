"""The rule-set format: validation with messages that name the path, and parsing into the
immutable `RuleSetSpec` the engine evaluates.

A rule set is plain JSON data; see docs/eligibility.md for the format with a full example.
`validate(data)` returns every problem found, e.g.
``definition.groups.services.medium.capital: must be a positive number``; `[]` means valid.

Modules: syntax (the keys, operators and patterns of the format, `parse_date`), spec (the parsed
shapes: `Limit`, `Node`, `Group`, `RuleSetSpec`), parser (`validate`, `parse` and the top level
of a rule set), definition (the combination, the sectors and `not_applicable`), groups (the groups,
their size classes and limits, and the nesting of the classes), base (what every part of the
parser shares: collecting the messages, texts, notes).
"""

from .parser import parse, validate
from .spec import Group, Limit, Node, RuleSetSpec
from .syntax import (
    DEFINITION_KEYS,
    GROUP_KEYS,
    LIMIT_KEYS,
    OPERATORS,
    TOP_LEVEL_KEYS,
    parse_date,
)

__all__ = [
    "DEFINITION_KEYS",
    "GROUP_KEYS",
    "LIMIT_KEYS",
    "OPERATORS",
    "TOP_LEVEL_KEYS",
    "Group",
    "Limit",
    "Node",
    "RuleSetSpec",
    "parse",
    "parse_date",
    "validate",
]
