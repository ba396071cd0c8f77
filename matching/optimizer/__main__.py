"""Command line: ``python -m matching.optimizer solve|repair ...`` (see docs/optimizer.md).

Exit status 0 on success, 2 for invalid input (with a message naming the entry on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from .model import DEFAULT_TIME_LIMIT, InvalidInstance, parse_instance, parse_previous


def _time_limit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching.optimizer",
        description="Schedule business-matching meetings (see docs/optimizer.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="compute a schedule for an instance")
    s.add_argument("instance", help="instance JSON file")
    s.add_argument("-o", "--output", required=True, help="schedule JSON file to write")
    r = sub.add_parser("repair", help="repair a previous schedule for a changed instance")
    r.add_argument("instance", help="(changed) instance JSON file")
    r.add_argument("--previous", required=True, help="previous schedule JSON file")
    r.add_argument("-o", "--output", required=True, help="schedule JSON file to write")
    for p in (s, r):
        p.add_argument(
            "--time-limit",
            type=_time_limit,
            default=DEFAULT_TIME_LIMIT,
            metavar="SECONDS",
            help="wall-clock budget; past it a greedy fallback is used "
            f"(default {DEFAULT_TIME_LIMIT:g})",
        )
    return parser


def _load(path: str):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise InvalidInstance(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInstance(f"{path}: invalid JSON: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        problem = parse_instance(_load(args.instance))
        if args.command == "repair":
            previous = _load(args.previous)
            parse_previous(previous, problem)
    except InvalidInstance as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # the solver (SciPy) is imported only once the input is known to be valid
    if args.command == "solve":
        from .pipeline import solve

        result = solve(problem, time_limit=args.time_limit)
    else:
        from .repairs import repair

        result = repair(problem, previous, time_limit=args.time_limit)
    try:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)
            fh.write("\n")
    except OSError as exc:
        print(f"error: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
