"""Who may do what in monitoring. A survey link is its own permission: whoever holds it answers
that respondent's survey and nothing else. Staff settle disagreements; the programme's
reviewers read the outcome pages and change nothing; everyone else in the programme gets 403,
anyone outside it 404 (programme_get_for_user)."""

from core.models import User
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme


def can_settle_outcomes(user: User, programme: Programme | None = None) -> bool:
    return user.is_authenticated and user.is_agency_staff


def can_read_outcomes(user: User, programme: Programme) -> bool:
    return can_settle_outcomes(user, programme) or (
        user.is_authenticated and Role.REVIEWER in roles_in_programme(user, programme)
    )
