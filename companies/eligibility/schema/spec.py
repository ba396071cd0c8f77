"""The parsed rule set the engine evaluates: `RuleSetSpec`, its groups, their limits, and the
combination of figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


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


def _plain(value: Decimal | int) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value.normalize() if isinstance(value, Decimal) else value)
