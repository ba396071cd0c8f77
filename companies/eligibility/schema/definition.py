"""Parsing the definition of a rule set: the combination of figures, the sector -> group map
and the figures switched off per legal form (the groups are in groups.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..vocabulary import FIGURES, LEGAL_FORMS, SECTORS
from .groups import _GroupsParser
from .spec import Group, Node
from .syntax import DEFINITION_KEYS, OPERATORS, _allowed


class _DefinitionParser(_GroupsParser):
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
