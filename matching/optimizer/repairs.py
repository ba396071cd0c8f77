"""Repairing a schedule after the instance changed.

Priorities, in this order:

1. keep as many previous meetings as possible in their slot (a meeting is kept when both
   companies are still there, the pair still has a positive score and the slot still works);
2. re-book as many of the other previous pairs as possible in another slot ("moved");
3. then maximise the score with new meetings in the capacity that is left ("added").

Steps 1 and 2 are small MILPs (count first, score as tie-break) that only run when the quick
greedy pass cannot keep everything; step 3 is the normal pipeline on what is left.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from . import greedy, groups
from .board import Board
from .check import violations
from .model import DEFAULT_TIME_LIMIT, Problem, parse_instance, parse_previous
from .pipeline import Outcome, apply_fixed, finish, optimise
from .select import GroupModel

FULL_BOUND_MAX_PAIRS = 20_000  # above this, repair reports the quick (looser) bound


def _count_first(values: np.ndarray) -> np.ndarray:
    """Objective weights (to maximise) that rank count first and score second."""
    return 1.0 + values / (float(values.sum()) + 1.0)


def _best_subset(board: Board, items: list[tuple[int, list[int]]], deadline: float) -> list:
    """Choose (pair, slot) options, at most one per pair, maximising count then score.

    `items` holds (pair, candidate slots).  Feasible on top of `board`.
    """
    p = board.p
    var_e, var_t = [], []
    for e, slots in items:
        for t in slots:
            var_e.append(e)
            var_t.append(t)
    if not var_e:
        return []
    ve = np.asarray(var_e, dtype=np.int64)
    vt = np.asarray(var_t, dtype=np.int64)
    vo, vd = p.pair_o[ve], p.pair_d[ve]
    n = len(ve)
    n_t = p.n_slots
    rows, rhs = [], []
    n_rows = 0

    def family(ids, cap_of):
        nonlocal n_rows
        uniq, inv = np.unique(ids, return_inverse=True)
        rows.append(inv + n_rows)
        rhs.append(cap_of(uniq).astype(np.float64))
        n_rows += len(uniq)

    family(ve, lambda u: np.ones(len(u)))
    family(vo * n_t + vt, lambda u: np.ones(len(u)))
    family(vd * n_t + vt, lambda u: np.ones(len(u)))
    family(vo, lambda u: np.asarray(board.o_left)[u])
    family(vd, lambda u: np.asarray(board.d_left)[u])
    if p.has_day_caps:
        o_day, d_day = board.day_left_arrays()
        vday = vt // p.slots_per_day
        family(vo * p.days + vday, lambda u: o_day.ravel()[u])
        family(vd * p.days + vday, lambda u: d_day.ravel()[u])
    cols = [np.arange(n)] * len(rows)
    if board.lang_left is not None:
        lang = p.o_lang[vo]
        on = np.nonzero(lang >= 0)[0]
        if len(on):
            left = board.lang_array().ravel()
            uniq, inv = np.unique(lang[on] * n_t + vt[on], return_inverse=True)
            rows.append(inv + n_rows)
            cols.append(on)
            rhs.append(left[uniq].astype(np.float64))
            n_rows += len(uniq)
    a = sp.csr_matrix(
        (np.ones(sum(len(r) for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_rows, n),
    )
    res = milp(
        -_count_first(p.pair_w[ve]),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(a, -np.inf, np.concatenate(rhs))],
        options={"time_limit": max(0.05, deadline - time.perf_counter()), "mip_rel_gap": 0.0},
    )
    if res.x is None:  # time out: take what a greedy pass can
        out = []
        for e, t in zip(var_e, var_t, strict=True):
            if board.can_add(e) and board.common(e) >> t & 1:
                board.add(e, t)
                out.append((e, t))
        for e, _t in out:
            board.remove(e)
        return out
    on = res.x > 0.5
    return list(zip(ve[on].tolist(), vt[on].tolist(), strict=True))


def _full_bound(p: Problem, deadline: float) -> float:
    """Bound on any valid schedule of `p` (not only on repairs of the previous one)."""
    board = Board(p)
    apply_fixed(board)
    base = float(board.score())
    if len(p.pair_w) <= FULL_BOUND_MAX_PAIRS:
        grouping = groups.atoms(*board.usable_arrays(), p.day_rows())
        model = GroupModel(board, grouping, weighted=False)
        if model.n_pairs == 0:
            return base
        out = model.solve_lp(False, deadline)
        if out is not None:
            return base + model.bound(out[2])
    return base + greedy.cheap_bound(board)


def repair(instance, previous, time_limit: float = DEFAULT_TIME_LIMIT) -> dict:
    """Repair `previous` (a schedule dict) for the changed `instance`; see module docstring."""
    start = time.perf_counter()
    deadline = start + float(time_limit)
    p = instance if isinstance(instance, Problem) else parse_instance(instance)
    prev = parse_previous(previous, p)
    board = Board(p)
    apply_fixed(board)

    # previous meetings, one per pair (a repeated pair counts as removed)
    first: dict[int, int] = {}
    if prev:
        po = np.asarray([m[0] for m in prev], dtype=np.int64)
        pd = np.asarray([m[1] for m in prev], dtype=np.int64)
        found = np.where((po >= 0) & (pd >= 0), p.pair_index(po, pd), -1).tolist()
        for i, e in enumerate(found):
            if e >= 0 and e not in first:
                first[e] = i

    # 1. keep in place
    keep_items = []
    for e, i in sorted(first.items(), key=lambda kv: kv[1]):
        t = prev[i][2]
        if e in board.slot or not 0 <= t < p.n_slots:
            continue
        if p.o_avail[prev[i][0], t] and p.d_avail[prev[i][1], t] and board.common(e) >> t & 1:
            keep_items.append((e, t))
    trial = []
    for e, t in keep_items:
        if board.can_add(e) and board.common(e) >> t & 1:
            board.add(e, t)
            trial.append(e)
    if len(trial) < len(keep_items):
        for e in trial:
            board.remove(e)
        for e, t in _best_subset(board, [(e, [t]) for e, t in keep_items], deadline):
            board.add(e, t)

    # 2. move the other previous pairs if they fit somewhere
    move_items = []
    for e in sorted(first, key=lambda x: first[x]):
        if e in board.slot or not board.can_add(e):
            continue
        m = board.common(e)
        slots = [t for t in range(p.n_slots) if m >> t & 1]
        if slots:
            move_items.append((e, slots))
    for e, t in _best_subset(board, move_items, deadline):
        board.add(e, t)

    # 3. add new meetings in what is left
    outcome = optimise(board, deadline)
    schedule = finish(board, Outcome(_full_bound(p, deadline), outcome.method), start)
    problems = violations(p, schedule)
    if problems:  # never expected
        raise AssertionError("internal: repaired schedule is invalid: " + problems[0])

    kept = moved = 0
    for e, i in first.items():
        if e in board.slot:
            if board.slot[e] == prev[i][2]:
                kept += 1
            else:
                moved += 1
    removed = len(prev) - kept - moved
    prev_set = set(first)
    added = sum(1 for e in board.slot if e not in prev_set)
    schedule.update(kept=kept, moved=moved, removed=removed, added=added)
    schedule["seconds"] = round(time.perf_counter() - start, 3)
    return schedule
