"""Who may do what with companies and applications. One place, used by views, the API and
templates. Reads are scoped in selectors.py; these answer yes/no for one action."""

from core.models import Organisation, User
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme

from .models import Application


def can_manage_applications(user: User, programme: Programme | None = None) -> bool:
    """Agency staff screen applications, change their status, edit forms and rule sets."""
    return user.is_authenticated and user.is_agency_staff


def can_upload_applicants(user: User, programme: Programme) -> bool:
    """A counterpart organisation invited to the programme uploads its own applicant list.
    Agency staff may upload on behalf of a counterpart (they choose which)."""
    if not user.is_authenticated:
        return False
    if user.is_agency_staff:
        return True
    org = user.organisation
    return (
        org is not None
        and org.kind == Organisation.Kind.COUNTERPART
        and Role.COUNTERPART in roles_in_programme(user, programme)
    )


def can_see_applicants(user: User, programme: Programme) -> bool:
    """Staff see all applicants; a counterpart sees its own (selectors scope the rows)."""
    return user.is_authenticated and (
        user.is_agency_staff or can_upload_applicants(user, programme)
    )


def can_view_application(user: User, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_agency_staff:
        return True
    org_id = user.organisation_id
    if org_id is None:
        return False
    return application.counterpart_id == org_id or application.company.organisation_id == org_id


def can_see_own_applications(user: User) -> bool:
    """A company's members read their own company's applications ("My applications")."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    return user.organisation.kind == Organisation.Kind.COMPANY
