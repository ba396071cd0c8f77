"""Repair: valid output, previous meetings kept in place as far as possible, honest counts."""

from __future__ import annotations

import copy
import itertools
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.optimizer import repair, solve, violations

from .helpers import brute_force, instances, naive_violations, score_table

REPO = Path(__file__).resolve().parents[3]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@st.composite
def changes(draw, inst: dict) -> dict:
    """A changed copy of `inst`: cancellations, lost slots, a newcomer, new scores."""
    new = copy.deepcopy(inst)
    n_slots = new["days"] * new["slots_per_day"]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("cancel", "empty", "slots", "newcomer", "score")))
        side = draw(st.sampled_from(("overseas", "domestic")))
        if kind == "cancel" and len(new[side]) > 1:
            gone = new[side].pop(draw(st.integers(0, len(new[side]) - 1)))["id"]
            new["scores"] = [s for s in new["scores"] if gone not in s[:2]]
        elif kind == "empty" and new[side]:
            new[side][draw(st.integers(0, len(new[side]) - 1))]["available"] = []
        elif kind == "slots" and new[side]:
            c = new[side][draw(st.integers(0, len(new[side]) - 1))]
            have = c.get("available", list(range(n_slots)))
            lose = draw(st.sets(st.integers(0, n_slots - 1)))
            c["available"] = sorted(set(have) - lose)
        elif kind == "newcomer":
            cid = f"N{len(new['domestic'])}"
            new["domestic"].append({"id": cid, "max_meetings": draw(st.integers(0, 3))})
            for o in new["overseas"]:
                if draw(st.booleans()):
                    new["scores"].append([o["id"], cid, draw(st.integers(1, 9))])
        elif kind == "score" and new["scores"]:
            i = draw(st.integers(0, len(new["scores"]) - 1))
            new["scores"][i][2] = draw(st.sampled_from((0, 1, 4, 20)))
    # fixed meetings that the change broke are dropped by the organiser
    kept_fixed = []
    for f in new.get("fixed", []):
        if not naive_violations(new, [*kept_fixed, f]):
            kept_fixed.append(f)
    new["fixed"] = kept_fixed
    return new


def _individually_valid(new: dict, m: dict) -> bool:
    return not [
        b for b in naive_violations(new, [m]) if not b.startswith("fixed missing")
    ] and not any(
        (f["overseas"] == m["overseas"] or f["domestic"] == m["domestic"])
        and f["slot"] == m["slot"]
        and (f["overseas"], f["domestic"]) != (m["overseas"], m["domestic"])
        for f in new.get("fixed", [])
    )


def _max_keepable(new: dict, previous: list[dict]) -> int:
    fixed = new.get("fixed", [])
    fixed_set = {(f["overseas"], f["domestic"], f["slot"]) for f in fixed}
    always = [m for m in previous if (m["overseas"], m["domestic"], m["slot"]) in fixed_set]
    cands = [m for m in previous if m not in always and _individually_valid(new, m)]
    for k in range(len(cands), -1, -1):
        for subset in itertools.combinations(cands, k):
            if not naive_violations(new, [*fixed, *subset]):
                return k + len(always)
    return len(always)


