"""The three-valued test of a rule set's combination (passed, failed, unknown)."""

from __future__ import annotations

from ..schema import Node

_ABSENT = object()  # a figure the class does not limit, or that does not apply to the form


def _test(node: Node, leaf) -> tuple[bool | None, list[str]]:
    """Three-valued test of `node`; with an unknown result, the missing figures that matter
    (those under a child that is itself unknown)."""
    results: list[tuple[bool | None, list[str]]] = []
    for child in node.children:
        if isinstance(child, str):
            value = leaf(child)
            if value is _ABSENT:
                continue  # neutral: the identity of the operator
            results.append((value, [child] if value is None else []))
        else:
            results.append(_test(child, leaf))
    decisive = node.op == "any"  # a True decides "any", a False decides "all"
    if any(value is decisive for value, _ in results):
        return decisive, []
    unknown = [missing for value, missing in results if value is None]
    if not unknown:
        return (not decisive), []
    merged: list[str] = []
    for missing in unknown:
        merged.extend(f for f in missing if f not in merged)
    return None, merged
