"""The mutable state of a schedule under construction.

Free slots are kept as Python integers used as bit sets (bit t set = slot t free), which makes
"is there a common free slot?" a single `&` even for large instances.
"""

from __future__ import annotations

import numpy as np

from .model import Problem


def rows_to_masks(rows: np.ndarray) -> list[int]:
    """Bool matrix (n, T) -> list of n ints with bit t set where rows[i, t]."""
    if rows.shape[0] == 0:
        return []
    packed = np.packbits(rows.astype(bool), axis=1, bitorder="little")
    return [int.from_bytes(r.tobytes(), "little") for r in packed]


def masks_to_rows(masks: list[int], n_slots: int) -> np.ndarray:
    """Inverse of `rows_to_masks`."""
    n_bytes = (n_slots + 7) // 8
    if not masks:
        return np.zeros((0, n_slots), dtype=bool)
    buf = b"".join(m.to_bytes(n_bytes, "little") for m in masks)
    packed = np.frombuffer(buf, dtype=np.uint8).reshape(len(masks), n_bytes)
    return np.unpackbits(packed, axis=1, bitorder="little", count=n_slots).astype(bool)


def lowest_slot(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


class Board:
    """Meetings placed so far plus what is left: free slots, caps and interpreters."""

    def __init__(self, problem: Problem):
        p = problem
        self.p = p
        self.n_slots = p.n_slots
        self.o_free = rows_to_masks(p.o_avail)
        self.d_free = rows_to_masks(p.d_avail)
        self.o_left = p.o_cap.tolist()
        self.d_left = p.d_cap.tolist()
        self.d_count = [0] * len(p.domestic)
        self.d_min = p.d_min.tolist()
        self.pair_o = p.pair_o.tolist()
        self.pair_d = p.pair_d.tolist()
        self.o_lang = p.o_lang.tolist()
        if p.interp is None:
            self.lang_left = None
            self.lang_free = None
        else:
            self.lang_left = p.interp.tolist()
            self.lang_free = rows_to_masks(p.interp > 0)
        self.slot: dict[int, int] = {}  # pair index -> slot
        # per-day caps: meetings left per company and day; `*_block` masks the slots of the
        # days where a company has reached its cap (all zero when no cap is given)
        spd = p.slots_per_day
        self.spd = spd
        self.day_mask = [((1 << spd) - 1) << (day * spd) for day in range(p.days)]
        self.o_day_left = [[int(c)] * p.days for c in p.o_day_cap.tolist()]
        self.d_day_left = [[int(c)] * p.days for c in p.d_day_cap.tolist()]
        self.o_block = [self._blocked(row) for row in self.o_day_left]
        self.d_block = [self._blocked(row) for row in self.d_day_left]

    def _blocked(self, day_left: list[int]) -> int:
        m = 0
        for day, left in enumerate(day_left):
            if left <= 0:
                m |= self.day_mask[day]
        return m

    # -- queries -----------------------------------------------------------------------------
    def o_usable(self, o: int) -> int:
        """Slots where overseas `o` is free, below its day cap and (if needed) has an
        interpreter."""
        m = self.o_free[o] & ~self.o_block[o]
        if self.lang_free is not None and self.o_lang[o] >= 0:
            m &= self.lang_free[self.o_lang[o]]
        return m

    def d_usable(self, d: int) -> int:
        """Slots where domestic `d` is free and below its day cap."""
        return self.d_free[d] & ~self.d_block[d]

    def common(self, e: int) -> int:
        """Slots where pair `e` could meet now (ignoring the total caps)."""
        return self.o_usable(self.pair_o[e]) & self.d_usable(self.pair_d[e])

    def can_add(self, e: int) -> bool:
        o, d = self.pair_o[e], self.pair_d[e]
        return e not in self.slot and self.o_left[o] > 0 and self.d_left[d] > 0

    def score(self):
        return self.p.total(self.slot)

    def meetings(self) -> list[tuple[int, int, int, int]]:
        """Sorted (slot, overseas, domestic, pair) tuples."""
        return sorted((t, self.pair_o[e], self.pair_d[e], e) for e, t in self.slot.items())

    # -- updates -----------------------------------------------------------------------------
    def add(self, e: int, t: int) -> None:
        o, d = self.pair_o[e], self.pair_d[e]
        bit = 1 << t
        if e in self.slot or not (self.common(e) & bit):
            raise AssertionError(f"internal: pair {e} cannot meet in slot {t}")
        if self.o_left[o] <= 0 or self.d_left[d] <= 0:
            raise AssertionError(f"internal: pair {e} exceeds a cap")
        self.slot[e] = t
        self.o_free[o] &= ~bit
        self.d_free[d] &= ~bit
        self.o_left[o] -= 1
        self.d_left[d] -= 1
        self.d_count[d] += 1
        day = t // self.spd
        self.o_day_left[o][day] -= 1
        if self.o_day_left[o][day] <= 0:
            self.o_block[o] |= self.day_mask[day]
        self.d_day_left[d][day] -= 1
        if self.d_day_left[d][day] <= 0:
            self.d_block[d] |= self.day_mask[day]
        if self.lang_left is not None and self.o_lang[o] >= 0:
            row = self.lang_left[self.o_lang[o]]
            row[t] -= 1
            if row[t] == 0:
                self.lang_free[self.o_lang[o]] &= ~bit

    def remove(self, e: int) -> int:
        t = self.slot.pop(e)
        o, d = self.pair_o[e], self.pair_d[e]
        bit = 1 << t
        self.o_free[o] |= bit
        self.d_free[d] |= bit
        self.o_left[o] += 1
        self.d_left[d] += 1
        self.d_count[d] -= 1
        day = t // self.spd
        self.o_day_left[o][day] += 1
        if self.o_day_left[o][day] > 0:
            self.o_block[o] &= ~self.day_mask[day]
        self.d_day_left[d][day] += 1
        if self.d_day_left[d][day] > 0:
            self.d_block[d] &= ~self.day_mask[day]
        if self.lang_left is not None and self.o_lang[o] >= 0:
            self.lang_left[self.o_lang[o]][t] += 1
            self.lang_free[self.o_lang[o]] |= bit
        return t

    # -- array views for the LP stages -----------------------------------------------------------
    def usable_arrays(self):
        """(o_usable, d_free, lang_left) as numpy arrays; lang_left is None without a pool."""
        n = self.n_slots
        o_rows = masks_to_rows([self.o_usable(o) for o in range(len(self.o_free))], n)
        d_rows = masks_to_rows([self.d_usable(d) for d in range(len(self.d_free))], n)
        return o_rows, d_rows, self.lang_array()

    def day_left_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(n_overseas, days) and (n_domestic, days) meetings left under the day caps."""
        p = self.p
        o = np.asarray(self.o_day_left, dtype=np.int64).reshape(len(p.overseas), p.days)
        d = np.asarray(self.d_day_left, dtype=np.int64).reshape(len(p.domestic), p.days)
        return np.clip(o, 0, None), np.clip(d, 0, None)

    def lang_array(self) -> np.ndarray | None:
        """(n_languages, n_slots) free interpreters, or None without a pool."""
        if self.lang_left is None:
            return None
        arr = np.asarray(self.lang_left, dtype=np.int64)
        return arr.reshape(len(self.lang_left), self.n_slots)

    def has_common(self, pairs: np.ndarray) -> np.ndarray:
        """Vectorised `common(e) != 0` for an array of pair indices."""
        ow = masks_to_words([self.o_usable(o) for o in range(len(self.o_free))], self.n_slots)
        dw = masks_to_words([self.d_usable(d) for d in range(len(self.d_free))], self.n_slots)
        p = self.p
        return (ow[p.pair_o[pairs]] & dw[p.pair_d[pairs]]).any(axis=1)

    def d_need(self) -> np.ndarray:
        """Meetings each domestic company still lacks to reach its minimum (0 if none)."""
        need = np.asarray(self.d_min, dtype=np.int64) - np.asarray(self.d_count, dtype=np.int64)
        return np.clip(np.minimum(need, np.asarray(self.d_left, dtype=np.int64)), 0, None)


def masks_to_words(masks: list[int], n_slots: int) -> np.ndarray:
    """Masks -> (n, W) uint64 words, for vectorised "any common slot" tests."""
    rows = masks_to_rows(masks, n_slots)
    return rows_to_words(rows)


def rows_to_words(rows: np.ndarray) -> np.ndarray:
    n, t = rows.shape
    n_words = max(1, (t + 63) // 64)
    padded = np.zeros((n, n_words * 64), dtype=bool)
    padded[:, :t] = rows
    packed = np.packbits(padded, axis=1, bitorder="little")
    return packed.view("<u8").reshape(n, n_words)
