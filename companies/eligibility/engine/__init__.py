"""Evaluating a company's figures against a rule set.

How a verdict is reached (docs/eligibility.md has the long version):

1. The sector picks the rule set's group; the legal form may switch figures off (Japan: capital
   does not apply to a sole proprietor).
2. Money figures in another currency are converted with the `Rate` given for that pair.
3. Each size class of the group (smallest first) is tested with the rule set's combination, in
   three-valued logic: a known figure passes or fails its limit, a missing one is unknown.
   "any" passes when one child passes and fails only when all fail; "all" fails when one child
   fails and passes only when all pass; otherwise the test is unknown.  A figure a class does
   not limit is neutral (it neither qualifies nor disqualifies).
4. The largest class decides eligibility (pass: eligible, fail: not eligible, "large",
   unknown: `eligible` is None).  The size class is the first class whose test does not fail,
   if that test passes; if it is unknown the size class is None even when eligibility is known.

Nothing is guessed: when a missing figure could change the verdict, the verdict is None and
the reasons say which figure is missing.

Modules: shapes (`Figures`, `Rate`, `Result`), selection (`select_rule_set`), verdict
(`evaluate`), inputs (checking the figures), conversion (exchange rates), plans (the per-process
cache of parsed rule sets and their plans, with each plan's memoised outcomes), logic (the
three-valued test of the combination), reasons (comparisons and missing figures).
"""

from .selection import select_rule_set
from .shapes import Figures, Rate, Result
from .verdict import evaluate

__all__ = ["Figures", "Rate", "Result", "evaluate", "select_rule_set"]
