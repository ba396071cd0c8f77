from django.db.models import QuerySet

from .models import Job, Organisation, User


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
