"""API shapes of the assessment round: settings, criteria, conflicts, assignments, reviews, the
ranking and decisions.

Serializers parse and present; they check shape and type only. matching.services validate the
rest and answer errors by field (a score as scores.<criterion id>). Numbers with decimals are
answered as strings, like every decimal of the API.

One module per part: common, round (settings, criteria), assignments (with conflicts), reviews,
ranking, decisions (with invitations and answers).
"""

from .assignments import (
    AssignmentInputSerializer,
    AssignmentSerializer,
    AutoAssignResultSerializer,
    ConflictInputSerializer,
    ConflictSerializer,
)
from .common import (
    SCORE,
    TOTAL,
    AssessedApplicationSerializer,
    AssessedCompanySerializer,
    CounterpartRefSerializer,
    page_of,
    recommendation_field,
)
from .decisions import (
    DecisionInputSerializer,
    DecisionSerializer,
    InvitableCompanySerializer,
    InvitableFilterSerializer,
    InvitationInputSerializer,
    NotifyResultSerializer,
    ParticipationInputSerializer,
    PromoteInputSerializer,
)
from .ranking import (
    DecisionSummarySerializer,
    FailedCriterionSerializer,
    RankingFilterSerializer,
    RankingRowSerializer,
)
from .reviews import (
    ReviewApplicationSerializer,
    ReviewDetailSerializer,
    ReviewFilterSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    ScoreValueField,
)
from .round import (
    AssessmentChangeSerializer,
    AssessmentCountsSerializer,
    AssessmentSerializer,
    CriterionSerializer,
)

__all__ = [
    "AssessedApplicationSerializer",
    "AssessedCompanySerializer",
    "AssessmentChangeSerializer",
    "AssessmentCountsSerializer",
    "AssessmentSerializer",
    "AssignmentInputSerializer",
    "AssignmentSerializer",
    "AutoAssignResultSerializer",
    "ConflictInputSerializer",
    "ConflictSerializer",
    "CounterpartRefSerializer",
    "CriterionSerializer",
    "DecisionInputSerializer",
    "DecisionSerializer",
    "DecisionSummarySerializer",
    "FailedCriterionSerializer",
    "InvitableCompanySerializer",
    "InvitableFilterSerializer",
    "InvitationInputSerializer",
    "NotifyResultSerializer",
    "ParticipationInputSerializer",
    "PromoteInputSerializer",
    "RankingFilterSerializer",
    "RankingRowSerializer",
    "ReviewApplicationSerializer",
    "ReviewDetailSerializer",
    "ReviewFilterSerializer",
    "ReviewInputSerializer",
    "ReviewSerializer",
    "SCORE",
    "ScoreValueField",
    "TOTAL",
    "page_of",
    "recommendation_field",
]
