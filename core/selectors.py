from django.db.models import QuerySet

from .models import ApiToken, Job, Organisation, User


def job_list_for_user(user: User) -> QuerySet[Job]:
    """The jobs `user` may see (the policy is core.models.JobQuerySet)."""
    return Job.objects.visible_to(user).select_related("created_by")


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


def audit_event_list(
    *,
    action: str | None = None,
    user: str | None = None,
    programme: str | None = None,
    date_from=None,
    date_to=None,
    ip: str | None = None,
):
    """The audit log, newest first, narrowed by the filters given (dates in UTC, both days
    included; the user name and the programme's short name as parts of them)."""
    import datetime as dt

    from .models import AuditEvent

    events = AuditEvent.objects.select_related("content_type")
    if action:
        events = events.filter(action=action)
    if user:
        events = events.filter(username__icontains=user)
    if programme:
        events = events.filter(programme__icontains=programme)
    if date_from:
        events = events.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, dt.UTC))
    if date_to and date_to < dt.date.max:  # the last day there is: no end to filter on
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, dt.UTC)
        events = events.filter(at__lt=end)
    if ip:
        events = events.filter(ip_address=ip)
    return events.order_by("-at", "-id")
