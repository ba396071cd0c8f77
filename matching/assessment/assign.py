"""Balanced assignment of applications to advisers.

Each application should get `per_application` reviews from different advisers; no adviser is
given an application they declared a conflict with; loads stay as even as the conflicts allow.
Existing assignments are kept and counted. Most-constrained applications go first, each to the
least-loaded admissible advisers (ties broken by the advisers' order), which keeps every load
within one of the others when nothing forbids it."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


@dataclass
class Plan:
    new: list[tuple[Hashable, Hashable]] = field(default_factory=list)  # (application, adviser)
    short: dict[Hashable, int] = field(default_factory=dict)  # application → reviews missing
    loads: dict[Hashable, int] = field(default_factory=dict)  # adviser → reviews after the plan


def balance(
    applications: Sequence[Hashable],
    advisers: Sequence[Hashable],
    per_application: int,
    *,
    existing: set[tuple[Hashable, Hashable]] = frozenset(),
    conflicts: set[tuple[Hashable, Hashable]] = frozenset(),
) -> Plan:
    advisers = list(dict.fromkeys(advisers))  # an adviser listed twice still reviews once
    order = {adviser: i for i, adviser in enumerate(advisers)}
    loads = dict.fromkeys(advisers, 0)
    have: dict[Hashable, set] = {application: set() for application in applications}
    for application, adviser in existing:
        if application in have:
            have[application].add(adviser)
        if adviser in loads:
            loads[adviser] += 1

    def admissible(application) -> list:
        return [
            adviser
            for adviser in advisers
            if adviser not in have[application] and (application, adviser) not in conflicts
        ]

    plan = Plan()
    queue = sorted(
        applications,
        key=lambda application: (len(admissible(application)), order_key(application)),
    )
    for application in queue:
        need = per_application - len(have[application])
        if need <= 0:
            continue
        candidates = sorted(admissible(application), key=lambda a: (loads[a], order[a]))
        chosen = candidates[:need]
        for adviser in chosen:
            plan.new.append((application, adviser))
            have[application].add(adviser)
            loads[adviser] += 1
        if len(chosen) < need:
            plan.short[application] = need - len(chosen)
    plan.loads = loads
    return plan


def order_key(value):
    """Applications sort by their key when they can be compared, else by their text."""
    return (0, value) if isinstance(value, int) else (1, str(value))
