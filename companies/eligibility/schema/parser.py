"""`validate` and `parse`, and the top level of a rule set: its name, country, kind, currency
and validity, then the definition (definition.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InvalidRuleSet
from ..vocabulary import RULE_SET_COUNTRIES, RULE_SET_KINDS
from .definition import _DefinitionParser
from .spec import RuleSetSpec
from .syntax import _CURRENCY_RE, _NAME_RE, TOP_LEVEL_KEYS, _allowed, parse_date


def validate(data: Any) -> list[str]:
    """Every problem of the rule-set definition `data`, as "path: message"; [] when valid."""
    return _Parser(data).run()[1]


def parse(data: Any) -> RuleSetSpec:
    """The validated rule set; raises `InvalidRuleSet` listing every problem."""
    spec, messages = _Parser(data).run()
    if messages or spec is None:
        name = data.get("name") if isinstance(data, Mapping) else None
        raise InvalidRuleSet(str(name or "?"), messages)
    return spec


class _Parser(_DefinitionParser):
    # -- top level ---------------------------------------------------------------------------

    def run(self) -> tuple[RuleSetSpec | None, list[str]]:
        data = self.data
        if not isinstance(data, Mapping):
            self.error("rule set", "must be an object")
            return None, self.messages
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.error(str(key), f"unknown key; allowed: {_allowed(TOP_LEVEL_KEYS)}")

        name = self.text(data, "name")
        if name is not None and not _NAME_RE.match(name):
            self.error("name", "must be lower-case letters and digits joined by '-' or '_'")
            name = None
        title = self.text(data, "title")
        citation = self.text(data, "citation")
        if "description" in data and not isinstance(data["description"], str):
            self.error("description", "must be a string")

        country = data.get("country")
        if country not in RULE_SET_COUNTRIES:
            self.error("country", f"must be one of {_allowed(RULE_SET_COUNTRIES)}")
            country = None
        kind = data.get("kind", "law")
        if kind not in RULE_SET_KINDS:
            self.error("kind", f"must be one of {_allowed(RULE_SET_KINDS)}")
            kind = None

        currency = data.get("currency")
        if not isinstance(currency, str) or not _CURRENCY_RE.match(currency):
            self.error("currency", "must be a three-letter ISO 4217 code in capitals, e.g. JPY")
            currency = None

        valid_from = None
        if "valid_from" not in data:
            self.error("valid_from", "is required")
        else:
            valid_from = parse_date(data["valid_from"])
            if valid_from is None:
                self.error("valid_from", "must be a date written YYYY-MM-DD")
        valid_until = None
        if data.get("valid_until") is not None:
            valid_until = parse_date(data["valid_until"])
            if valid_until is None:
                self.error("valid_until", "must be a date written YYYY-MM-DD, or null")
            elif valid_from is not None and valid_until < valid_from:
                self.error("valid_until", f"must not be before valid_from ({valid_from})")

        definition = self.definition(data.get("definition"))

        if self.messages:
            return None, self.messages
        assert definition is not None
        combination, sectors, groups, not_applicable, notes = definition
        spec = RuleSetSpec(
            name=name,
            title=title,
            country=country,
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            citation=citation,
            currency=currency,
            combination=combination,
            sectors=sectors,
            groups=groups,
            not_applicable=not_applicable,
            notes=notes,
        )
        return spec, self.messages
