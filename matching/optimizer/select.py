"""Choosing the meetings: a b-matching over slot groups, solved with HiGHS.

Variables x[e, g] in [0, 1] say "pair e meets in slot group g".  Constraints (all <=):

* per company and group: meetings <= free slots of the company in the group;
* per language and group: meetings <= free interpreter-slots of the language in the group;
* per pair: sum over groups <= 1;
* per company: meetings <= remaining max_meetings;
* per company and day (only when `max_per_day` is given): meetings in the day's groups <=
  what is left of the day cap (groups then never span two days, see `Problem.day_rows`);
* fairness (weighted model only): s[d] <= meetings of d, with 0 <= s[d] <= missing minimum.

The objective is the score sum, plus `fairness_bonus * s[d]` in the weighted model.  Small
models are solved as a MILP; large ones as an LP over a pruned set of pairs (each company's
best few) with pricing: the LP duals give every left-out pair a reduced score, pairs with a
positive one are added and the LP is solved again.  Whatever the duals, they yield a proven
upper bound on the score (weak duality, see `GroupModel.bound`).  Fractional LP values are
settled by a small MILP over the fractional part only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .board import Board, rows_to_words
from .groups import group_matrix

MILP_MAX_COLUMNS = 5000  # below this, select by an exact MILP
PRICE_ROUNDS = 12
INT_TOL = 1e-6


@dataclass
class Caps:
    og: np.ndarray  # (n_overseas, n_groups) free usable slots per group
    dg: np.ndarray  # (n_domestic, n_groups)
    lg: np.ndarray | None  # (n_languages, n_groups) free interpreter-slots per group
    o: np.ndarray  # remaining max meetings
    d: np.ndarray
    need: np.ndarray  # missing minimum meetings (domestic)
    od: np.ndarray | None = None  # (n_overseas, days) left under max_per_day; None = no caps
    dd: np.ndarray | None = None


@dataclass
class Duals:
    og: np.ndarray
    dg: np.ndarray
    lg: np.ndarray | None
    o: np.ndarray
    d: np.ndarray
    z: np.ndarray  # fairness rows
    od: np.ndarray | None = None
    dd: np.ndarray | None = None


@dataclass
class Selection:
    chosen: list[tuple[int, int]]  # (pair index, group index)
    bound: float  # proven bound on the score still obtainable (board score not included)
    method: str
    fair_bound: float | None = None  # the same for score + fairness bonus, when computed
    notes: list[str] = field(default_factory=list)


@dataclass
class _Lp:
    a: sp.csr_matrix
    b: np.ndarray
    c: np.ndarray  # minimisation costs (negated scores)
    ub: np.ndarray
    pos: np.ndarray  # candidate position of each x column
    cg: np.ndarray  # group of each x column
    s_d: np.ndarray  # domestic company of each s column
    families: dict


def _remaining(deadline: float) -> float:
    return max(0.01, deadline - time.perf_counter())


class GroupModel:
    """The residual problem of a board, counted per slot group."""

    def __init__(self, board: Board, groups: list[np.ndarray], weighted: bool = True):
        p = board.p
        self.board = board
        self.groups = groups
        self.n_groups = len(groups)
        n_slots = p.n_slots
        o_rows, d_rows, lang = board.usable_arrays()
        gm = group_matrix(groups, n_slots).astype(np.int64)
        o_left = np.asarray(board.o_left, dtype=np.int64)
        d_left = np.asarray(board.d_left, dtype=np.int64)
        self.bonus = p.fairness_bonus if weighted else 0.0
        need = board.d_need() if self.bonus > 0 else np.zeros(len(p.domestic), dtype=np.int64)
        od = dd = None
        # day of each group (a group lies inside one day whenever day caps are given)
        self.gday = np.asarray([int(g[0]) // p.slots_per_day if len(g) else 0 for g in groups])
        if p.has_day_caps:
            if any(
                len(g) and (g // p.slots_per_day != g[0] // p.slots_per_day).any() for g in groups
            ):
                raise AssertionError("internal: a slot group spans two days under day caps")
            od, dd = board.day_left_arrays()
        self.caps = Caps(
            og=o_rows.astype(np.int64) @ gm.T,
            dg=d_rows.astype(np.int64) @ gm.T,
            lg=None if lang is None else lang @ gm.T,
            o=o_left,
            d=d_left,
            need=need,
            od=od,
            dd=dd,
        )
        lang_of = p.o_lang.copy()
        if lang is None:
            lang_of[:] = -1
        self.lang_of = lang_of

        live = (o_left[p.pair_o] > 0) & (d_left[p.pair_d] > 0)
        if board.slot:
            live[list(board.slot)] = False
        e = np.nonzero(live)[0]
        po, pd = p.pair_o[e], p.pair_d[e]
        ow = rows_to_words(o_rows)
        dw = rows_to_words(d_rows)
        gw = rows_to_words(gm.astype(bool))
        both = ow[po] & dw[pd]
        compat = np.zeros((len(e), self.n_groups), dtype=bool)
        for g in range(self.n_groups):
            compat[:, g] = (both & gw[g]).any(axis=1)
        keep = compat.any(axis=1)
        self.e = e[keep]
        self.po = po[keep]
        self.pd = pd[keep]
        self.w = p.pair_w[self.e]
        self.compat = compat[keep]

    @property
    def n_pairs(self) -> int:
        return len(self.e)

    # -- model building ----------------------------------------------------------------------
    def columns(self, subset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ci, cg = np.nonzero(self.compat[subset])
        return subset[ci], cg

    def build(self, pos: np.ndarray, cg: np.ndarray, caps: Caps, weighted: bool) -> _Lp:
        n_groups = self.n_groups
        n_x = len(pos)
        o = self.po[pos]
        d = self.pd[pos]
        lang = self.lang_of[o]
        col = np.arange(n_x)
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        rhs: list[np.ndarray] = []
        families: dict[str, tuple[np.ndarray, int]] = {}
        n_rows = 0

        def family(name, ids, which, rhs_of, redundant_ok=True):
            nonlocal n_rows
            ids = ids[which]
            idx = col[which]
            uniq, inv, counts = np.unique(ids, return_inverse=True, return_counts=True)
            r = rhs_of(uniq)
            keep = counts > r if redundant_ok else np.ones(len(uniq), dtype=bool)
            new_row = np.cumsum(keep) - 1 + n_rows
            take = keep[inv]
            rows.append(new_row[inv[take]])
            cols.append(idx[take])
            vals.append(np.ones(int(take.sum())))
            rhs.append(r[keep].astype(np.float64))
            families[name] = (uniq[keep], n_rows)
            n_rows += int(keep.sum())

        everything = np.ones(n_x, dtype=bool)
        family("og", o * n_groups + cg, everything, lambda u: caps.og.ravel()[u])
        family("dg", d * n_groups + cg, everything, lambda u: caps.dg.ravel()[u])
        if caps.lg is not None:
            family("lg", lang * n_groups + cg, lang >= 0, lambda u: caps.lg.ravel()[u])
        family("pair", pos, everything, lambda u: np.ones(len(u), dtype=np.int64))
        family("o", o, everything, lambda u: caps.o[u])
        family("d", d, everything, lambda u: caps.d[u])
        if caps.od is not None:
            n_days = caps.od.shape[1]
            day = self.gday[cg]
            family("od", o * n_days + day, everything, lambda u: caps.od.ravel()[u])
            family("dd", d * n_days + day, everything, lambda u: caps.dd.ravel()[u])

        s_d = np.zeros(0, dtype=np.int64)
        if weighted:
            s_d = np.nonzero(caps.need > 0)[0]
            s_d = s_d[np.isin(s_d, d)]
            if len(s_d):
                row_of = np.full(len(caps.need), -1, dtype=np.int64)
                row_of[s_d] = n_rows + np.arange(len(s_d))
                on = row_of[d] >= 0
                rows.append(row_of[d[on]])
                cols.append(col[on])
                vals.append(-np.ones(int(on.sum())))
                rows.append(row_of[s_d])
                cols.append(n_x + np.arange(len(s_d)))
                vals.append(np.ones(len(s_d)))
                rhs.append(np.zeros(len(s_d)))
                families["z"] = (s_d, n_rows)
                n_rows += len(s_d)
        n_vars = n_x + len(s_d)
        a = sp.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_rows, n_vars),
        )
        c = np.concatenate([-self.w[pos], -np.full(len(s_d), self.bonus)])
        ub = np.concatenate([np.ones(n_x), caps.need[s_d].astype(np.float64)])
        return _Lp(a, np.concatenate(rhs), c, ub, pos, cg, s_d, families)

    # -- duals, pricing and the bound ----------------------------------------------------------
    def duals(self, lp: _Lp, marginals: np.ndarray) -> Duals:
        y = np.clip(-np.asarray(marginals, dtype=np.float64), 0.0, None)
        p = self.board.p
        n_o, n_d, n_g = len(p.overseas), len(p.domestic), self.n_groups
        n_l = 0 if self.caps.lg is None else self.caps.lg.shape[0]
        out = {
            "og": np.zeros(n_o * n_g),
            "dg": np.zeros(n_d * n_g),
            "lg": np.zeros(n_l * n_g),
            "o": np.zeros(n_o),
            "d": np.zeros(n_d),
            "z": np.zeros(n_d),
        }
        n_days = p.days
        if self.caps.od is not None:
            out["od"] = np.zeros(n_o * n_days)
            out["dd"] = np.zeros(n_d * n_days)
        for name, (ids, start) in lp.families.items():
            if name in out:
                out[name][ids] = y[start : start + len(ids)]
        return Duals(
            og=out["og"].reshape(n_o, n_g),
            dg=out["dg"].reshape(n_d, n_g),
            lg=None if self.caps.lg is None else out["lg"].reshape(n_l, n_g),
            o=out["o"],
            d=out["d"],
            z=out["z"],
            od=out["od"].reshape(n_o, n_days) if "od" in out else None,
            dd=out["dd"].reshape(n_d, n_days) if "dd" in out else None,
        )

    def reduced(self, y: Duals, weighted: bool) -> np.ndarray:
        """max(0, best reduced score over groups) for every candidate pair."""
        base = self.w - y.o[self.po] - y.d[self.pd]
        if weighted:
            base = base + y.z[self.pd]
        best = np.full(self.n_pairs, -np.inf)
        lang = self.lang_of[self.po]
        has_lang = lang >= 0
        for g in range(self.n_groups):
            r = base - y.og[self.po, g] - y.dg[self.pd, g]
            if y.od is not None:
                day = self.gday[g]
                r = r - y.od[self.po, day] - y.dd[self.pd, day]
            if y.lg is not None and y.lg.shape[0]:
                r = r - np.where(has_lang, y.lg[np.maximum(lang, 0), g], 0.0)
            best = np.where(self.compat[:, g], np.maximum(best, r), best)
        return np.maximum(best, 0.0)

    def bound(self, y: Duals, caps: Caps | None = None) -> float:
        """Weak-duality bound on the plain score of any completion of the board.

        For any y >= 0 on the rows above (fairness dropped), give every pair the extra dual
        u_e = max(0, max_g reduced score); (y, u) is then dual feasible for the full model over
        *all* candidate pairs, so its dual objective bounds the LP, hence every schedule.
        """
        caps = caps or self.caps
        total = float((caps.og * y.og).sum()) + float((caps.dg * y.dg).sum())
        if y.lg is not None and caps.lg is not None:
            total += float((caps.lg * y.lg).sum())
        total += float(caps.o @ y.o) + float(caps.d @ y.d)
        if y.od is not None and caps.od is not None:
            total += float((caps.od * y.od).sum()) + float((caps.dd * y.dd).sum())
        return total + float(self.reduced(y, weighted=False).sum())

    def fair_bound(self, y: Duals) -> float:
        """Weak-duality bound on score + fairness bonus (the weighted objective)."""
        caps = self.caps
        total = float((caps.og * y.og).sum()) + float((caps.dg * y.dg).sum())
        if y.lg is not None and caps.lg is not None:
            total += float((caps.lg * y.lg).sum())
        total += float(caps.o @ y.o) + float(caps.d @ y.d)
        if y.od is not None and caps.od is not None:
            total += float((caps.od * y.od).sum()) + float((caps.dd * y.dd).sum())
        total += float(caps.need @ np.maximum(self.bonus - y.z, 0.0))
        return total + float(self.reduced(y, weighted=True).sum())

    # -- solving -----------------------------------------------------------------------------
    def initial_subset(self) -> np.ndarray:
        """Each company's best few pairs: 2*cap + 2 per side."""
        keep = np.zeros(self.n_pairs, dtype=bool)
        for owner, left in ((self.pd, self.caps.d), (self.po, self.caps.o)):
            order = np.lexsort((-self.w, owner))
            own = owner[order]
            start = np.searchsorted(own, own, side="left")
            rank = np.arange(len(own)) - start
            keep[order[rank < 2 * left[own] + 2]] = True
        return np.nonzero(keep)[0]

    def solve_lp(self, weighted: bool, deadline: float, subset: np.ndarray | None = None):
        """LP with pricing.  Returns (lp, x, duals, converged) or None if HiGHS gave up."""
        subset = self.initial_subset() if subset is None else subset
        for _ in range(PRICE_ROUNDS):
            pos, cg = self.columns(subset)
            lp = self.build(pos, cg, self.caps, weighted)
            res = linprog(
                lp.c,
                A_ub=lp.a,
                b_ub=lp.b,
                bounds=np.column_stack([np.zeros(len(lp.ub)), lp.ub]),
                method="highs-ds",
                options={"time_limit": _remaining(deadline), "presolve": True},
            )
            if res.status != 0 or res.x is None:
                return None
            y = self.duals(lp, res.ineqlin.marginals)
            u = self.reduced(y, weighted)
            inside = np.zeros(self.n_pairs, dtype=bool)
            inside[subset] = True
            tol = 1e-7 * max(1.0, float(self.w.max()) + self.bonus)
            add = ~inside & (u > tol)
            if not add.any():
                return lp, res.x, y, True
            subset = np.nonzero(inside | add)[0]
        return lp, res.x, y, False

    def solve_milp(self, weighted: bool, deadline: float, pos, cg, caps: Caps):
        lp = self.build(pos, cg, caps, weighted)
        res = milp(
            lp.c,
            integrality=np.ones(len(lp.c)),
            bounds=Bounds(np.zeros(len(lp.ub)), lp.ub),
            constraints=[LinearConstraint(lp.a, -np.inf, lp.b)] if lp.a.shape[0] else None,
            options={"time_limit": _remaining(deadline), "mip_rel_gap": 0.0},
        )
        if res.x is None:
            return lp, None, None
        return lp, res.x, -float(res.mip_dual_bound) if res.mip_dual_bound is not None else None

    def chosen_from(self, lp: _Lp, x: np.ndarray) -> list[tuple[int, int]]:
        xs = x[: len(lp.pos)]
        on = xs > 0.5
        return list(zip(self.e[lp.pos[on]].tolist(), lp.cg[on].tolist(), strict=True))


