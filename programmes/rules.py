"""Who may do what with a programme. One place, used by views, the API and templates."""

from core.models import User

from .models import Programme, ProgrammeOrganisation, ProgrammeRole, Role


def can_manage_programme(user: User, programme: Programme | None = None) -> bool:
    """Programme staff of the implementing agency create and change programmes."""
    return user.is_authenticated and user.is_agency_staff


def roles_in_programme(user: User, programme: Programme) -> set[str]:
    if not user.is_authenticated:
        return set()
    roles = set(
        ProgrammeRole.objects.filter(programme=programme, user=user).values_list("role", flat=True)
    )
    if user.organisation_id:
        roles |= set(
            ProgrammeOrganisation.objects.filter(
                programme=programme, organisation_id=user.organisation_id
            ).values_list("role", flat=True)
        )
    if user.is_agency_staff:
        roles.add(Role.STAFF)
    return roles
