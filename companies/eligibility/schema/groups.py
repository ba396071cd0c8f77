"""Parsing the groups of a rule set: their size classes, each class's limits, and the check
that a smaller class never accepts what a larger one rejects."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..vocabulary import FIGURES, LIMITED_SIZE_CLASSES
from .base import _ParserBase
from .spec import Group, Limit
from .syntax import _DECIMAL_RE, _NAME_RE, GROUP_KEYS, LIMIT_KEYS, _allowed


class _GroupsParser(_ParserBase):
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
