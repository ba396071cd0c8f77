"""Test helpers: a naive validator, a brute-force optimum and hypothesis strategies.

Everything here is written directly from the rules in docs/optimizer.md, independently of the
optimizer's own code, so the tests compare two readings of the rules.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import strategies as st

LANGS = ("aa", "bb")


def _avail(company: dict, n_slots: int) -> set[int]:
    a = company.get("available")
    return set(range(n_slots)) if a is None else set(a)


def _cap(company: dict, n_slots: int) -> int:
    m = company.get("max_meetings")
    return n_slots if m is None else m


def _day_cap(company: dict, spd: int) -> int:
    m = company.get("max_per_day")
    return spd if m is None else m


def score_table(inst: dict) -> dict[tuple[str, str], float]:
    return {(o, d): s for o, d, s in inst["scores"] if s > 0}


def naive_violations(inst: dict, meetings: list[dict]) -> list[str]:
    n_slots = inst["days"] * inst["slots_per_day"]
    ovs = {c["id"]: c for c in inst["overseas"]}
    dom = {c["id"]: c for c in inst["domestic"]}
    scores = score_table(inst)
    bad = []
    busy: set[tuple[str, int]] = set()
    pairs: set[tuple[str, str]] = set()
    count: Counter[str] = Counter()
    lang_use: Counter[tuple[str, int]] = Counter()
    per_day: Counter[tuple[str, int]] = Counter()
    spd = inst["slots_per_day"]
    for m in meetings:
        o, d, t = m["overseas"], m["domestic"], m["slot"]
        if o not in ovs or d not in dom or not 0 <= t < n_slots:
            bad.append(f"unknown {m}")
            continue
        if (o, d) not in scores:
            bad.append(f"no score {m}")
        if t not in _avail(ovs[o], n_slots) or t not in _avail(dom[d], n_slots):
            bad.append(f"unavailable {m}")
        for key in (("o:" + o, t), ("d:" + d, t)):
            if key in busy:
                bad.append(f"double-booked {m}")
            busy.add(key)
        if (o, d) in pairs:
            bad.append(f"pair twice {m}")
        pairs.add((o, d))
        count["o:" + o] += 1
        count["d:" + d] += 1
        per_day[("o:" + o, t // spd)] += 1
        per_day[("d:" + d, t // spd)] += 1
        if inst.get("interpreters") is not None and ovs[o].get("language"):
            lang_use[(ovs[o]["language"], t)] += 1
    for (who, day), n in per_day.items():
        company = ovs[who[2:]] if who.startswith("o:") else dom[who[2:]]
        if n > _day_cap(company, spd):
            bad.append(f"day cap {who} day {day}")
    for o, c in ovs.items():
        if count["o:" + o] > _cap(c, n_slots):
            bad.append(f"cap {o}")
    for d, c in dom.items():
        if count["d:" + d] > _cap(c, n_slots):
            bad.append(f"cap {d}")
    if inst.get("interpreters") is not None:
        for (lang, t), n in lang_use.items():
            have = sum(
                1 for i in inst["interpreters"] if i["language"] == lang and t in _avail(i, n_slots)
            )
            if n > have:
                bad.append(f"interpreters {lang} slot {t}")
    got = {(m["overseas"], m["domestic"], m["slot"]) for m in meetings}
    for f in inst.get("fixed") or []:
        if (f["overseas"], f["domestic"], f["slot"]) not in got:
            bad.append(f"fixed missing {f}")
    return bad


def fairness_bonus(inst: dict) -> float:
    scores = [s for _, _, s in inst["scores"] if s > 0]
    return inst.get("fairness_weight", 1.0) * (max(scores) if scores else 0)


def fair_value(inst: dict, meetings: list[dict]) -> float:
    scores = score_table(inst)
    count = Counter(m["domestic"] for m in meetings)
    bonus = fairness_bonus(inst)
    extra = sum(min(count[c["id"]], c.get("min_meetings") or 0) for c in inst["domestic"])
    return sum(scores[(m["overseas"], m["domestic"])] for m in meetings) + bonus * extra


def brute_force(inst: dict) -> tuple[float, float]:
    """(best plain score, best score + fairness bonus) over all valid schedules."""
    n_slots = inst["days"] * inst["slots_per_day"]
    ovs = {c["id"]: c for c in inst["overseas"]}
    dom = {c["id"]: c for c in inst["domestic"]}
    scores = score_table(inst)
    pool = inst.get("interpreters")
    have: Counter[tuple[str, int]] = Counter()
    if pool is not None:
        for i in pool:
            for t in _avail(i, n_slots):
                have[(i["language"], t)] += 1
    fixed = inst.get("fixed") or []
    fixed_pairs = {(f["overseas"], f["domestic"]) for f in fixed}
    options = []
    for (o, d), s in sorted(scores.items()):
        if (o, d) in fixed_pairs:
            continue
        slots = sorted(_avail(ovs[o], n_slots) & _avail(dom[d], n_slots))
        if slots:
            options.append((o, d, s, slots))
    busy: set[tuple[str, int]] = set()
    count: Counter[str] = Counter()
    lang_use: Counter[tuple[str, int]] = Counter()
    caps = {"o:" + o: _cap(c, n_slots) for o, c in ovs.items()}
    caps.update({"d:" + d: _cap(c, n_slots) for d, c in dom.items()})
    spd = inst["slots_per_day"]
    day_caps = {"o:" + o: _day_cap(c, spd) for o, c in ovs.items()}
    day_caps.update({"d:" + d: _day_cap(c, spd) for d, c in dom.items()})
    day_use: Counter[tuple[str, int]] = Counter()
    mins = {d: c.get("min_meetings") or 0 for d, c in dom.items()}
    bonus = fairness_bonus(inst)

    def fits(o: str, d: str, t: int) -> bool:
        if ("o:" + o, t) in busy or ("d:" + d, t) in busy:
            return False
        if count["o:" + o] >= caps["o:" + o] or count["d:" + d] >= caps["d:" + d]:
            return False
        if any(day_use[(k, t // spd)] >= day_caps[k] for k in ("o:" + o, "d:" + d)):
            return False
        lang = ovs[o].get("language")
        return not (pool is not None and lang and lang_use[(lang, t)] >= have[(lang, t)])

    def book(o: str, d: str, t: int, sign: int) -> None:
        if sign > 0:
            busy.update((("o:" + o, t), ("d:" + d, t)))
        else:
            busy.difference_update((("o:" + o, t), ("d:" + d, t)))
        count["o:" + o] += sign
        count["d:" + d] += sign
        day_use[("o:" + o, t // spd)] += sign
        day_use[("d:" + d, t // spd)] += sign
        lang = ovs[o].get("language")
        if pool is not None and lang:
            lang_use[(lang, t)] += sign

    base = 0.0
    for f in fixed:
        assert fits(f["overseas"], f["domestic"], f["slot"]), "generated fixed meetings clash"
        book(f["overseas"], f["domestic"], f["slot"], 1)
        base += scores[(f["overseas"], f["domestic"])]
    best = [float("-inf"), float("-inf")]

    def rec(i: int, value: float) -> None:
        if i == len(options):
            fair = value + bonus * sum(min(count["d:" + d], k) for d, k in mins.items())
            best[0] = max(best[0], value)
            best[1] = max(best[1], fair)
            return
        rec(i + 1, value)
        o, d, s, slots = options[i]
        for t in slots:
            if fits(o, d, t):
                book(o, d, t, 1)
                rec(i + 1, value + s)
                book(o, d, t, -1)

    rec(0, base)
    return best[0], best[1]


# -- hypothesis strategies -------------------------------------------------------------------


@st.composite
def instances(
    draw,
    max_overseas: int = 3,
    max_domestic: int = 3,
    max_days: int = 2,
    max_spd: int = 2,
    max_pairs: int | None = None,
    floats: bool = False,
    fairness: bool = True,
):
    days = draw(st.integers(1, max_days))
    spd = draw(st.integers(1, max_spd))
    n_slots = days * spd
    slot_lists = st.none() | st.lists(st.integers(0, n_slots - 1), unique=True, max_size=n_slots)
    n_o = draw(st.integers(1, max_overseas))
    n_d = draw(st.integers(1, max_domestic))
    use_pool = draw(st.booleans())
    overseas = []
    for i in range(n_o):
        c = {"id": f"O{i}"}
        a = draw(slot_lists)
        if a is not None:
            c["available"] = sorted(a)
        m = draw(st.none() | st.integers(0, n_slots))
        if m is not None:
            c["max_meetings"] = m
        k = draw(st.none() | st.integers(0, spd))
        if k is not None:
            c["max_per_day"] = k
        lang = draw(st.sampled_from((None, *LANGS)))
        if lang:
            c["language"] = lang
        overseas.append(c)
    domestic = []
    for i in range(n_d):
        c = {"id": f"D{i}"}
        a = draw(slot_lists)
        if a is not None:
            c["available"] = sorted(a)
        m = draw(st.none() | st.integers(0, n_slots))
        if m is not None:
            c["max_meetings"] = m
        k = draw(st.none() | st.integers(0, spd))
        if k is not None:
            c["max_per_day"] = k
        if fairness:
            k = draw(st.integers(0, 2))
            if k:
                c["min_meetings"] = k
        domestic.append(c)
    values = st.sampled_from((0, 1, 2, 3, 5, 8, 13))
    if floats:
        values = st.sampled_from((0.0, 0.5, 1.25, 2.0, 3.75, 7.5))
    scores = []
    for o in overseas:
        for d in domestic:
            if draw(st.booleans()) or draw(st.booleans()):
                scores.append([o["id"], d["id"], draw(values)])
    if max_pairs is not None:
        scores = scores[:max_pairs]
    inst = {
        "days": days,
        "slots_per_day": spd,
        "overseas": overseas,
        "domestic": domestic,
        "scores": scores,
    }
    if use_pool:
        pool = []
        for _ in range(draw(st.integers(0, 3))):
            it = {"language": draw(st.sampled_from(LANGS))}
            a = draw(slot_lists)
            if a is not None:
                it["available"] = sorted(a)
            pool.append(it)
        inst["interpreters"] = pool
    if fairness:
        fw = draw(st.sampled_from((None, 0, 0.5, 1.0, 3.0)))
        if fw is not None:
            inst["fairness_weight"] = fw
    else:
        inst["fairness_weight"] = 0
    # a few fixed meetings, each kept only if the instance stays valid
    fixed: list[dict] = []
    positive = [(o, d) for o, d, s in scores if s > 0]
    for _ in range(draw(st.integers(0, 2))):
        if not positive:
            break
        o, d = draw(st.sampled_from(positive))
        t = draw(st.integers(0, n_slots - 1))
        m = {"overseas": o, "domestic": d, "slot": t}
        if not naive_violations(inst, [*fixed, m]):
            fixed.append(m)
    if fixed:
        inst["fixed"] = fixed
    return inst
