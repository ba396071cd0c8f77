"""The rule-set format: validation with messages that name the path, and parsing into the
immutable `RuleSetSpec` the engine evaluates.

A rule set is plain JSON data; see docs/eligibility.md for the format with a full example.
`validate(data)` returns every problem found, e.g.
``definition.groups.services.medium.capital: must be a positive number``; `[]` means valid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import InvalidRuleSet
from .vocabulary import (
    FIGURES,
    LEGAL_FORMS,
    LIMITED_SIZE_CLASSES,
    RULE_SET_COUNTRIES,
    RULE_SET_KINDS,
    SECTORS,
)

TOP_LEVEL_KEYS = (
    "name",
    "title",
    "country",
    "kind",
    "valid_from",
    "valid_until",
    "citation",
    "currency",
    "description",
    "definition",
)
DEFINITION_KEYS = ("combination", "sectors", "groups", "not_applicable", "notes")
GROUP_KEYS = ("label", "notes", *LIMITED_SIZE_CLASSES)
LIMIT_KEYS = ("at_most", "less_than")
OPERATORS = ("any", "all")

_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_DECIMAL_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


@dataclass(frozen=True)
class Limit:
    """An upper limit: ``value ≤ limit`` ("at_most") or ``value < limit`` ("less_than")."""

    value: Decimal
    strict: bool = False

    def accepts(self, figure: int | Decimal) -> bool:
        return figure < self.value if self.strict else figure <= self.value

    @property
    def op_pass(self) -> str:
        return "<" if self.strict else "≤"

    @property
    def op_fail(self) -> str:
        return "≥" if self.strict else ">"

    def within(self, other: Limit) -> bool:
        """Whether every value this limit accepts is accepted by `other` too."""
        if self.value != other.value:
            return self.value < other.value
        return self.strict or not other.strict

    def describe(self) -> str:
        return f"{self.op_pass} {_plain(self.value)}"


@dataclass(frozen=True)
class Node:
    """A node of the combination: "any" (at least one) or "all" of its children, each a figure
    name or another node."""

    op: str
    children: tuple[Node | str, ...]

    def figures(self) -> list[str]:
        found: list[str] = []
        for child in self.children:
            found.extend([child] if isinstance(child, str) else child.figures())
        return found


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    classes: dict[str, dict[str, Limit]]  # smallest class first; only the classes defined
    notes: tuple[str, ...] = ()

    @property
    def top_class(self) -> str:
        return list(self.classes)[-1]


@dataclass(frozen=True)
class RuleSetSpec:
    name: str
    title: str
    country: str
    kind: str
    valid_from: date
    valid_until: date | None
    citation: str
    currency: str
    combination: Node
    sectors: dict[str, str]
    groups: dict[str, Group]
    not_applicable: dict[str, frozenset[str]]
    notes: tuple[str, ...] = ()

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


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


def _plain(value: Decimal | int) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value.normalize() if isinstance(value, Decimal) else value)


def _allowed(values) -> str:
    return ", ".join(values)


def parse_date(value: Any) -> date | None:
    """A "YYYY-MM-DD" string as a date, or None when it is not one."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _Parser:
    def __init__(self, data: Any):
        self.data = data
        self.messages: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.messages.append(f"{path}: {message}")

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

    def text(self, data: Mapping, key: str, path: str | None = None) -> str | None:
        path = path or key
        if key not in data:
            self.error(path, "is required")
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.error(path, "must be a non-empty string")
            return None
        return value

    def notes(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(path, "must be a list of strings")
            return ()
        notes = []
        for i, note in enumerate(value):
            if not isinstance(note, str) or not note.strip():
                self.error(f"{path}[{i}]", "must be a non-empty string")
            else:
                notes.append(note)
        return tuple(notes)

    # -- definition --------------------------------------------------------------------------

    def definition(self, value: Any):
        path = "definition"
        if value is None:
            self.error(path, "is required")
            return None
        if not isinstance(value, Mapping):
            self.error(path, "must be an object")
            return None
        for key in value:
            if key not in DEFINITION_KEYS:
                self.error(f"{path}.{key}", f"unknown key; allowed: {_allowed(DEFINITION_KEYS)}")

        combination = None
        if "combination" not in value:
            self.error(f"{path}.combination", "is required")
        else:
            combination = self.node(value["combination"], f"{path}.combination", set())
        # With a broken combination, skip the checks that depend on it (they would only echo it).
        used = combination.figures() if combination is not None else None
        parent_ops = _parent_ops(combination) if combination is not None else {}

        groups = self.groups(value.get("groups"), f"{path}.groups", used, parent_ops)
        sectors = self.sectors(value.get("sectors"), f"{path}.sectors", groups)
        not_applicable = self.not_applicable(
            value.get("not_applicable"), f"{path}.not_applicable", used, groups
        )
        notes = self.notes(value.get("notes"), f"{path}.notes")

        if used is not None and groups is not None:
            for figure in used:
                if not any(
                    figure in limits for g in groups.values() for limits in g.classes.values()
                ):
                    self.error(
                        f"{path}.combination",
                        f"{figure} is combined but no group gives it a limit",
                    )
        return combination, sectors, groups, not_applicable, notes

    def node(self, value: Any, path: str, seen: set[str]) -> Node | None:
        shape = 'must be an object with one key, "any" or "all", holding a list'
        if not isinstance(value, Mapping) or len(value) != 1:
            self.error(path, shape)
            return None
        ((op, items),) = value.items()
        if op not in OPERATORS:
            self.error(path, shape)
            return None
        if not isinstance(items, list) or not items:
            self.error(f"{path}.{op}", "must be a non-empty list")
            return None
        children: list[Node | str] = []
        for i, item in enumerate(items):
            item_path = f"{path}.{op}[{i}]"
            if isinstance(item, str):
                if item not in FIGURES:
                    self.error(item_path, f"unknown figure {item!r}; allowed: {_allowed(FIGURES)}")
                elif item in seen:
                    self.error(item_path, f"{item} appears more than once")
                else:
                    seen.add(item)
                    children.append(item)
            else:
                child = self.node(item, item_path, seen)
                if child is not None:
                    children.append(child)
        if len(children) != len(items):
            return None
        return Node(op, tuple(children))

    def sectors(self, value: Any, path: str, groups: dict[str, Group] | None) -> dict[str, str]:
        if value is None:
            self.error(path, "is required")
            return {}
        if not isinstance(value, Mapping):
            self.error(path, "must be an object mapping each sector to a group")
            return {}
        sectors: dict[str, str] = {}
        for key, group in value.items():
            if key not in SECTORS:
                self.error(f"{path}.{key}", f"unknown sector; allowed: {_allowed(SECTORS)}")
            elif not isinstance(group, str):
                self.error(f"{path}.{key}", "must be the name of a group")
            elif groups is not None and group not in groups:
                self.error(
                    f"{path}.{key}",
                    f"unknown group {group!r}; groups: {_allowed(groups) or '(none)'}",
                )
            else:
                sectors[key] = group
        for sector in SECTORS:
            if sector not in value:
                self.error(
                    f"{path}.{sector}", "is required: every sector must be mapped to a group"
                )
        if groups is not None and len(sectors) == len(SECTORS):
            for group in groups:
                if group not in sectors.values():
                    self.error(f"definition.groups.{group}", "is not used by any sector")
        return {sector: sectors[sector] for sector in SECTORS if sector in sectors}

    def groups(
        self, value: Any, path: str, used: list[str] | None, parent_ops: dict[str, str]
    ) -> dict[str, Group] | None:
        if value is None:
            self.error(path, "is required")
            return None
        if not isinstance(value, Mapping) or not value:
            self.error(path, "must be an object with at least one group")
            return None
        groups: dict[str, Group] = {}
        ok = True
        for key, body in value.items():
            group = self.group(key, body, f"{path}.{key}", used, parent_ops)
            if group is None:
                ok = False
            else:
                groups[key] = group
        return groups if ok else None

    def group(
        self, key: Any, body: Any, path: str, used: list[str] | None, parent_ops: dict[str, str]
    ) -> Group | None:
        if not isinstance(key, str) or not _NAME_RE.match(key):
            self.error(path, "group names must be lower-case letters and digits joined by '_'")
            return None
        if not isinstance(body, Mapping):
            self.error(path, "must be an object")
            return None
        before = len(self.messages)
        for k in body:
            if k == "large":
                self.error(
                    f"{path}.large",
                    "takes no limits: large is whatever lies above the group's largest class",
                )
            elif k not in GROUP_KEYS:
                self.error(f"{path}.{k}", f"unknown key; allowed: {_allowed(GROUP_KEYS)}")
        label = self.text(body, "label", f"{path}.label")
        notes = self.notes(body.get("notes"), f"{path}.notes")
        classes: dict[str, dict[str, Limit]] = {}
        for size in LIMITED_SIZE_CLASSES:
            if size in body:
                limits = self.limits(body[size], f"{path}.{size}", used)
                if limits is not None:
                    classes[size] = limits
        if not any(size in body for size in LIMITED_SIZE_CLASSES):
            self.error(path, f"needs at least one size class ({_allowed(LIMITED_SIZE_CLASSES)})")
        if len(self.messages) > before:
            return None
        self.check_nesting(classes, path, parent_ops)
        if len(self.messages) > before:
            return None
        return Group(key=key, label=label, classes=classes, notes=notes)

    def limits(self, value: Any, path: str, used: list[str] | None) -> dict[str, Limit] | None:
        if not isinstance(value, Mapping) or not value:
            self.error(path, "must be an object giving at least one figure's limit")
            return None
        limits: dict[str, Limit] = {}
        ok = True
        for figure, raw in value.items():
            figure_path = f"{path}.{figure}"
            if figure not in FIGURES:
                self.error(figure_path, f"unknown figure; allowed: {_allowed(FIGURES)}")
                ok = False
                continue
            if used is not None and figure not in used:
                self.error(figure_path, "is not part of definition.combination")
                ok = False
                continue
            limit = self.limit(raw, figure_path, whole=figure == "employees")
            if limit is None:
                ok = False
            else:
                limits[figure] = limit
        # Keep the order of the figures in the shared vocabulary.
        return {f: limits[f] for f in FIGURES if f in limits} if ok else None

    def limit(self, raw: Any, path: str, *, whole: bool) -> Limit | None:
        if isinstance(raw, Mapping):
            if len(raw) != 1 or next(iter(raw)) not in LIMIT_KEYS:
                self.error(
                    path,
                    'must be a number, or an object with one key, "at_most" (≤) or "less_than" (<)',
                )
                return None
            ((key, number),) = raw.items()
            value = self.number(number, f"{path}.{key}", whole=whole)
            return None if value is None else Limit(value, strict=key == "less_than")
        value = self.number(raw, path, whole=whole)
        return None if value is None else Limit(value, strict=False)

    def number(self, raw: Any, path: str, *, whole: bool) -> Decimal | None:
        message = "must be a positive whole number" if whole else "must be a positive number"
        value: Decimal | None = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = (
                Decimal(repr(raw))
                if raw == raw and raw not in (float("inf"), float("-inf"))
                else None
            )
        elif isinstance(raw, str) and _DECIMAL_RE.match(raw.strip()):
            try:
                value = Decimal(raw.strip())
            except InvalidOperation:  # pragma: no cover - the pattern already excludes these
                value = None
        if value is None or value <= 0 or (whole and value != value.to_integral_value()):
            self.error(path, message)
            return None
        return value

    def check_nesting(
        self, classes: dict[str, dict[str, Limit]], path: str, parent_ops: dict[str, str]
    ) -> None:
        """A smaller class must never accept a company that a larger class rejects: this is what
        makes "the smallest class whose test passes" the company's class, and it makes the
        "larger/smaller size applies" rules of Thailand and Malaysia fall out of all/any."""
        names = list(classes)
        for smaller, larger in zip(names, names[1:], strict=False):
            small_limits, large_limits = classes[smaller], classes[larger]
            for figure in FIGURES:
                in_small, in_large = figure in small_limits, figure in large_limits
                if in_small and in_large:
                    if not small_limits[figure].within(large_limits[figure]):
                        self.error(
                            f"{path}.{smaller}.{figure}",
                            f"must not accept more than the {larger} limit "
                            f"({large_limits[figure].describe()})",
                        )
                elif in_large and parent_ops.get(figure) == "all":
                    self.error(
                        f"{path}.{smaller}.{figure}",
                        f"is required: {figure} sits in an 'all' combination and the {larger} "
                        "class limits it",
                    )
                elif in_small and parent_ops.get(figure) == "any":
                    self.error(
                        f"{path}.{larger}.{figure}",
                        f"is required: {figure} sits in an 'any' combination and the {smaller} "
                        "class limits it",
                    )

    def not_applicable(
        self, value: Any, path: str, used: list[str] | None, groups: dict[str, Group] | None
    ) -> dict[str, frozenset[str]]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.error(path, "must be an object mapping a legal form to a list of figures")
            return {}
        result: dict[str, frozenset[str]] = {}
        for form, figures in value.items():
            form_path = f"{path}.{form}"
            if form not in LEGAL_FORMS:
                self.error(form_path, f"unknown legal form; allowed: {_allowed(LEGAL_FORMS)}")
                continue
            if not isinstance(figures, list):
                self.error(form_path, "must be a list of figures")
                continue
            ok = True
            if used is None:
                continue
            for i, figure in enumerate(figures):
                if figure not in used:
                    self.error(
                        f"{form_path}[{i}]",
                        f"must be a figure of definition.combination ({_allowed(used)})",
                    )
                    ok = False
            if not ok:
                continue
            dropped = frozenset(figures)
            result[form] = dropped
            for key, group in (groups or {}).items():
                for size, limits in group.classes.items():
                    if limits and set(limits) <= dropped:
                        self.error(
                            form_path,
                            f"leaves definition.groups.{key}.{size} without any figure to judge",
                        )
        return result


def _parent_ops(node: Node) -> dict[str, str]:
    ops: dict[str, str] = {}
    for child in node.children:
        if isinstance(child, str):
            ops[child] = node.op
        else:
            ops.update(_parent_ops(child))
    return ops
