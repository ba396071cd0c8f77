"""`max_per_day`: a cap on a company's meetings in each day, enforced by every solver path."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest

from matching.optimizer import InvalidInstance, baseline, parse_instance, repair, solve, violations

from .helpers import naive_violations

REPO = Path(__file__).resolve().parents[3]
LP_ONLY = "matching.optimizer.select.MILP_MAX_COLUMNS"


def _instance(n_o=2, n_d=30, days=3, spd=8, cap=3, **extra) -> dict:
    inst = {
        "days": days,
        "slots_per_day": spd,
        "overseas": [{"id": f"O{i}", "max_per_day": cap} for i in range(n_o)],
        "domestic": [{"id": f"D{j}"} for j in range(n_d)],
        "scores": [[f"O{i}", f"D{j}", 1 + (i + j) % 5] for i in range(n_o) for j in range(n_d)],
    }
    inst.update(extra)
    return inst


def _per_day(inst: dict, schedule: dict) -> Counter:
    spd = inst["slots_per_day"]
    return Counter((m["overseas"], m["slot"] // spd) for m in schedule["meetings"])


def _check(inst: dict, schedule: dict, cap: int) -> None:
    assert violations(inst, schedule) == []
    assert naive_violations(inst, schedule["meetings"]) == []
    per_day = _per_day(inst, schedule)
    assert max(per_day.values()) <= cap
    totals = Counter(m["overseas"] for m in schedule["meetings"])
    # the cap is per day: over three days a company gets more than `cap` in total
    assert min(totals.values()) == cap * inst["days"]


def test_cap_holds_per_day_while_total_exceeds_it():
    inst = _instance()
    out = solve(inst)
    _check(inst, out, 3)
    assert out["upper_bound"] >= out["objective"]
    # the bound knows the cap too: 2 companies x 3 days x 3 meetings x best score 5
    assert out["upper_bound"] <= 2 * 3 * 3 * 5


def test_cap_holds_on_the_lp_path():
    inst = _instance(n_o=4, n_d=60)
    with mock.patch(LP_ONLY, 0):
        out = solve(inst)
    _check(inst, out, 3)


def test_cap_holds_in_the_greedy_paths():
    inst = _instance()
    _check(inst, baseline(inst), 3)
    _check(inst, solve(inst, time_limit=0.000001), 3)


def test_day_groups_never_mix_days_under_caps():
    # whole-programme availability: without caps all 24 slots are one atom
    inst = _instance(n_o=1, n_d=10, cap=2)
    out = solve(inst, details=True)
    _check(inst, out, 2)
    assert "groups=atoms:3" in " ".join(out["notes"])


def test_domestic_day_cap():
    inst = _instance(n_o=6, n_d=1, days=2, spd=6, cap=None)
    for c in inst["overseas"]:
        del c["max_per_day"]
    inst["domestic"][0]["max_per_day"] = 2
    out = solve(inst)
    assert violations(inst, out) == []
    days = Counter(m["slot"] // 6 for m in out["meetings"])
    assert days == {0: 2, 1: 2}


def test_validate_reports_a_broken_day_cap():
    inst = _instance(n_o=1, n_d=4, days=1, spd=4, cap=2)
    schedule = {
        "meetings": [{"overseas": "O0", "domestic": f"D{j}", "slot": j} for j in range(3)],
        "objective": 1 + 2 + 3,
    }
    assert violations(inst, schedule) == [
        'overseas "O0": 3 meetings on day 0 exceed its max_per_day 2'
    ]


def test_repair_keeps_within_the_cap():
    inst = _instance(cap=4)
    first = solve(inst)
    _check(inst, first, 4)
    changed = json.loads(json.dumps(inst))
    for c in changed["overseas"]:
        c["max_per_day"] = 2
    out = repair(changed, first)
    _check(changed, out, 2)
    assert out["kept"] + out["moved"] + out["removed"] == len(first["meetings"])
    assert out["kept"] == 2 * 3 * 2


def test_fixed_meetings_beyond_the_cap_are_invalid():
    inst = _instance(n_o=1, n_d=3, days=1, spd=4, cap=1)
    inst["fixed"] = [{"overseas": "O0", "domestic": f"D{j}", "slot": j} for j in range(2)]
    with pytest.raises(InvalidInstance) as err:
        parse_instance(inst)
    assert str(err.value) == (
        'fixed[1]: overseas "O0" has more fixed meetings on day 0 than its max_per_day 1'
    )


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_cap_is_rejected(bad):
    inst = _instance(n_o=1, n_d=1)
    inst["overseas"][0]["max_per_day"] = bad
    with pytest.raises(InvalidInstance, match=r'overseas\[0\] "O0": max_per_day must be'):
        parse_instance(inst)


def test_instances_without_the_field_are_unchanged(tmp_path):
    inst = _instance(cap=None)
    for c in inst["overseas"]:
        del c["max_per_day"]
    with_null = json.loads(json.dumps(inst))
    for c in with_null["overseas"]:
        c["max_per_day"] = None
    a, b = solve(inst), solve(with_null)
    assert a["meetings"] == b["meetings"]
    assert max(_per_day(inst, a).values()) > 3  # no cap: days fill up
    src = tmp_path / "in.json"
    src.write_text(json.dumps(_instance()))
    res = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [
            sys.executable,
            "-m",
            "matching.optimizer",
            "solve",
            str(src),
            "-o",
            str(tmp_path / "o.json"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    _check(_instance(), json.loads((tmp_path / "o.json").read_text()), 3)