def select(board: Board, groups: list[np.ndarray], deadline: float) -> Selection | None:
    """Choose meetings per group.  None means HiGHS ran out of time (use the greedy fallback)."""
    model = GroupModel(board, groups)
    if model.n_pairs == 0:
        return Selection([], 0.0, "empty", 0.0)
    weighted = model.bonus > 0 and bool(model.caps.need.any())
    n_columns = int(model.compat.sum())
    if n_columns <= MILP_MAX_COLUMNS:
        sel = _select_milp(model, weighted, deadline)
        if sel is not None:
            return sel
    return _select_lp(model, weighted, deadline)


def _select_milp(model: GroupModel, weighted: bool, deadline: float) -> Selection | None:
    pos, cg = model.columns(np.arange(model.n_pairs))
    lp, x, dual_bound = model.solve_milp(weighted, deadline, pos, cg, model.caps)
    if x is None:
        return None
    chosen = model.chosen_from(lp, x)
    fair = dual_bound
    if weighted:
        _, x_plain, dual_bound = model.solve_milp(False, deadline, pos, cg, model.caps)
        if x_plain is None:
            dual_bound = None
    if dual_bound is None:
        plain = model.solve_lp(False, deadline)
        if plain is None:
            return None
        dual_bound = model.bound(plain[2])
    return Selection(chosen, dual_bound, "milp", fair)


