"""Who may do what in monitoring. A survey link is its own permission: whoever holds it answers
that respondent's survey and nothing else. Staff settle disagreements and work the
case-level pages (disagreements, follow-ups, return sales, survey answers): those are staff-only,
"a ministry reviewer sees only dashboards and reports" (issue 10), so the programme's reviewers
get 403 there like every other participant; anyone outside the programme 404
(programme_get_for_user)."""

from core.models import User
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme


def can_settle_outcomes(user: User, programme: Programme | None = None) -> bool:
    return user.is_authenticated and user.is_agency_staff


def can_read_outcomes(user: User, programme: Programme) -> bool:
    """The case-level outcome pages and APIs: staff only (reviewers read dashboards and
    reports, whose rules live with them)."""
    return can_settle_outcomes(user, programme)


def can_read_figures(user: User, programme: Programme) -> bool:
    """Aggregated figures (dashboards, reports): staff and the programme's reviewers."""
    return can_settle_outcomes(user, programme) or (
        user.is_authenticated and Role.REVIEWER in roles_in_programme(user, programme)
    )
