"""Placing chosen meetings into slots, one slot group at a time.

Within a group the slots are filled one by one.  For the current slot we pick a set of the
group's remaining meetings that (a) uses each company and each interpreter at most as allowed
in that slot and (b) takes at least one meeting of every company whose remaining meetings
would otherwise not fit into its remaining free slots of the group (and likewise for every
language and its remaining interpreter-slots).  For an atom without pre-booked slots such a
set always exists (the constraint matrix is totally unimodular, so the "at most |slots|" point
splits into |slots| integral matchings), which makes the peeling exact: nothing is dropped.
Where the group is coarser than an atom or some slots are already taken, (b) is made soft with
a large penalty, and meetings left at the end are returned as unplaced.

Each slot is one small MILP (`scipy.optimize.milp`, HiGHS) whose LP relaxation is integral.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from .board import Board, masks_to_rows


def place(
    board: Board, chosen: list[tuple[int, int]], groups: list[np.ndarray], deadline: float
) -> list[int]:
    """Book the chosen (pair, group) meetings into slots; return the pairs left unplaced."""
    by_group: dict[int, list[int]] = defaultdict(list)
    for e, g in chosen:
        by_group[g].append(e)
    unplaced: list[int] = []
    need = board.d_need()
    bonus = board.p.fairness_bonus
    for g in sorted(by_group):
        edges = np.asarray(sorted(by_group[g]), dtype=np.int64)
        left = edges.tolist()
        if time.perf_counter() <= deadline:
            left = _peel(board, edges, np.sort(groups[g]), deadline, need, bonus)
        unplaced += _first_fit(board, left, groups[g])
    return unplaced


def _first_fit(board: Board, edges: list[int], slots: np.ndarray) -> list[int]:
    """Past the time limit (or after a lossy peel): earliest free slot of the group, if any."""
    group_mask = 0
    for t in slots.tolist():
        group_mask |= 1 << t
    rest = []
    for e in sorted(edges, key=lambda e: (-board.p.pair_w[e], e)):
        m = board.common(e) & group_mask
        if m and board.can_add(e):
            board.add(e, (m & -m).bit_length() - 1)
        else:
            rest.append(e)
    return rest


def _usable(board: Board, owners: np.ndarray, slots: np.ndarray, overseas: bool) -> np.ndarray:
    if overseas:
        masks = [board.o_usable(int(o)) for o in owners]
    else:
        masks = [board.d_usable(int(d)) for d in owners]
    return masks_to_rows(masks, board.n_slots)[:, slots]


def _peel(
    board: Board,
    edges: np.ndarray,
    slots: np.ndarray,
    deadline: float,
    need: np.ndarray,
    bonus: float,
) -> list[int]:
    p = board.p
    eo_all = p.pair_o[edges]
    ed_all = p.pair_d[edges]
    uo, oi = np.unique(eo_all, return_inverse=True)
    ud, di = np.unique(ed_all, return_inverse=True)
    f_o = _usable(board, uo, slots, True)
    f_d = _usable(board, ud, slots, False)
    # free slots from position i on: suffix[:, i]
    suf_o = np.concatenate([np.cumsum(f_o[:, ::-1], axis=1)[:, ::-1], np.zeros((len(uo), 1))], 1)
    suf_d = np.concatenate([np.cumsum(f_d[:, ::-1], axis=1)[:, ::-1], np.zeros((len(ud), 1))], 1)
    lang_e = np.full(len(edges), -1, dtype=np.int64)
    lang_left = None
    if board.lang_left is not None:
        lang_e = p.o_lang[eo_all]
        lang_left = board.lang_array()[:, slots]
        suf_l = np.concatenate(
            [np.cumsum(lang_left[:, ::-1], axis=1)[:, ::-1], np.zeros((len(lang_left), 1))], 1
        )
    weight = p.pair_w[edges] + bonus * (need[ed_all] > 0)
    left = np.ones(len(edges), dtype=bool)
    for i, t in enumerate(slots.tolist()):
        if not left.any():
            break
        if time.perf_counter() > deadline:
            break
        rem = np.nonzero(left)[0]
        elig = rem[f_o[oi[rem], i] & f_d[di[rem], i]]
        if not len(elig):
            continue
        deg_o = np.bincount(oi[rem], minlength=len(uo))
        deg_d = np.bincount(di[rem], minlength=len(ud))
        lb_o = np.clip(deg_o - suf_o[:, i + 1], 0, 1)
        lb_d = np.clip(deg_d - suf_d[:, i + 1], 0, 1)
        lang_rows = None
        if lang_left is not None:
            has = lang_e[rem] >= 0
            n_l = np.bincount(lang_e[rem][has], minlength=len(lang_left))
            cap_t = lang_left[:, i]
            lb_l = np.clip(n_l - suf_l[:, i + 1], 0, cap_t)
            lang_rows = (cap_t, lb_l)
        pick = _slot_choice(elig, oi, di, lang_e, lb_o, lb_d, lang_rows, weight, deadline)
        for k in pick.tolist():
            e = int(edges[k])
            if board.can_add(e) and board.common(e) >> t & 1:  # always true unless LP noise
                board.add(e, t)
                left[k] = False
    return edges[left].tolist()


def _slot_choice(elig, oi, di, lang_e, lb_o, lb_d, lang_rows, weight, deadline) -> np.ndarray:
    """Pick meetings for one slot (see module docstring).  Returns positions into `edges`."""
    n = len(elig)
    o_of = oi[elig]
    d_of = di[elig]
    rows, cols, lo, hi = [], [], [], []
    n_rows = 0
    slack_rows: list[int] = []
    slack_lb: list[float] = []

    def family(ids, which, lower, upper):
        nonlocal n_rows
        idx = np.nonzero(which)[0]
        uniq, inv = np.unique(ids[idx], return_inverse=True)
        rows.append(inv + n_rows)
        cols.append(idx)
        low = lower[uniq].astype(np.float64)
        lo.append(low)
        hi.append(upper[uniq].astype(np.float64))
        for r in np.nonzero(low > 0)[0].tolist():
            slack_rows.append(n_rows + r)
            slack_lb.append(float(low[r]))
        n_rows += len(uniq)

    every = np.ones(n, dtype=bool)
    family(o_of, every, lb_o, np.ones(len(lb_o)))
    family(d_of, every, lb_d, np.ones(len(lb_d)))
    if lang_rows is not None:
        cap_t, lb_l = lang_rows
        le = lang_e[elig]
        family(le, le >= 0, lb_l, cap_t)
    n_s = len(slack_rows)
    rows.append(np.asarray(slack_rows, dtype=np.int64))
    cols.append(n + np.arange(n_s))
    a = sp.csr_matrix(
        (np.ones(sum(len(r) for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_rows, n + n_s),
    )
    w = weight[elig]
    penalty = 1.0 + float(w.sum())
    c = np.concatenate([-w, np.full(n_s, penalty)])
    ub = np.concatenate([np.ones(n), np.asarray(slack_lb)])
    integrality = np.concatenate([np.ones(n), np.zeros(n_s)])
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(np.zeros(n + n_s), ub),
        constraints=[LinearConstraint(a, np.concatenate(lo), np.concatenate(hi))],
        options={"time_limit": max(0.05, deadline - time.perf_counter())},
    )
    if res.x is not None:
        return elig[res.x[:n] > 0.5]
    return elig[_greedy_choice(o_of, d_of, lang_e[elig], lang_rows, w)]


def _greedy_choice(o_of, d_of, lang, lang_rows, w) -> np.ndarray:
    """Fallback when the solver gives nothing: best-first, respecting the slot's limits."""
    used_o: set[int] = set()
    used_d: set[int] = set()
    lang_used: dict[int, int] = defaultdict(int)
    pick = []
    for k in np.argsort(-w, kind="stable").tolist():
        o, d, lg = int(o_of[k]), int(d_of[k]), int(lang[k])
        if o in used_o or d in used_d:
            continue
        if lang_rows is not None and lg >= 0 and lang_used[lg] >= lang_rows[0][lg]:
            continue
        used_o.add(o)
        used_d.add(d)
        if lg >= 0:
            lang_used[lg] += 1
        pick.append(k)
    return np.asarray(pick, dtype=np.int64)
