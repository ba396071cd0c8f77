"""An independent validator: does a schedule obey every rule of its instance?

It shares only the parser with the solver (so the instance rules are read the same way) and
re-checks each rule from scratch on the output dict.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .model import Problem, parse_instance


def violations(instance, schedule: dict) -> list[str]:
    """Human-readable list of broken rules; empty when the schedule is valid.

    `instance` is an instance dict or an already parsed `Problem`.
    """
    p = instance if isinstance(instance, Problem) else parse_instance(instance)
    out: list[str] = []
    meetings = schedule.get("meetings")
    if not isinstance(meetings, list):
        return ['schedule: "meetings" must be a list']
    o_index = {c: i for i, c in enumerate(p.overseas)}
    d_index = {c: i for i, c in enumerate(p.domestic)}
    n_slots = p.n_slots
    seen_slot: dict[tuple[str, int, int], int] = {}
    seen_pair: dict[int, int] = {}
    o_count: Counter[int] = Counter()
    d_count: Counter[int] = Counter()
    lang_count: Counter[tuple[int, int]] = Counter()
    o_day: Counter[tuple[int, int]] = Counter()
    d_day: Counter[tuple[int, int]] = Counter()
    total = []
    keys = []
    for m in meetings:
        if isinstance(m, dict):
            keys.append((o_index.get(m.get("overseas"), -1), d_index.get(m.get("domestic"), -1)))
        else:
            keys.append((-1, -1))
    looked_up = p.pair_index(
        np.asarray([k[0] for k in keys], dtype=np.int64),
        np.asarray([k[1] for k in keys], dtype=np.int64),
    ).tolist()
    for i, m in enumerate(meetings):
        where = f"meetings[{i}]"
        if not isinstance(m, dict):
            out.append(f"{where}: not an object")
            continue
        o, d, t = m.get("overseas"), m.get("domestic"), m.get("slot")
        oi, di = o_index.get(o), d_index.get(d)
        if oi is None or di is None:
            out.append(f'{where}: unknown company "{o}"/"{d}"')
            continue
        if type(t) is not int or not 0 <= t < n_slots:
            out.append(f"{where}: slot {t!r} out of range 0..{n_slots - 1}")
            continue
        e = looked_up[i]
        if e < 0:
            out.append(f'{where}: pair "{o}"/"{d}" has no positive score')
        else:
            total.append(p.pair_w[e])
            if e in seen_pair:
                out.append(f'{where}: pair "{o}"/"{d}" meets twice (also meetings[{seen_pair[e]}])')
            seen_pair[e] = i
        if not p.o_avail[oi, t]:
            out.append(f'{where}: overseas "{o}" is not available in slot {t}')
        if not p.d_avail[di, t]:
            out.append(f'{where}: domestic "{d}" is not available in slot {t}')
        for kind, idx, name in (("overseas", oi, o), ("domestic", di, d)):
            other = seen_slot.get((kind, idx, t))
            if other is not None:
                out.append(
                    f'{where}: {kind} "{name}" is double-booked in slot {t} (meetings[{other}])'
                )
            seen_slot[(kind, idx, t)] = i
        o_count[oi] += 1
        d_count[di] += 1
        o_day[(oi, t // p.slots_per_day)] += 1
        d_day[(di, t // p.slots_per_day)] += 1
        lang = int(p.o_lang[oi])
        if p.interp is not None and lang >= 0:
            lang_count[(lang, t)] += 1
    for oi, n in sorted(o_count.items()):
        if n > p.o_cap[oi]:
            out.append(f'overseas "{p.overseas[oi]}": {n} meetings exceed its limit {p.o_cap[oi]}')
    for di, n in sorted(d_count.items()):
        if n > p.d_cap[di]:
            out.append(f'domestic "{p.domestic[di]}": {n} meetings exceed its limit {p.d_cap[di]}')
    for kind, ids, caps, counts in (
        ("overseas", p.overseas, p.o_day_cap, o_day),
        ("domestic", p.domestic, p.d_day_cap, d_day),
    ):
        for (i, day), n in sorted(counts.items()):
            if n > caps[i]:
                out.append(
                    f'{kind} "{ids[i]}": {n} meetings on day {day} exceed its max_per_day '
                    f"{int(caps[i])}"
                )
    if p.interp is not None:
        for (lang, t), n in sorted(lang_count.items()):
            if n > p.interp[lang, t]:
                out.append(
                    f'slot {t}: {n} meetings need a "{p.languages[lang]}" interpreter, '
                    f"only {int(p.interp[lang, t])} available"
                )
    for oi, di, t, e in p.fixed:
        if (
            seen_slot.get(("overseas", oi, t)) is None
            or seen_pair.get(e) is None
            or (meetings[seen_pair[e]].get("slot") != t)
        ):
            out.append(
                f'fixed meeting "{p.overseas[oi]}"/"{p.domestic[di]}" in slot {t} is missing'
            )
    objective = schedule.get("objective")
    expected = math.fsum(total)
    if not isinstance(objective, int | float) or abs(objective - expected) > 1e-6 * max(
        1.0, abs(expected)
    ):
        out.append(f"objective {objective!r} is not the sum of the meeting scores ({expected})")
    bound = schedule.get("upper_bound")
    if (
        isinstance(bound, int | float)
        and isinstance(objective, int | float)
        and bound < objective - 1e-9 * max(1.0, abs(objective))
    ):
        out.append(f"upper_bound {bound} is below the objective {objective}")
    return out
