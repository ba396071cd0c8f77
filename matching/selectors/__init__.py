"""Reads of the assessment round, already scoped to what the user may see.

Agency staff see every assignment, score and decision. An adviser sees the applications assigned
to them and nothing else (another adviser's review answers 404). Everyone else sees none.

One module per part: round (criteria, advisers, pool, conflicts, assignments), facts (criteria
filled from the application, automatic scores), selection (the ranking, decisions, invitations).
"""

from .facts import (
    AutoFact,
    RateUsed,
    application_facts,
    assessed_applications,
    assignment_scores,
    auto_facts,
    auto_scores,
    criterion_specs,
    frozen_facts_of,
    frozen_rates,
    live_auto_facts,
    running_total,
)
from .round import (
    ASSESSABLE,
    UNDECIDED,
    S,
    adviser_list,
    assessment_for,
    assignment_get_for_user,
    assignment_list_for_user,
    conflict_get_for_user,
    conflict_list_for_user,
    conflicted_companies,
    criterion_get,
    criterion_list,
    pool,
)
from .selection import (
    RankingEntry,
    conflict_withdrawal_list,
    decision_list,
    invitable_companies,
    ranking,
    selected_count,
    waitlist,
)

__all__ = [
    "ASSESSABLE",
    "AutoFact",
    "RankingEntry",
    "RateUsed",
    "S",
    "UNDECIDED",
    "adviser_list",
    "application_facts",
    "assessed_applications",
    "assessment_for",
    "assignment_get_for_user",
    "assignment_list_for_user",
    "assignment_scores",
    "auto_facts",
    "auto_scores",
    "conflict_get_for_user",
    "conflict_list_for_user",
    "conflict_withdrawal_list",
    "conflicted_companies",
    "criterion_get",
    "criterion_list",
    "criterion_specs",
    "decision_list",
    "frozen_facts_of",
    "frozen_rates",
    "invitable_companies",
    "live_auto_facts",
    "pool",
    "ranking",
    "running_total",
    "selected_count",
    "waitlist",
]
