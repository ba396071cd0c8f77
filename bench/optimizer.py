"""Benchmark of matching.optimizer on generated instances (fixed seeds).

Run from the repository root:

    .venv/bin/python bench/optimizer.py                 # all sizes, all variants, repairs
    .venv/bin/python bench/optimizer.py --sizes S,M,L   # a subset
    .venv/bin/python bench/optimizer.py --variants pool --no-repair

Sizes are overseas x domestic x days x slots per day.  Variants: "plain" (every overseas company
brings its own interpreter), "pool" (a shared interpreter pool of about 60% of the demand per
language), "nofair" (plain with fairness_weight 0, i.e. pure score) and "messy" (plain where 30%
of the companies also lose 3 random slots, plus 3% of a greedy schedule's meetings fixed: this
exercises the coarse day groups and pre-booked slots).

For each run the table shows wall-clock seconds, meetings, objective, the proven upper bound
and their ratio, the same ratio for score + fairness bonus (what the optimizer actually
maximises, see docs/optimizer.md), the minimum meetings still missing, and the plain greedy
baseline of the same instance.
The repair table cancels one company (domestic, then overseas) and takes a day away from
another, and checks that no meeting of an unaffected company moved.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.optimizer import baseline, parse_instance, repair, solve, violations  # noqa: E402

SIZES = {
    "S": (10, 100, 2, 10),
    "M": (25, 200, 2, 11),
    "L": (40, 300, 3, 11),
    "XL": (150, 1500, 3, 11),
    "XXL": (400, 3000, 3, 11),
}
LANGUAGES = ("vi", "th", "id", "en", "zh")
LANGUAGE_WEIGHTS = (3, 3, 2, 1, 2)
DENSITY = 0.35  # share of pairs with a score
RESTRICTED = 0.30  # share of companies available only one day or half a day


def _window(rng: random.Random, days: int, spd: int) -> list[int] | None:
    """None (every slot) for 70% of companies, else one day or one half day."""
    if rng.random() >= RESTRICTED:
        return None
    d = rng.randrange(days)
    first = d * spd
    if rng.random() < 2 / 3:
        return list(range(first, first + spd))
    half = spd // 2
    if rng.random() < 0.5:
        return list(range(first, first + half))
    return list(range(first + half, first + spd))


def generate(
    n_overseas: int, n_domestic: int, days: int, spd: int, *, seed: int = 1, pool: bool = False
) -> dict:
    rng = random.Random(seed)
    overseas = []
    popularity = []
    for i in range(n_overseas):
        c: dict = {
            "id": f"OS-{i:03d}",
            "language": rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0],
        }
        w = _window(rng, days, spd)
        if w is not None:
            c["available"] = w
        if rng.random() < 0.05:
            n_avail = len(w) if w is not None else days * spd
            c["max_meetings"] = rng.randint(max(1, (3 * n_avail) // 4), n_avail)
        overseas.append(c)
        popularity.append(rng.lognormvariate(0.0, 0.5))
    domestic = []
    for i in range(n_domestic):
        c = {"id": f"JP-{i:04d}", "max_meetings": rng.randint(3, 8)}
        w = _window(rng, days, spd)
        if w is not None:
            c["available"] = w
        if rng.random() < 0.35:
            c["min_meetings"] = rng.randint(1, 2)
        domestic.append(c)
    scores = []
    for o, pop in zip(overseas, popularity, strict=True):
        for d in domestic:
            if rng.random() < DENSITY:
                # interest of the domestic company (1-5, higher for popular delegations)
                # times interest of the overseas company (1-5)
                dom = min(5, max(1, round(rng.gauss(1.5 + 1.2 * pop, 1.0))))
                ovs = rng.randint(1, 5)
                scores.append([o["id"], d["id"], dom * ovs])
    inst = {
        "days": days,
        "slots_per_day": spd,
        "overseas": overseas,
        "domestic": domestic,
        "scores": scores,
    }
    if pool:
        interpreters = []
        for lang in LANGUAGES:
            demand = sum(1 for o in overseas if o["language"] == lang)
            for _ in range(max(1, round(0.6 * demand))):
                it: dict = {"language": lang}
                w = _window(rng, days, spd)
                if w is not None:
                    it["available"] = w
                interpreters.append(it)
        inst["interpreters"] = interpreters
    return inst


def messy(inst: dict, seed: int = 5) -> dict:
    """Irregular availability (30% of companies lose 3 random slots) plus 3% fixed meetings."""
    rng = random.Random(seed)
    n_slots = inst["days"] * inst["slots_per_day"]
    for side in ("overseas", "domestic"):
        for c in inst[side]:
            if rng.random() < 0.3:
                have = set(c.get("available", range(n_slots)))
                c["available"] = sorted(have - set(rng.sample(range(n_slots), 3)))
    greedy_schedule = baseline(inst)
    inst["fixed"] = [m for m in greedy_schedule["meetings"] if rng.random() < 0.03]
    return inst


def _ratio(a: float, b: float | None) -> str:
    if not b:
        return "-"
    return f"{a / b:.5f}"


def _fair_value(problem, schedule: dict) -> float:
    d_index = {c: i for i, c in enumerate(problem.domestic)}
    count = [0] * len(problem.domestic)
    for m in schedule["meetings"]:
        count[d_index[m["domestic"]]] += 1
    extra = sum(min(c, int(k)) for c, k in zip(count, problem.d_min, strict=True))
    return schedule["objective"] + problem.fairness_bonus * extra


def _unmet_minimum(problem, schedule: dict) -> int:
    d_index = {c: i for i, c in enumerate(problem.domestic)}
    count = [0] * len(problem.domestic)
    for m in schedule["meetings"]:
        count[d_index[m["domestic"]]] += 1
    return sum(max(0, int(k) - c) for c, k in zip(count, problem.d_min, strict=True))


def run_solve(name: str, inst: dict, time_limit: float) -> tuple[dict, dict]:
    problem = parse_instance(inst)
    t0 = time.perf_counter()
    out = solve(inst, time_limit=time_limit, details=True)
    seconds = time.perf_counter() - t0
    bad = violations(problem, out)
    t0 = time.perf_counter()
    base = baseline(inst)
    greedy_seconds = time.perf_counter() - t0
    row = {
        "run": name,
        "pairs": len(problem.pair_w),
        "seconds": f"{seconds:.2f}",
        "meetings": len(out["meetings"]),
        "objective": out["objective"],
        "bound": out["upper_bound"],
        "ratio": _ratio(out["objective"], out["upper_bound"]),
        "fair ratio": _ratio(_fair_value(problem, out), out.get("fair_bound")),
        "unmet min": _unmet_minimum(problem, out),
        "greedy s": f"{greedy_seconds:.2f}",
        "greedy obj": base["objective"],
        "greedy ratio": _ratio(base["objective"], out["upper_bound"]),
        "greedy unmet": _unmet_minimum(problem, base),
        "valid": "yes" if not bad else f"NO: {bad[0]}",
    }
    return row, out


def _changed(inst: dict, schedule: dict, kind: str) -> tuple[dict, set[str]]:
    """A changed copy of `inst` and the ids of the companies the change touches."""
    new = copy.deepcopy(inst)
    busy: dict[str, int] = {}
    for m in schedule["meetings"]:
        for key in (m["overseas"], m["domestic"]):
            busy[key] = busy.get(key, 0) + 1
    if kind in ("cancel domestic", "cancel overseas"):
        side = kind.split()[1]
        # the busiest company of that side cancels
        gone = max(new[side], key=lambda c: (busy.get(c["id"], 0), c["id"]))["id"]
        new[side] = [c for c in new[side] if c["id"] != gone]
        new["scores"] = [s for s in new["scores"] if gone not in (s[0], s[1])]
        return new, {gone}
    # "loses a day": the busiest fully available domestic company is away on day 0
    spd = new["slots_per_day"]
    full = [c for c in new["domestic"] if "available" not in c]
    who = max(full, key=lambda c: (busy.get(c["id"], 0), c["id"]))
    who["available"] = list(range(spd, new["days"] * spd))
    return new, {who["id"]}


def run_repair(name: str, inst: dict, schedule: dict, kind: str, time_limit: float) -> dict:
    new, touched = _changed(inst, schedule, kind)
    t0 = time.perf_counter()
    out = repair(new, schedule, time_limit=time_limit)
    seconds = time.perf_counter() - t0
    now = {(m["overseas"], m["domestic"]): m["slot"] for m in out["meetings"]}
    unaffected_moved = sum(
        1
        for m in schedule["meetings"]
        if not ({m["overseas"], m["domestic"]} & touched)
        and now.get((m["overseas"], m["domestic"])) != m["slot"]
    )
    bad = violations(new, out)
    return {
        "run": name,
        "change": kind,
        "seconds": f"{seconds:.3f}",
        "kept": out["kept"],
        "moved": out["moved"],
        "removed": out["removed"],
        "added": out["added"],
        "objective": out["objective"],
        "bound": out["upper_bound"],
        "ratio": _ratio(out["objective"], out["upper_bound"]),
        "unaffected moved": unaffected_moved,
        "valid": "yes" if not bad else f"NO: {bad[0]}",
    }


def print_table(rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    width = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print("| " + " | ".join(c.ljust(width[c]) for c in cols) + " |")
    print("|" + "|".join("-" * (width[c] + 2) for c in cols) + "|")
    for r in rows:
        print("| " + " | ".join(str(r[c]).rjust(width[c]) for c in cols) + " |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma list, e.g. S,M,L")
    parser.add_argument(
        "--variants",
        default="plain,pool,nofair,messy",
        help="any of plain, pool, nofair, messy",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--no-repair", action="store_true", help="skip the repair table")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    for v in variants:
        if v not in ("plain", "pool", "nofair", "messy"):
            parser.error(f"unknown variant {v!r}")
    for s in sizes:
        if s not in SIZES:
            parser.error(f"unknown size {s!r}; choose from {','.join(SIZES)}")
    solve_rows, repair_rows = [], []
    for size in sizes:
        for variant in variants:
            name = f"{size} {'x'.join(map(str, SIZES[size]))} {variant}"
            inst = generate(*SIZES[size], seed=args.seed, pool=variant == "pool")
            if variant == "nofair":
                inst["fairness_weight"] = 0
            if variant == "messy":
                inst = messy(inst, seed=args.seed + 4)
            row, out = run_solve(name, inst, args.time_limit)
            solve_rows.append(row)
            print(f"# {name}: {row['seconds']} s, ratio {row['ratio']}", file=sys.stderr)
            if not args.no_repair and variant == "plain":
                for kind in ("cancel domestic", "cancel overseas", "loses a day"):
                    repair_rows.append(run_repair(name, inst, out, kind, args.time_limit))
    print("## solve\n")
    print_table(solve_rows)
    if repair_rows:
        print("\n## repair\n")
        print_table(repair_rows)
    bad = [r for r in solve_rows + repair_rows if r["valid"] != "yes"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
