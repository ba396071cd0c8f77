"""Reads of programmes, already scoped to what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core.models import User

from .models import Activity, Programme, ProgrammeOrganisation, ProgrammeRole, Table, Venue


def programme_list_for_user(user: User) -> QuerySet[Programme]:
    """Agency staff see every programme; everyone else only those they were invited to."""
    programmes = Programme.objects.all()
    if not user.is_authenticated:
        return programmes.none()
    if user.is_agency_staff:
        return programmes
    invited = Q(roles__user=user)
    if user.organisation_id:
        invited |= Q(organisation_links__organisation_id=user.organisation_id)
    ids = Programme.objects.filter(invited).values("pk")
    return programmes.filter(pk__in=ids)


def programme_ids_with_role(user: User, *roles: str) -> QuerySet:
    """Ids of the programmes where `user` takes part with one of `roles`, in person or through
    their organisation: the membership every participant's reads are scoped by (a participant
    removed from a programme loses what it saw there)."""
    if not user.is_authenticated:
        return Programme.objects.none().values("pk")
    member = Q(roles__user=user, roles__role__in=roles)
    if user.organisation_id:
        member |= Q(
            organisation_links__organisation_id=user.organisation_id,
            organisation_links__role__in=roles,
        )
    return Programme.objects.filter(member).values("pk")


def programme_list_with_counts(user: User) -> QuerySet[Programme]:
    return programme_list_for_user(user).annotate(
        activity_count=Count("activities", distinct=True),
    )


def programme_get_for_user(user: User, slug: str) -> Programme:
    try:
        return programme_list_for_user(user).get(slug=slug)
    except Programme.DoesNotExist as exc:
        raise Http404("No such programme.") from exc


def activity_list(programme: Programme) -> QuerySet[Activity]:
    return (
        programme.activities.select_related("venue")
        .prefetch_related(Prefetch("tables", queryset=Table.objects.order_by("number")))
        .order_by("starts_at", "id")
    )


def activity_list_for_user(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(programme__in=programme_list_for_user(user))
        .select_related("venue", "programme")
        .prefetch_related(Prefetch("tables", queryset=Table.objects.order_by("number")))
        .order_by("starts_at", "id")
    )


def activity_get_for_user(user: User, pk: int) -> Activity:
    try:
        return activity_list_for_user(user).get(pk=pk)
    except (Activity.DoesNotExist, ValueError) as exc:
        raise Http404("No such activity.") from exc


def activities_by_day(programme: Programme) -> list[tuple]:
    """[(local date, [activities])] in the programme's time zone, every day of the programme."""
    from datetime import timedelta

    days: dict = {}
    day = programme.start_date
    while day <= programme.end_date:
        days[day] = []
        day += timedelta(days=1)
    for activity in activity_list(programme):
        local_day = programme.local(activity.starts_at).date()
        days.setdefault(local_day, []).append(activity)
    return sorted(days.items())


def participants(programme: Programme) -> dict:
    return {
        "organisations": ProgrammeOrganisation.objects.filter(programme=programme)
        .select_related("organisation")
        .order_by("role", "organisation__name"),
        "people": ProgrammeRole.objects.filter(programme=programme)
        .select_related("user", "user__organisation")
        .order_by("role", "user__last_name", "user__username"),
    }


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.all()
