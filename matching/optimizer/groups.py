"""Slot groups: the partition of slots the selection model counts capacity over.

An *atom* is a maximal set of slots that look the same to everybody: every company is either
free in all of them or in none, and every language has the same number of free interpreters
in each.  Inside an atom, a set of meetings in which no company has more meetings than the
atom has slots (and no language more than its interpreters times the slots) can always be
spread over the slots (see docs/optimizer.md), so counting per atom loses nothing.  When
there are too many atoms, coarser groups (whole days) are used; then the count is only a
relaxation and placement may have to drop a few meetings.
"""

from __future__ import annotations

import numpy as np


def atoms(*matrices: np.ndarray | None) -> list[np.ndarray]:
    """Group slots whose columns are identical in all the given (rows x slots) matrices."""
    mats = [np.asarray(m, dtype=np.int64) for m in matrices if m is not None and m.shape[0]]
    n_slots = next((m.shape[1] for m in matrices if m is not None), 0)
    if not mats:
        return [np.arange(n_slots)]
    sig = np.vstack(mats).T
    _, first, inverse = np.unique(sig, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(first, kind="stable")
    return [np.nonzero(inverse == k)[0] for k in order]


def days(days: int, slots_per_day: int) -> list[np.ndarray]:
    return [np.arange(d * slots_per_day, (d + 1) * slots_per_day) for d in range(days)]


def group_matrix(groups: list[np.ndarray], n_slots: int) -> np.ndarray:
    """(n_groups, n_slots) bool membership matrix."""
    gm = np.zeros((len(groups), n_slots), dtype=bool)
    for g, slots in enumerate(groups):
        gm[g, slots] = True
    return gm
