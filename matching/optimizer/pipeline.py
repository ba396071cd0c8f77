"""The solve pipeline: fixed meetings -> select -> place -> fill -> check -> schedule dict."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from . import greedy, groups, place, select
from .board import Board
from .check import violations
from .model import DEFAULT_TIME_LIMIT, Problem, parse_instance

MAX_LP_COLUMNS = 600_000  # past this estimate, count capacity per day instead of per atom


@dataclass
class Outcome:
    bound: float  # proven bound on the final objective (board score included)
    method: str
    notes: list[str] = field(default_factory=list)
    fair_bound: float | None = None  # bound on score + fairness bonus, if known


def fair_score(board: Board) -> float:
    """Score plus the fairness bonus for meetings up to each domestic minimum."""
    got = np.minimum(np.asarray(board.d_count), np.asarray(board.d_min)).sum()
    return float(board.score()) + board.p.fairness_bonus * float(got)


def apply_fixed(board: Board) -> None:
    for _o, _d, t, e in board.p.fixed:
        board.add(e, t)


def choose_groups(board: Board) -> tuple[list[np.ndarray], str]:
    """Atoms of the current free slots if the model stays small enough, else coarser groups."""
    p = board.p
    o_rows, d_rows, lang = board.usable_arrays()
    o_left = np.asarray(board.o_left)
    d_left = np.asarray(board.d_left)
    live_o = int((o_left > 0).sum())
    live_d = int((d_left > 0).sum())
    n_pairs = min(
        len(p.pair_w),
        int((2 * o_left[o_left > 0] + 2).sum() + (2 * d_left[d_left > 0] + 2).sum()),
        live_o * live_d,
    )
    exact = groups.atoms(o_rows, d_rows, lang, p.day_rows())
    if n_pairs * len(exact) <= MAX_LP_COLUMNS:
        return exact, "atoms"
    coarse = groups.atoms(p.o_avail, p.d_avail, p.interp, p.day_rows())
    if n_pairs * len(coarse) <= MAX_LP_COLUMNS:
        return coarse, "input atoms"
    return groups.days(p.days, p.slots_per_day), "days"


def optimise(board: Board, deadline: float) -> Outcome:
    """Add meetings to `board` (which holds the forced ones); return the bound and method."""
    base = float(board.score())
    fair_base = fair_score(board)
    grouping, kind = choose_groups(board)
    sel = select.select(board, grouping, deadline)
    if sel is None:
        bound = base + greedy.cheap_bound(board)
        greedy.fill(board)
        return Outcome(bound, "greedy", ["time limit reached in selection; greedy fallback"])
    unplaced = place.place(board, sel.chosen, grouping, deadline)
    added = greedy.fill(board)
    notes = list(sel.notes)
    notes.append(f"groups={kind}:{len(grouping)} selected={len(sel.chosen)}")
    if unplaced:
        notes.append(f"unplaced={len(unplaced)} refilled={added}")
    fair = None if sel.fair_bound is None else fair_base + sel.fair_bound
    return Outcome(base + sel.bound, f"{sel.method}+{kind}", notes, fair)


def finish(board: Board, outcome: Outcome, start: float) -> dict:
    """The schedule dict for a finished board."""
    p = board.p
    objective = board.score()
    bound = outcome.bound
    if p.int_scores:
        upper = max(int(math.floor(bound + 1e-6)), objective)
        status = "optimal" if objective >= upper else "feasible"
    else:
        upper = max(float(bound), float(objective))
        status = "optimal" if objective >= upper - 1e-9 * max(1.0, abs(upper)) else "feasible"
    meetings = [
        {"overseas": p.overseas[o], "domestic": p.domestic[d], "slot": t}
        for t, o, d, _e in board.meetings()
    ]
    meetings.sort(key=lambda m: (m["slot"], m["overseas"], m["domestic"]))
    return {
        "meetings": meetings,
        "objective": objective,
        "upper_bound": upper,
        "status": status,
        "seconds": round(time.perf_counter() - start, 3),
    }


def solve(instance, time_limit: float = DEFAULT_TIME_LIMIT, *, details: bool = False) -> dict:
    """Best schedule for an instance (dict or parsed `Problem`).  See docs/optimizer.md."""
    start = time.perf_counter()
    problem = instance if isinstance(instance, Problem) else parse_instance(instance)
    deadline = start + float(time_limit)
    board = Board(problem)
    apply_fixed(board)
    outcome = optimise(board, deadline)
    schedule = finish(board, outcome, start)
    problems = violations(problem, schedule)
    if problems:  # never expected; keep the promise of a valid schedule anyway
        board = Board(problem)
        apply_fixed(board)
        bound = float(board.score()) + greedy.cheap_bound(board)
        greedy.fill(board)
        outcome = Outcome(bound, "greedy", ["internal check failed: " + problems[0]])
        schedule = finish(board, outcome, start)
    if details:
        schedule["method"] = outcome.method
        schedule["notes"] = outcome.notes
        schedule["fair_objective"] = fair_score(board)
        schedule["fair_bound"] = outcome.fair_bound
    return schedule


def baseline(instance) -> dict:
    """The plain greedy schedule (for comparisons), with the cheap bound."""
    start = time.perf_counter()
    problem = instance if isinstance(instance, Problem) else parse_instance(instance)
    board = Board(problem)
    apply_fixed(board)
    bound = float(board.score()) + greedy.cheap_bound(board)
    greedy.fill(board)
    return finish(board, Outcome(bound, "greedy"), start)
