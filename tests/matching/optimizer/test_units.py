"""Unit tests of the optimizer's pieces and of documented behaviours."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings

from matching.optimizer import Problem, baseline, parse_instance, solve, violations
from matching.optimizer.board import Board, masks_to_rows, rows_to_masks
from matching.optimizer.greedy import cheap_bound
from matching.optimizer.groups import atoms

from .helpers import brute_force, instances, naive_violations

REPO = Path(__file__).resolve().parents[3]
LP_ONLY = "matching.optimizer.select.MILP_MAX_COLUMNS"


def _complete(n: int, slots: int, **extra) -> dict:
    inst = {
        "days": 1,
        "slots_per_day": slots,
        "overseas": [{"id": f"O{i}"} for i in range(n)],
        "domestic": [{"id": f"D{i}"} for i in range(n)],
        "scores": [[f"O{i}", f"D{j}", 1] for i in range(n) for j in range(n)],
    }
    inst.update(extra)
    return inst


def test_masks_round_trip_beyond_64_slots():
    rows = np.zeros((3, 80), dtype=bool)
    rows[0, [0, 63, 64, 79]] = True
    rows[2, 70] = True
    masks = rows_to_masks(rows)
    assert masks[0] == (1 << 0) | (1 << 63) | (1 << 64) | (1 << 79)
    assert (masks_to_rows(masks, 80) == rows).all()


def test_atoms_group_identical_slots():
    a = np.array([[1, 1, 0, 0, 1], [1, 1, 1, 1, 1]], dtype=bool)
    b = np.array([[0, 0, 1, 1, 0]], dtype=bool)
    groups = atoms(a, b)
    assert [g.tolist() for g in groups] == [[0, 1, 4], [2, 3]]


def test_parse_builds_arrays():
    p = parse_instance(
        {
            "days": 2,
            "slots_per_day": 3,
            "overseas": [{"id": "A", "available": [0, 4], "language": "vi"}, {"id": "B"}],
            "domestic": [{"id": "X", "max_meetings": 1, "min_meetings": 1}],
            "interpreters": [{"language": "vi"}, {"language": "vi", "available": [4]}],
            "scores": [["B", "X", 2], ["A", "X", 5], ["A", "X", 0]][:2],
        }
    )
    assert isinstance(p, Problem)
    assert p.n_slots == 6
    assert p.o_cap.tolist() == [2, 6] and p.d_cap.tolist() == [1]
    assert p.pair_o.tolist() == [0, 1]  # sorted by (overseas, domestic)
    assert p.interp.tolist() == [[1, 1, 1, 1, 2, 1]]
    assert p.int_scores and p.fairness_bonus == 5.0


def test_saturated_atoms_are_placed_without_loss():
    # every company has as many meetings as slots: exact edge colouring needed
    inst = _complete(5, 5)
    for limit in (5000, 0):  # the MILP path, then the LP path
        with mock.patch(LP_ONLY, limit):
            out = solve(inst)
        assert out["objective"] == 25 and out["status"] == "optimal"
        assert naive_violations(inst, out["meetings"]) == []


def test_interpreter_pool_limits_meetings_per_slot():
    inst = _complete(4, 4)
    for o in inst["overseas"]:
        o["language"] = "vi"
    inst["interpreters"] = [{"language": "vi"}, {"language": "vi"}]
    with mock.patch(LP_ONLY, 0):
        out = solve(inst)
    assert out["objective"] == 8 and out["upper_bound"] == 8
    assert naive_violations(inst, out["meetings"]) == []


def test_language_rules_with_a_pool():
    inst = {
        "days": 1,
        "slots_per_day": 2,
        "overseas": [{"id": "NOLANG"}, {"id": "TH", "language": "th"}],
        "domestic": [{"id": "D"}],
        "interpreters": [{"language": "vi"}],
        "scores": [["NOLANG", "D", 1], ["TH", "D", 9]],
    }
    out = solve(inst)
    # no language: no interpreter needed; a language without interpreters: no meeting
    assert [m["overseas"] for m in out["meetings"]] == ["NOLANG"]
    assert out["upper_bound"] == 1


def test_fixed_meetings_are_kept_and_counted():
    inst = _complete(2, 2)
    inst["scores"][0][2] = 1
    inst["scores"][1][2] = 9
    inst["fixed"] = [{"overseas": "O0", "domestic": "D0", "slot": 1}]
    out = solve(inst)
    assert {"overseas": "O0", "domestic": "D0", "slot": 1} in out["meetings"]
    assert violations(inst, out) == []
    assert out["objective"] == out["upper_bound"]


def test_fairness_weight_zero_and_default():
    inst = {
        "days": 1,
        "slots_per_day": 1,
        "overseas": [{"id": "O"}],
        "domestic": [{"id": "RICH"}, {"id": "POOR", "min_meetings": 1}],
        "scores": [["O", "RICH", 10], ["O", "POOR", 4]],
    }
    assert [m["domestic"] for m in solve(inst)["meetings"]] == ["POOR"]
    out = solve({**inst, "fairness_weight": 0})
    assert [m["domestic"] for m in out["meetings"]] == ["RICH"]
    assert out["status"] == "optimal"
    fair = solve(inst)
    assert fair["upper_bound"] == 10 and fair["status"] == "feasible"
    assert [m["domestic"] for m in solve({**inst, "fairness_weight": 0.5})["meetings"]] == ["RICH"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(instances(max_overseas=2, max_domestic=3, max_days=2, max_spd=2))
def test_cheap_bound_is_a_bound(inst):
    board = Board(parse_instance(inst))
    for _o, _d, t, e in board.p.fixed:
        board.add(e, t)
    best, _ = brute_force(inst)
    assert board.score() + cheap_bound(board) >= best - 1e-9
    assert baseline(inst)["upper_bound"] >= best - 1e-9


def _generated(n_o: int, n_d: int, days: int, spd: int, seed: int = 3) -> dict:
    rng = random.Random(seed)
    n_slots = days * spd
    return {
        "days": days,
        "slots_per_day": spd,
        "overseas": [
            {"id": f"O{i}", "language": rng.choice("ab")}
            | ({"available": sorted(rng.sample(range(n_slots), n_slots // 2))} if i % 3 else {})
            for i in range(n_o)
        ],
        "domestic": [
            {"id": f"D{i}", "max_meetings": rng.randint(1, 5), "min_meetings": rng.randint(0, 1)}
            for i in range(n_d)
        ],
        "interpreters": [{"language": x} for x in "aabb" * (n_o // 6 + 1)],
        "scores": [
            [f"O{i}", f"D{j}", rng.randint(1, 9)]
            for i in range(n_o)
            for j in range(n_d)
            if rng.random() < 0.4
        ],
    }


def test_time_limit_fallback_stays_valid():
    inst = _generated(30, 300, 2, 8)
    out = solve(inst, time_limit=0.001)
    assert violations(inst, out) == []
    assert naive_violations(inst, out["meetings"]) == []
    full = solve(inst)
    assert full["objective"] >= out["objective"]
    assert violations(inst, full) == []


def test_many_slots_and_lp_path():
    inst = _generated(12, 60, 5, 16)
    with mock.patch(LP_ONLY, 0):
        out = solve(inst)
    ref = solve(inst)
    assert violations(inst, out) == [] and violations(inst, ref) == []
    assert out["upper_bound"] >= ref["objective"] and ref["upper_bound"] >= out["objective"]


def test_cli_keeps_numbers_natural(tmp_path):
    for value, kind in ((3, int), (2.5, float)):
        inst = _complete(1, 1)
        inst["scores"][0][2] = value
        src = tmp_path / "in.json"
        src.write_text(json.dumps(inst))
        out = tmp_path / "out.json"
        res = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [
                sys.executable,
                "-m",
                "matching.optimizer",
                "solve",
                str(src),
                "-o",
                str(out),
                "--time-limit",
                "20",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert res.returncode == 0, res.stderr
        got = json.loads(out.read_text())
        assert type(got["objective"]) is kind and type(got["upper_bound"]) is kind
        assert got["objective"] == value and got["status"] == "optimal"
        assert isinstance(got["seconds"], float)


def test_fractional_lp_values_are_settled_by_a_small_milp():
    from matching.optimizer import select

    p = parse_instance(
        {
            "days": 1,
            "slots_per_day": 1,
            "overseas": [{"id": "O", "max_meetings": 1}],
            "domestic": [{"id": "D0"}, {"id": "D1"}],
            "scores": [["O", "D0", 3], ["O", "D1", 5]],
        }
    )
    board = Board(p)
    model = select.GroupModel(board, atoms(*board.usable_arrays()))
    pos, cg = model.columns(np.arange(model.n_pairs))
    lp = model.build(pos, cg, model.caps, weighted=False)
    half = np.full(len(lp.c), 0.5)  # a fractional point, as an LP could return
    chosen = select._round(model, lp, half, deadline=time.perf_counter() + 30)
    assert chosen == [(1, 0)]  # pair (O, D1) in group 0: the better of the two