@SETTINGS
@given(st.data())
def test_repair_is_valid_and_keeps_what_it_can(data):
    inst = data.draw(instances(max_overseas=3, max_domestic=3, max_days=2, max_spd=2))
    before = solve(inst)
    new = data.draw(changes(inst))
    out = repair(new, before)
    assert naive_violations(new, out["meetings"]) == []
    assert violations(new, out) == []
    assert out["objective"] <= out["upper_bound"]
    best, _ = brute_force(new)
    assert out["upper_bound"] >= best
    prev = before["meetings"]
    assert out["kept"] + out["moved"] + out["removed"] == len(prev)
    prev_pairs = {(m["overseas"], m["domestic"]) for m in prev}
    new_pairs = {(m["overseas"], m["domestic"]) for m in out["meetings"]}
    assert out["added"] == len(new_pairs - prev_pairs)
    now = {(m["overseas"], m["domestic"]): m["slot"] for m in out["meetings"]}
    kept = sum(1 for m in prev if now.get((m["overseas"], m["domestic"])) == m["slot"])
    moved = sum(1 for m in prev if (m["overseas"], m["domestic"]) in now) - kept
    assert (out["kept"], out["moved"]) == (kept, moved)
    # as few previous meetings changed as possible
    assert out["kept"] == _max_keepable(new, prev)
    # a previous meeting that is still valid together with the others stays in place
    ok = [m for m in prev if _individually_valid(new, m)]
    if not naive_violations(new, [*new.get("fixed", []), *ok]):
        for m in ok:
            assert now.get((m["overseas"], m["domestic"])) == m["slot"]


@SETTINGS
@given(instances(max_overseas=3, max_domestic=4, max_days=2, max_spd=3))
def test_repair_of_an_unchanged_instance_changes_nothing(inst):
    before = solve(inst)
    out = repair(inst, before)
    assert out["kept"] == len(before["meetings"])
    assert out["moved"] == out["removed"] == 0
    assert out["objective"] >= before["objective"] - 1e-9


def test_repair_after_cancellation_moves_nobody():
    inst = {
        "days": 1,
        "slots_per_day": 4,
        "overseas": [{"id": "A"}, {"id": "B"}],
        "domestic": [{"id": f"J{i}", "max_meetings": 2} for i in range(5)],
        "scores": [[o, f"J{i}", 1 + i + (o == "A")] for o in "AB" for i in range(5)],
    }
    before = solve(inst)
    new = copy.deepcopy(inst)
    new["domestic"] = [c for c in new["domestic"] if c["id"] != "J4"]
    new["scores"] = [s for s in new["scores"] if s[1] != "J4"]
    out = repair(new, before)
    gone = sum(1 for m in before["meetings"] if m["domestic"] == "J4")
    assert out["removed"] == gone
    assert out["moved"] == 0
    assert out["kept"] == len(before["meetings"]) - gone
    assert violations(new, out) == []


def test_moved_when_a_slot_is_lost():
    inst = {
        "days": 1,
        "slots_per_day": 3,
        "overseas": [{"id": "A"}],
        "domestic": [{"id": "J"}],
        "scores": [["A", "J", 5]],
        "fixed": [],
    }
    before = {"meetings": [{"overseas": "A", "domestic": "J", "slot": 1}]}
    new = copy.deepcopy(inst)
    new["domestic"][0]["available"] = [0, 2]
    out = repair(new, before)
    assert (out["kept"], out["moved"], out["removed"], out["added"]) == (0, 1, 0, 0)
    assert out["meetings"][0]["slot"] in (0, 2)
    scores = score_table(new)
    assert out["objective"] == scores[("A", "J")]


def test_repair_cli(tmp_path):
    inst = {
        "days": 1,
        "slots_per_day": 2,
        "overseas": [{"id": "A"}],
        "domestic": [{"id": "J"}, {"id": "K"}],
        "scores": [["A", "J", 5], ["A", "K", 3]],
    }
    src = tmp_path / "in.json"
    src.write_text(json.dumps(inst))
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps({"meetings": [{"overseas": "A", "domestic": "J", "slot": 1}]}))
    out = tmp_path / "out.json"
    res = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [
            sys.executable,
            "-m",
            "matching.optimizer",
            "repair",
            str(src),
            "--previous",
            str(prev),
            "-o",
            str(out),
            "--time-limit",
            "30",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    got = json.loads(out.read_text())
    assert {"overseas": "A", "domestic": "J", "slot": 1} in got["meetings"]
    assert (got["kept"], got["moved"], got["removed"], got["added"]) == (1, 0, 0, 1)
    assert got["objective"] == 8 and got["status"] == "optimal"
