"""Meeting optimizer for business-matching programmes (pure Python + numpy/scipy).

Public API::

    solve(instance, time_limit=60.0) -> schedule dict
    repair(instance, previous, time_limit=60.0) -> schedule dict with kept/moved/removed/added
    parse_instance(instance) -> Problem  (raises InvalidInstance naming the offending entry)
    violations(instance, schedule) -> list[str]
    baseline(instance) -> the plain greedy schedule, for comparisons

Command line: ``python -m matching.optimizer solve|repair ...``; see docs/optimizer.md.
The solver modules (SciPy) are imported on first use, so validating input stays cheap.
"""

from .check import violations
from .model import DEFAULT_TIME_LIMIT, InvalidInstance, OptimizerError, Problem, parse_instance

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "InvalidInstance",
    "OptimizerError",
    "Problem",
    "baseline",
    "parse_instance",
    "repair",
    "solve",
    "violations",
]


def __getattr__(name: str):
    if name in ("solve", "baseline"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "repair":
        from .repairs import repair

        return repair
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