def _select_lp(model: GroupModel, weighted: bool, deadline: float) -> Selection | None:
    out = model.solve_lp(weighted, deadline)
    if out is None:
        return None
    lp, x, y, converged = out
    notes = [] if converged else ["pricing stopped before convergence"]
    bound = model.bound(y)
    fair = model.fair_bound(y)
    xs = x[: len(lp.pos)]
    value = float(model.w[lp.pos] @ xs)
    if weighted and bound > value + 1e-6 * max(1.0, abs(value)):
        plain = model.solve_lp(False, deadline)
        if plain is not None:
            bound = min(bound, model.bound(plain[2]))
    chosen = _round(model, lp, x, deadline)
    return Selection(chosen, bound, "lp", fair, notes)


def _round(model: GroupModel, lp: _Lp, x: np.ndarray, deadline: float) -> list[tuple[int, int]]:
    """Keep the integral part of an LP solution; settle the fractional part by a small MILP."""
    xs = x[: len(lp.pos)]
    ones = xs > 1 - INT_TOL
    frac = (xs > INT_TOL) & ~ones
    chosen = list(zip(model.e[lp.pos[ones]].tolist(), lp.cg[ones].tolist(), strict=True))
    if not frac.any():
        return chosen
    caps = model.caps
    po, pd, g = model.po[lp.pos[ones]], model.pd[lp.pos[ones]], lp.cg[ones]
    og = caps.og.copy()
    dg = caps.dg.copy()
    np.subtract.at(og, (po, g), 1)
    np.subtract.at(dg, (pd, g), 1)
    lg = None
    if caps.lg is not None:
        lg = caps.lg.copy()
        lang = model.lang_of[po]
        np.subtract.at(lg, (lang[lang >= 0], g[lang >= 0]), 1)
    o_used = np.bincount(po, minlength=len(caps.o))
    d_used = np.bincount(pd, minlength=len(caps.d))
    od = dd = None
    if caps.od is not None:
        od = caps.od.copy()
        dd = caps.dd.copy()
        day = model.gday[g]
        np.subtract.at(od, (po, day), 1)
        np.subtract.at(dd, (pd, day), 1)
    rest = Caps(
        og,
        dg,
        lg,
        caps.o - o_used,
        caps.d - d_used,
        np.clip(caps.need - d_used, 0, None),
        od,
        dd,
    )
    taken = np.zeros(model.n_pairs, dtype=bool)
    taken[lp.pos[ones]] = True
    fpos, fcg = lp.pos[frac], lp.cg[frac]
    keep = ~taken[fpos]
    sub, xf, _ = model.solve_milp(model.bonus > 0, deadline, fpos[keep], fcg[keep], rest)
    if xf is not None:
        chosen += model.chosen_from(sub, xf)
    return chosen
