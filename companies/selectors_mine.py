"""Reads for a company's own home ("My applications"): the applications of the company the
signed-in user's organisation is, in every programme it applied to. Nobody else's: the rows are
found through the user's organisation only, so a company never sees another company's."""

from django.db.models import QuerySet

from core.models import User
from programmes.selectors import programme_list_for_user

from .models import Application, Company


def application_list_for_company_member(user: User) -> QuerySet[Application]:
    """The user's company's applications, the latest programme first. None for a user whose
    organisation is no company (agency staff included: this is a company's own list)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Application.objects.none()
    return (
        Application.objects.visible_to(user)
        .filter(company__organisation_id=user.organisation_id)
        .select_related("programme", "programme__application_form", "company")
        .order_by("-programme__start_date", "programme__id", "id")
    )


def visible_programme_ids(user: User, applications) -> set[int]:
    """Which of the applications' programmes the user may open (invited to them): the others
    are reached through the application's private page only."""
    ids = {application.programme_id for application in applications}
    if not ids:
        return set()
    return set(programme_list_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


def company_of_member(user: User) -> Company | None:
    """The company the user's organisation is, if it is one."""
    if not user.is_authenticated or user.organisation_id is None:
        return None
    return Company.objects.filter(organisation_id=user.organisation_id).first()
