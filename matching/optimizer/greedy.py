"""Greedy scheduling: the baseline, the time-limit fallback and the final fill-up step.

`fill` walks through the pairs best score first and books each into its earliest common free
slot.  When domestic companies have minimum meetings and fairness counts, a first pass serves
only companies still below their minimum.
"""

from __future__ import annotations

import numpy as np

from .board import Board, lowest_slot


def _score_order(board: Board) -> list[int]:
    p = board.p
    idx = np.arange(len(p.pair_w))
    # only pairs whose companies both still have room (rooms only shrink while filling)
    o_left = np.asarray(board.o_left)
    d_left = np.asarray(board.d_left)
    idx = idx[(o_left[p.pair_o[idx]] > 0) & (d_left[p.pair_d[idx]] > 0)]
    # stable sort on -score keeps the (overseas, domestic) order among equal scores
    return idx[np.argsort(-p.pair_w[idx], kind="stable")].tolist()


def fill(board: Board) -> int:
    """Add meetings greedily wherever two companies still have room; return how many."""
    order = _score_order(board)
    added = 0
    passes = (True, False) if board.p.fairness_weight > 0 and any(board.d_min) else (False,)
    pair_o, pair_d = board.pair_o, board.pair_d
    o_left, d_left, d_count, d_min = board.o_left, board.d_left, board.d_count, board.d_min
    slot = board.slot
    for fair_only in passes:
        for e in order:
            o = pair_o[e]
            d = pair_d[e]
            if o_left[o] <= 0 or d_left[d] <= 0 or e in slot:
                continue
            if fair_only and d_count[d] >= d_min[d]:
                continue
            m = board.common(e)
            if m:
                board.add(e, lowest_slot(m))
                added += 1
    return added


def cheap_bound(board: Board) -> float:
    """A quick valid bound on the score still obtainable from `board`.

    Every domestic company can add at most `d_left` meetings, each with a different partner it
    can still meet, so the sum of its best `d_left` remaining scores bounds its gain; the same
    holds for overseas companies.  The smaller of the two sums is returned.
    """
    p = board.p
    if not len(p.pair_w):
        return 0.0
    o_left = np.asarray(board.o_left)
    d_left = np.asarray(board.d_left)
    met = np.zeros(len(p.pair_w), dtype=bool)
    if board.slot:
        met[list(board.slot)] = True
    live = ~met & (o_left[p.pair_o] > 0) & (d_left[p.pair_d] > 0)
    idx = np.nonzero(live)[0]
    if idx.size:
        idx = idx[board.has_common(idx)]
    if not idx.size:
        return 0.0
    w = p.pair_w[idx]
    sides = []
    for owner, left in ((p.pair_d[idx], d_left), (p.pair_o[idx], o_left)):
        order = np.lexsort((-w, owner))
        own = owner[order]
        start = np.searchsorted(own, own, side="left")
        rank = np.arange(len(own)) - start
        sides.append(float(w[order][rank < left[own]].sum()))
    return min(sides)
