"""The round, its criteria and advisers, the pool of applications, conflicts and assignments as
the user may see them."""

from django.db.models import Q, QuerySet
from django.http import Http404

from companies.models import Application, Company
from core.models import User
from programmes.models import Programme, ProgrammeOrganisation, ProgrammeRole, Role
from programmes.selectors import programme_ids_with_role

from ..models import Assessment, Assignment, Conflict, Criterion
from ..rules import can_manage_assessment

S = Application.Status
# Applications advisers assess: eligible ones, and those already decided on.
ASSESSABLE = (S.ELIGIBLE, S.SHORTLISTED, S.SELECTED, S.WAITLISTED, S.REJECTED)
UNDECIDED = (S.ELIGIBLE, S.SHORTLISTED)


def assessment_for(programme: Programme) -> Assessment:
    """The round's settings; the defaults (unsaved) until staff change them."""
    return Assessment.objects.filter(programme=programme).first() or Assessment(programme=programme)


def criterion_list(programme: Programme) -> QuerySet[Criterion]:
    return Criterion.objects.filter(programme=programme)


def criterion_get(programme: Programme, pk) -> Criterion:
    try:
        return criterion_list(programme).get(pk=pk)
    except (Criterion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such criterion.") from exc


def adviser_list(programme: Programme) -> QuerySet[User]:
    """People invited as advisers, in person or through their organisation."""
    people = ProgrammeRole.objects.filter(programme=programme, role=Role.ADVISER).values("user_id")
    organisations = ProgrammeOrganisation.objects.filter(
        programme=programme, role=Role.ADVISER
    ).values("organisation_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=people) | Q(organisation_id__in=organisations))
        .order_by("last_name", "first_name", "username")
    )


def pool(programme: Programme) -> QuerySet[Application]:
    """The applications of the round: assessable, and not invited from the registry."""
    return (
        Application.objects.unscoped("the round's pool: staff pages; advisers see assignments")
        .filter(programme=programme, status__in=ASSESSABLE)
        .exclude(decision__invited=True)
        .select_related("company", "counterpart")
    )


def conflict_list_for_user(user: User, programme: Programme) -> QuerySet[Conflict]:
    conflicts = Conflict.objects.filter(programme=programme).select_related(
        "programme", "adviser__organisation", "company", "declared_by__organisation"
    )
    if can_manage_assessment(user, programme):
        return conflicts
    if not user.is_authenticated:
        return conflicts.none()
    return conflicts.filter(adviser=user, programme__in=programme_ids_with_role(user, Role.ADVISER))


def conflict_get_for_user(user: User, pk) -> Conflict:
    conflict = (
        Conflict.objects.filter(pk=pk).select_related("programme").first()
        if str(pk).isdigit()
        else None
    )
    if (
        conflict is None
        or not conflict_list_for_user(user, conflict.programme).filter(pk=conflict.pk).exists()
    ):
        raise Http404("No such conflict.")
    return conflict


def conflicted_companies(programme: Programme, adviser: User) -> QuerySet[Company]:
    return Company.objects.filter(conflicts__programme=programme, conflicts__adviser=adviser)


def assignment_list_for_user(user: User, programme: Programme | None = None) -> QuerySet:
    assignments = Assignment.objects.select_related(
        "application__company",
        "application__counterpart",
        "application__programme",
        "adviser__organisation",
        "assigned_by__organisation",
        "programme",
    )
    if programme is not None:
        assignments = assignments.filter(programme=programme)
    if not user.is_authenticated:
        return assignments.none()
    if user.is_agency_staff:
        return assignments
    # An adviser sees their reviews only while they advise the programme.
    return assignments.filter(
        adviser=user, programme__in=programme_ids_with_role(user, Role.ADVISER)
    )


def assignment_get_for_user(user: User, pk) -> Assignment:
    try:
        return assignment_list_for_user(user).get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such review.") from exc
