"""Who may do what in an assessment round. One place, used by views, the API and templates.
Reads are scoped in selectors.py; these answer yes/no for one action."""

from core.models import User
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme

from .models import Assignment, Conflict


def can_manage_assessment(user: User, programme: Programme | None = None) -> bool:
    """Agency staff set criteria, assign, lock the round, decide and invite."""
    return user.is_authenticated and user.is_agency_staff


def is_adviser(user: User, programme: Programme) -> bool:
    return user.is_authenticated and Role.ADVISER in roles_in_programme(user, programme)


def can_review(user: User, programme: Programme) -> bool:
    """Advisers of the programme see their own reviews; staff see every review."""
    return can_manage_assessment(user, programme) or is_adviser(user, programme)


def can_score(user: User, assignment: Assignment) -> bool:
    """Only the adviser an application is assigned to scores it."""
    return (
        user.is_authenticated
        and assignment.adviser_id == user.pk
        and is_adviser(user, assignment.programme)
    )


def can_declare_conflict(user: User, programme: Programme, adviser: User) -> bool:
    """Staff record anyone's conflict; an adviser declares their own."""
    if can_manage_assessment(user, programme):
        return True
    return adviser.pk == user.pk and is_adviser(user, programme)


def can_withdraw_conflict(user: User, conflict: Conflict) -> bool:
    """Staff withdraw any conflict; an adviser only one they declared themselves (not one staff
    recorded against them)."""
    if can_manage_assessment(user, conflict.programme):
        return True
    return (
        user.is_authenticated
        and conflict.adviser_id == user.pk
        and conflict.declared_by_id == user.pk
        and is_adviser(user, conflict.programme)
    )


def can_respond_participation(user: User, application) -> bool:
    """A selected company's own members answer for it; staff may record its answer."""
    if not user.is_authenticated:
        return False
    if can_manage_assessment(user, application.programme):
        return True
    organisation_id = application.company.organisation_id
    return organisation_id is not None and user.organisation_id == organisation_id


def can_read_results(user: User, programme: Programme) -> bool:
    """The selection results (figures, the companies chosen and their final scores) are for
    agency staff and the programme's ministry reviewers; read-only for both here."""
    if not user.is_authenticated:
        return False
    return user.is_agency_staff or Role.REVIEWER in roles_in_programme(user, programme)
