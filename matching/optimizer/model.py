"""Parsing and validation of optimizer instances.

`parse_instance` turns the JSON-shaped instance dict into a `Problem`: numpy arrays indexed by
company position, with every input rule checked.  Every error is an `InvalidInstance` whose
message names the offending entry, e.g. ``scores[17]: unknown domestic id "JP-999"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_FAIRNESS_WEIGHT = 1.0
DEFAULT_TIME_LIMIT = 60.0  # seconds
MAX_SCORE = 10**12
MAX_SLOTS = 10_000  # days * slots_per_day; far beyond any programme, keeps memory in check


class OptimizerError(Exception):
    """Base class of the errors the optimizer raises on purpose."""


class InvalidInstance(OptimizerError, ValueError):
    """The instance (or a previous schedule) breaks the input format; the message says where."""


@dataclass(frozen=True, eq=False)
class Problem:
    """A validated instance.  Companies are numbered by their position in the input lists.

    Pairs are the score entries with a positive score, sorted by (overseas, domestic) index;
    ``pair_key = overseas * n_domestic + domestic`` is strictly increasing.
    """

    days: int
    slots_per_day: int
    overseas: tuple[str, ...]
    domestic: tuple[str, ...]
    o_avail: np.ndarray  # (n_overseas, n_slots) bool
    d_avail: np.ndarray  # (n_domestic, n_slots) bool
    o_cap: np.ndarray  # int64: min(max_meetings, number of available slots)
    d_cap: np.ndarray
    d_min: np.ndarray  # int64 min_meetings
    o_day_cap: np.ndarray  # int64 max_per_day (slots_per_day when not given)
    d_day_cap: np.ndarray
    o_lang: np.ndarray  # int64 index into `languages`, -1 when no language is given
    languages: tuple[str, ...]
    interp: np.ndarray | None  # (n_languages, n_slots) int64 interpreters available; None = no pool
    pair_o: np.ndarray
    pair_d: np.ndarray
    pair_key: np.ndarray
    pair_w: np.ndarray  # float64 scores (all > 0)
    pair_val: np.ndarray  # the scores as given: int64 when `int_scores`, else float64
    int_scores: bool
    fixed: tuple[tuple[int, int, int, int], ...]  # (overseas, domestic, slot, pair index)
    fairness_weight: float

    @property
    def n_slots(self) -> int:
        return self.days * self.slots_per_day

    @property
    def has_day_caps(self) -> bool:
        """True when some company may meet fewer times a day than there are slots in a day."""
        spd = self.slots_per_day
        return bool((self.o_day_cap < spd).any() or (self.d_day_cap < spd).any())

    def day_rows(self) -> np.ndarray | None:
        """(1, n_slots) day number of each slot when day caps matter (for slot groups)."""
        if not self.has_day_caps:
            return None
        return np.repeat(np.arange(self.days, dtype=np.int64), self.slots_per_day)[None, :]

    @property
    def max_score(self) -> float:
        return float(self.pair_w.max()) if self.pair_w.size else 0.0

    @property
    def fairness_bonus(self) -> float:
        """Bonus (in score units) for each meeting a domestic company gets up to its minimum."""
        return self.fairness_weight * self.max_score

    def pair_index(self, o, d):
        """Index of pair (o, d) in the pair arrays, or -1; vectorised over numpy arrays."""
        key = np.asarray(o, dtype=np.int64) * len(self.domestic) + np.asarray(d, dtype=np.int64)
        if not self.pair_key.size:
            return np.full(key.shape, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.pair_key, key), len(self.pair_key) - 1)
        return np.where(self.pair_key[pos] == key, pos, -1)

    def total(self, pairs) -> int | float:
        """Sum of the scores of the given pair indices, as a plain number."""
        idx = np.asarray(list(pairs), dtype=np.int64)
        if self.int_scores:
            return int(self.pair_val[idx].sum()) if idx.size else 0
        return float(math.fsum(self.pair_val[idx].tolist())) if idx.size else 0.0


def _is_int(x) -> bool:
    return type(x) is int  # bool is excluded on purpose


def _is_number(x) -> bool:
    return (type(x) is int or type(x) is float) and math.isfinite(x)


def _require(obj: dict, key: str, where: str):
    if key not in obj:
        raise InvalidInstance(f'{where}: missing required key "{key}"')
    return obj[key]


def _positive_int(obj: dict, key: str, where: str) -> int:
    value = _require(obj, key, where)
    if not _is_int(value) or value < 1:
        raise InvalidInstance(f'{where}: "{key}" must be a positive integer, got {value!r}')
    return value


def _slots(value, where: str, n_slots: int, what: str = "available") -> np.ndarray:
    row = np.zeros(n_slots, dtype=bool)
    if value is None:
        row[:] = True
        return row
    if not isinstance(value, list):
        raise InvalidInstance(f"{where}: {what} must be a list of slot numbers, got {value!r}")
    for slot in value:
        if not _is_int(slot):
            raise InvalidInstance(f"{where}: {what} slot {slot!r} is not an integer")
        if not 0 <= slot < n_slots:
            raise InvalidInstance(f"{where}: {what} slot {slot} out of range 0..{n_slots - 1}")
        row[slot] = True
    return row


def _cap(entry: dict, key: str, where: str, default: int) -> int:
    value = entry.get(key)
    if value is None:
        return default
    if not _is_int(value) or value < 0:
        raise InvalidInstance(f"{where}: {key} must be a non-negative integer, got {value!r}")
    return value


def _companies(data: dict, key: str, n_slots: int, slots_per_day: int):
    raw = _require(data, key, "instance")
    if not isinstance(raw, list):
        raise InvalidInstance(f'instance: "{key}" must be a list, got {type(raw).__name__}')
    ids: list[str] = []
    index: dict[str, int] = {}
    avail = np.zeros((len(raw), n_slots), dtype=bool)
    caps = np.zeros(len(raw), dtype=np.int64)
    mins = np.zeros(len(raw), dtype=np.int64)
    day_caps = np.full(len(raw), slots_per_day, dtype=np.int64)
    langs: list[str | None] = []
    for i, entry in enumerate(raw):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise InvalidInstance(f"{where}: expected an object, got {type(entry).__name__}")
        cid = _require(entry, "id", where)
        if not isinstance(cid, str) or not cid:
            raise InvalidInstance(f"{where}: id must be a non-empty string, got {cid!r}")
        where = f'{key}[{i}] "{cid}"'
        if cid in index:
            raise InvalidInstance(f"{where}: duplicate id (also {key}[{index[cid]}])")
        index[cid] = i
        ids.append(cid)
        avail[i] = _slots(entry.get("available"), where, n_slots)
        caps[i] = min(_cap(entry, "max_meetings", where, n_slots), int(avail[i].sum()))
        day_caps[i] = min(_cap(entry, "max_per_day", where, slots_per_day), slots_per_day)
        if key == "domestic":
            mins[i] = _cap(entry, "min_meetings", where, 0)
        else:
            lang = entry.get("language")
            if lang is not None and (not isinstance(lang, str) or not lang):
                raise InvalidInstance(f"{where}: language must be a non-empty string, got {lang!r}")
            langs.append(lang)
    return ids, index, avail, caps, mins, day_caps, langs


def _score_entries_slow(raw: list, o_index: dict, d_index: dict):
    """Entry-by-entry check that names the first bad entry (used when the fast path fails)."""
    po, pd, vals = [], [], []
    for i, entry in enumerate(raw):
        if type(entry) is not list or len(entry) != 3:
            raise InvalidInstance(
                f"scores[{i}]: expected [overseas id, domestic id, score], got {entry!r}"
            )
        o, d, s = entry
        if type(o) is not str:
            raise InvalidInstance(f"scores[{i}]: overseas id must be a string, got {o!r}")
        if type(d) is not str:
            raise InvalidInstance(f"scores[{i}]: domestic id must be a string, got {d!r}")
        oi = o_index.get(o)
        if oi is None:
            raise InvalidInstance(f'scores[{i}]: unknown overseas id "{o}"')
        di = d_index.get(d)
        if di is None:
            raise InvalidInstance(f'scores[{i}]: unknown domestic id "{d}"')
        if not ((type(s) is int or type(s) is float) and abs(s) <= MAX_SCORE):
            raise InvalidInstance(
                f"scores[{i}]: score must be a finite number of at most {MAX_SCORE:g}, got {s!r}"
            )
        po.append(oi)
        pd.append(di)
        vals.append(s)
    return po, pd, vals


def _score_entries(raw: list, o_index: dict, d_index: dict):
    """Fast vectorised-ish pass over the score entries; falls back to the slow one on trouble."""
    if not raw:
        return [], [], []
    if set(map(type, raw)) == {list} and set(map(len, raw)) == {3}:
        os_ = [e[0] for e in raw]
        ds_ = [e[1] for e in raw]
        vals = [e[2] for e in raw]
        if set(map(type, os_)) == {str} and set(map(type, ds_)) == {str}:
            po = list(map(o_index.get, os_))
            pd = list(map(d_index.get, ds_))
            types = set(map(type, vals))
            if None not in po and None not in pd and types <= {int, float}:
                try:
                    arr = np.asarray(vals, dtype=np.float64)
                except OverflowError:
                    arr = np.full(1, np.inf)
                if (np.abs(arr) <= MAX_SCORE).all():  # also rejects NaN and infinities
                    return po, pd, vals
    return _score_entries_slow(raw, o_index, d_index)


def _scores(data: dict, o_index: dict, d_index: dict, n_domestic: int):
    raw = _require(data, "scores", "instance")
    if not isinstance(raw, list):
        raise InvalidInstance(f'instance: "scores" must be a list, got {type(raw).__name__}')
    po, pd, vals = _score_entries(raw, o_index, d_index)
    keys = np.asarray(po, dtype=np.int64) * n_domestic + np.asarray(pd, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    clash = sorted_keys[1:] == sorted_keys[:-1]
    if clash.any():
        second = int(order[1:][clash].min())
        first = int(np.nonzero(keys == keys[second])[0][0])
        o, d = raw[second][0], raw[second][1]
        raise InvalidInstance(
            f'scores[{second}]: duplicate pair "{o}"/"{d}" (also scores[{first}])'
        )
    all_int = float not in set(map(type, vals)) or not any(type(v) is float and v > 0 for v in vals)
    if all_int and float not in set(map(type, vals)):
        val = np.asarray(vals, dtype=np.int64)
    elif all_int:
        val = np.fromiter(
            (v if type(v) is int else 0 for v in vals), dtype=np.int64, count=len(vals)
        )
    else:
        val = np.asarray(vals, dtype=np.float64)
    val = val[order]
    positive = val > 0
    keep = order[positive]
    return (
        np.asarray(po, dtype=np.int64)[keep],
        np.asarray(pd, dtype=np.int64)[keep],
        sorted_keys[positive],
        val[positive],
        all_int,
    )


def parse_instance(data) -> Problem:
    """Validate an instance dict and build a `Problem`; raise `InvalidInstance` on any error."""
    if not isinstance(data, dict):
        raise InvalidInstance(f"instance: expected a JSON object, got {type(data).__name__}")
    days = _positive_int(data, "days", "instance")
    spd = _positive_int(data, "slots_per_day", "instance")
    n_slots = days * spd
    if n_slots > MAX_SLOTS:
        raise InvalidInstance(
            f"instance: days * slots_per_day = {n_slots} exceeds the limit of {MAX_SLOTS} slots"
        )
    o_ids, o_index, o_avail, o_cap, _, o_day, o_langs = _companies(data, "overseas", n_slots, spd)
    d_ids, d_index, d_avail, d_cap, d_min, d_day, _ = _companies(data, "domestic", n_slots, spd)

    raw_interp = data.get("interpreters")
    interp_rows: list[tuple[str, np.ndarray]] = []
    if raw_interp is not None:
        if not isinstance(raw_interp, list):
            raise InvalidInstance(
                f'instance: "interpreters" must be a list, got {type(raw_interp).__name__}'
            )
        for i, entry in enumerate(raw_interp):
            where = f"interpreters[{i}]"
            if not isinstance(entry, dict):
                raise InvalidInstance(f"{where}: expected an object, got {type(entry).__name__}")
            lang = _require(entry, "language", where)
            if not isinstance(lang, str) or not lang:
                raise InvalidInstance(f"{where}: language must be a non-empty string, got {lang!r}")
            interp_rows.append((lang, _slots(entry.get("available"), where, n_slots)))
    languages = tuple(sorted({x for x in o_langs if x} | {lang for lang, _ in interp_rows}))
    lang_index = {lang: i for i, lang in enumerate(languages)}
    o_lang = np.asarray([lang_index[x] if x else -1 for x in o_langs], dtype=np.int64)
    interp = None
    if raw_interp is not None:
        interp = np.zeros((len(languages), n_slots), dtype=np.int64)
        for lang, row in interp_rows:
            interp[lang_index[lang]] += row

    fw = data.get("fairness_weight", DEFAULT_FAIRNESS_WEIGHT)
    if fw is None:
        fw = DEFAULT_FAIRNESS_WEIGHT
    if not _is_number(fw) or fw < 0:
        raise InvalidInstance(
            f"instance: fairness_weight must be a non-negative number, got {fw!r}"
        )

    pair_o, pair_d, pair_key, pair_val, int_scores = _scores(data, o_index, d_index, len(d_ids))
    problem = Problem(
        days=days,
        slots_per_day=spd,
        overseas=tuple(o_ids),
        domestic=tuple(d_ids),
        o_avail=o_avail,
        d_avail=d_avail,
        o_cap=o_cap,
        d_cap=d_cap,
        d_min=d_min,
        o_day_cap=o_day,
        d_day_cap=d_day,
        o_lang=o_lang,
        languages=languages,
        interp=interp,
        pair_o=pair_o,
        pair_d=pair_d,
        pair_key=pair_key,
        pair_w=pair_val.astype(np.float64),
        pair_val=pair_val,
        int_scores=int_scores,
        fixed=(),
        fairness_weight=float(fw),
    )
    fixed = _fixed(data, problem, o_index, d_index)
    object.__setattr__(problem, "fixed", fixed)
    return problem


def parse_meetings(raw, where: str, o_index: dict, d_index: dict, n_slots: int | None):
    """Parse a list of {"overseas", "domestic", "slot"} objects into (o, d, slot, label) tuples.

    Unknown ids are an error unless `n_slots` is None (previous schedules may name companies
    that have since left; those come back with index -1).
    """
    if not isinstance(raw, list):
        raise InvalidInstance(f"{where}: must be a list, got {type(raw).__name__}")
    out = []
    for i, entry in enumerate(raw):
        label = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise InvalidInstance(f"{label}: expected an object, got {type(entry).__name__}")
        o = _require(entry, "overseas", label)
        d = _require(entry, "domestic", label)
        slot = _require(entry, "slot", label)
        if not isinstance(o, str):
            raise InvalidInstance(f"{label}: overseas id must be a string, got {o!r}")
        if not isinstance(d, str):
            raise InvalidInstance(f"{label}: domestic id must be a string, got {d!r}")
        if not _is_int(slot):
            raise InvalidInstance(f"{label}: slot must be an integer, got {slot!r}")
        oi = o_index.get(o, -1)
        di = d_index.get(d, -1)
        if n_slots is not None:
            if oi < 0:
                raise InvalidInstance(f'{label}: unknown overseas id "{o}"')
            if di < 0:
                raise InvalidInstance(f'{label}: unknown domestic id "{d}"')
            if not 0 <= slot < n_slots:
                raise InvalidInstance(f"{label}: slot {slot} out of range 0..{n_slots - 1}")
        out.append((oi, di, slot, label, o, d))
    return out


def parse_previous(previous, p: Problem) -> list[tuple[int, int, int]]:
    """Previous meetings as (overseas, domestic, slot); unknown companies get index -1."""
    if not isinstance(previous, dict):
        raise InvalidInstance(f"previous: expected a JSON object, got {type(previous).__name__}")
    if "meetings" not in previous:
        raise InvalidInstance('previous: missing required key "meetings"')
    o_index = {c: i for i, c in enumerate(p.overseas)}
    d_index = {c: i for i, c in enumerate(p.domestic)}
    raw = parse_meetings(previous["meetings"], "previous.meetings", o_index, d_index, None)
    return [(oi, di, t) for oi, di, t, *_ in raw]


def _fixed(data: dict, p: Problem, o_index: dict, d_index: dict):
    raw = data.get("fixed")
    if raw is None:
        return ()
    entries = parse_meetings(raw, "fixed", o_index, d_index, p.n_slots)
    busy: dict[tuple[str, int, int], str] = {}
    pairs: dict[int, str] = {}
    o_count = np.zeros(len(p.overseas), dtype=np.int64)
    d_count = np.zeros(len(p.domestic), dtype=np.int64)
    lang_used: dict[tuple[int, int], int] = {}
    per_day: dict[tuple[str, int, int], int] = {}
    out = []
    for oi, di, slot, label, o, d in entries:
        if not p.o_avail[oi, slot]:
            raise InvalidInstance(f'{label}: overseas "{o}" is not available in slot {slot}')
        if not p.d_avail[di, slot]:
            raise InvalidInstance(f'{label}: domestic "{d}" is not available in slot {slot}')
        e = int(p.pair_index(oi, di))
        if e < 0:
            raise InvalidInstance(f'{label}: pair "{o}"/"{d}" has no positive score')
        if e in pairs:
            raise InvalidInstance(f'{label}: pair "{o}"/"{d}" is already fixed in {pairs[e]}')
        pairs[e] = label
        for kind, idx, name in (("overseas", oi, o), ("domestic", di, d)):
            other = busy.get((kind, idx, slot))
            if other is not None:
                raise InvalidInstance(
                    f'{label}: {kind} "{name}" already meets in slot {slot} ({other})'
                )
            busy[(kind, idx, slot)] = label
        o_count[oi] += 1
        d_count[di] += 1
        if o_count[oi] > p.o_cap[oi]:
            raise InvalidInstance(
                f'{label}: overseas "{o}" has more fixed meetings than its maximum'
            )
        if d_count[di] > p.d_cap[di]:
            raise InvalidInstance(
                f'{label}: domestic "{d}" has more fixed meetings than its maximum'
            )
        day = slot // p.slots_per_day
        for kind, idx, name, caps in (
            ("overseas", oi, o, p.o_day_cap),
            ("domestic", di, d, p.d_day_cap),
        ):
            n = per_day[(kind, idx, day)] = per_day.get((kind, idx, day), 0) + 1
            if n > caps[idx]:
                raise InvalidInstance(
                    f'{label}: {kind} "{name}" has more fixed meetings on day {day} '
                    f"than its max_per_day {int(caps[idx])}"
                )
        lang = int(p.o_lang[oi])
        if p.interp is not None and lang >= 0:
            used = lang_used.get((lang, slot), 0) + 1
            if used > p.interp[lang, slot]:
                raise InvalidInstance(
                    f'{label}: no free "{p.languages[lang]}" interpreter in slot {slot}'
                )
            lang_used[(lang, slot)] = used
        out.append((oi, di, slot, e))
    return tuple(sorted(out))
