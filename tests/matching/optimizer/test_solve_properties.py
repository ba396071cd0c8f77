"""Property tests of `solve` on random small instances (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings

from matching.optimizer import solve, violations

from .helpers import brute_force, fair_value, instances, naive_violations

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _common_checks(inst: dict, out: dict) -> None:
    assert naive_violations(inst, out["meetings"]) == []
    assert violations(inst, out) == []
    total = sum(
        s
        for o, d, s in inst["scores"]
        for m in out["meetings"]
        if (m["overseas"], m["domestic"]) == (o, d)
    )
    assert math.isclose(out["objective"], total, rel_tol=1e-9, abs_tol=1e-9)
    assert out["objective"] <= out["upper_bound"] + 1e-9
    assert out["status"] in ("optimal", "feasible")
    if out["status"] == "optimal":
        assert math.isclose(out["objective"], out["upper_bound"], rel_tol=1e-9, abs_tol=1e-9)
    keys = [(m["slot"], m["overseas"], m["domestic"]) for m in out["meetings"]]
    assert keys == sorted(keys)


@SETTINGS
@given(instances(max_overseas=4, max_domestic=5, max_days=3, max_spd=3))
def test_output_is_always_valid(inst):
    out = solve(inst)
    _common_checks(inst, out)


@SETTINGS
@given(instances(max_overseas=2, max_domestic=3, max_days=2, max_spd=2, fairness=False))
def test_tiny_instances_reach_the_brute_force_optimum(inst):
    out = solve(inst)
    _common_checks(inst, out)
    best, _ = brute_force(inst)
    assert out["objective"] == best
    assert out["upper_bound"] >= best
    assert out["upper_bound"] == best  # the exact MILP proves it on instances this small
    assert out["status"] == "optimal"
    assert isinstance(out["objective"], int)
    assert isinstance(out["upper_bound"], int)


@SETTINGS
@given(instances(max_overseas=2, max_domestic=3, max_days=2, max_spd=2, fairness=True))
def test_fairness_weighted_optimum_and_valid_bound(inst):
    out = solve(inst)
    _common_checks(inst, out)
    best, best_fair = brute_force(inst)
    # the bound is on the plain score of any valid schedule
    assert out["upper_bound"] >= best
    # what the optimizer maximises is score + bonus per meeting up to each minimum
    assert math.isclose(fair_value(inst, out["meetings"]), best_fair, rel_tol=1e-9, abs_tol=1e-6)


@SETTINGS
@given(instances(max_overseas=2, max_domestic=3, max_days=2, max_spd=2, floats=True))
def test_float_scores(inst):
    out = solve(inst)
    _common_checks(inst, out)
    best, best_fair = brute_force(inst)
    assert out["upper_bound"] >= best - 1e-9
    assert math.isclose(fair_value(inst, out["meetings"]), best_fair, rel_tol=1e-9, abs_tol=1e-6)
    if any(s > 0 for *_, s in inst["scores"]):
        assert isinstance(out["objective"], float)


MODES = {
    # force the LP-with-pricing path (normally used only on larger models)
    "lp": {"matching.optimizer.select.MILP_MAX_COLUMNS": 0},
    # force the LP path over whole days instead of atoms (used on very large messy instances)
    "lp-days": {
        "matching.optimizer.select.MILP_MAX_COLUMNS": 0,
        "matching.optimizer.pipeline.MAX_LP_COLUMNS": 0,
    },
}


def _patched(mode: str):
    from contextlib import ExitStack
    from unittest import mock

    stack = ExitStack()
    for target, value in MODES[mode].items():
        stack.enter_context(mock.patch(target, value))
    return stack


@SETTINGS
@given(instances(max_overseas=3, max_domestic=3, max_days=2, max_spd=2))
def test_lp_path_is_valid_and_bounded(inst):
    best, _ = brute_force(inst)
    for mode in MODES:
        with _patched(mode):
            out = solve(inst)
        _common_checks(inst, out)
        assert out["upper_bound"] >= best, mode
