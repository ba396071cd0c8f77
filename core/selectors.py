from django.db.models import QuerySet

from .models import ApiToken, Job, Organisation, User


def job_list_for_user(user: User) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if user.is_agency_staff:
        return jobs
    return jobs.filter(created_by=user)


def organisation_list_for_user(user: User) -> QuerySet[Organisation]:
    """Agency staff see every organisation; others see their own only."""
    if user.is_agency_staff:
        return Organisation.objects.all()
    if user.organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=user.organisation_id)


def api_token_list_for_user(user: User, *, every_user: bool = False) -> QuerySet[ApiToken]:
    """The user's own API tokens; with every_user, agency staff see everyone's."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if every_user and user.is_agency_staff:
        return tokens
    return tokens.filter(user=user)
