"""Creating, changing and deleting activities: times in UTC, within the programme, no clash
at a venue, the meeting settings of a business-meeting session; and venues."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import User

from .. import slots as slot_rules
from ..exceptions import ProgrammeError
from ..models import Activity, Programme
from .common import _Errors
from .tables import MAX_TABLES, _sync_tables

ACTIVITY_FIELDS = (
    "kind", "title", "title_ja", "title_ru", "venue", "starts_at", "ends_at", "notes",
    "meeting_minutes", "break_minutes", "meetings_per_day",
)  # fmt: skip
MEETING_DEFAULTS = {"meeting_minutes": 30, "break_minutes": 0, "meetings_per_day": 10}


def _fmt_time(moment: datetime, programme: Programme) -> str:
    return programme.local(moment).strftime("%Y-%m-%d %H:%M")


def _fmt_duration(minutes: int) -> str:
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def _validate_activity(activity: Activity, *, tables: int | None) -> None:
    programme = activity.programme
    errors = _Errors()
    if not activity.starts_at:
        errors.add("starts_at", _("Give the start time."))
    if not activity.ends_at:
        errors.add("ends_at", _("Give the end time."))
    if not activity.venue_id:
        errors.add("venue", _("Choose a venue."))
    errors.raise_if_any()
    if activity.ends_at <= activity.starts_at:
        errors.add("ends_at", _("The activity must end after it starts."))
    start_day = programme.local(activity.starts_at).date()
    end_day = programme.local(activity.ends_at - timedelta(microseconds=1)).date()
    if start_day < programme.start_date or end_day > programme.end_date:
        field = "starts_at" if start_day < programme.start_date else "ends_at"
        errors.add(
            field,
            _("The activity must take place within the programme, %(first)s to %(last)s.")
            % {"first": programme.start_date.isoformat(), "last": programme.end_date.isoformat()},
        )
    if activity.venue_id and activity.ends_at > activity.starts_at:
        clash = (
            Activity.objects.filter(
                programme=programme,
                venue_id=activity.venue_id,
                starts_at__lt=activity.ends_at,
                ends_at__gt=activity.starts_at,
            )
            .exclude(pk=activity.pk)
            .order_by("starts_at")
            .first()
        )
        if clash:
            errors.add(
                "starts_at",
                _("This overlaps “%(title)s” (%(start)s–%(end)s) at the same venue.")
                % {
                    "title": clash.title,
                    "start": _fmt_time(clash.starts_at, programme),
                    "end": programme.local(clash.ends_at).strftime("%H:%M"),
                },
            )
    if activity.is_meeting_session:
        _validate_meeting_settings(activity, errors, tables=tables, start_day=start_day)
    errors.raise_if_any()


def _validate_meeting_settings(activity, errors: _Errors, *, tables, start_day) -> None:
    programme = activity.programme
    if not 5 <= (activity.meeting_minutes or 0) <= 240:
        errors.add("meeting_minutes", _("A meeting lasts between 5 and 240 minutes."))
    if not 0 <= (activity.break_minutes or 0) <= 120:
        errors.add("break_minutes", _("A break lasts between 0 and 120 minutes."))
    if not 1 <= (activity.meetings_per_day or 0) <= 40:
        errors.add("meetings_per_day", _("Meetings per day must be between 1 and 40."))
    if tables is not None and not 1 <= tables <= MAX_TABLES:
        errors.add(
            "tables", _("A session needs between 1 and %(max)d tables.") % {"max": MAX_TABLES}
        )
    if activity.ends_at <= activity.starts_at or errors.errors:
        return
    if programme.local(activity.ends_at - timedelta(microseconds=1)).date() != start_day:
        errors.add("ends_at", _("A business-meeting session must start and end on the same day."))
        return
    needed = slot_rules.minutes_needed(
        meeting_minutes=activity.meeting_minutes,
        break_minutes=activity.break_minutes,
        meetings_per_day=activity.meetings_per_day,
    )
    available = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    if needed > available:
        errors.add(
            "meetings_per_day",
            ngettext(
                "%(count)d meeting of %(length)d minutes needs %(needed)s, but the session lasts "
                "%(available)s.",
                "%(count)d meetings of %(length)d minutes with %(pause)d-minute breaks need "
                "%(needed)s, but the session lasts %(available)s.",
                activity.meetings_per_day,
            )
            % {
                "count": activity.meetings_per_day,
                "length": activity.meeting_minutes,
                "pause": activity.break_minutes or 0,
                "needed": _fmt_duration(needed),
                "available": _fmt_duration(available),
            },
        )


def _prepare_activity(activity: Activity) -> None:
    # Compare and subtract in UTC: two wall-clock times in one zone differ by the wrong amount
    # across a daylight-saving change.
    for name in ("starts_at", "ends_at"):
        moment = getattr(activity, name)
        if moment is not None and timezone.is_aware(moment):
            setattr(activity, name, moment.astimezone(UTC))
    if activity.is_meeting_session:
        for name, default in MEETING_DEFAULTS.items():
            if getattr(activity, name) is None:
                setattr(activity, name, default)
    else:
        activity.meeting_minutes = activity.break_minutes = activity.meetings_per_day = None


def activity_create(programme: Programme, *, by: User, tables: int | None = None, **fields):
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    activity = Activity(programme=programme, **fields)
    _prepare_activity(activity)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        _validate_activity(activity, tables=tables)
        activity.save()
        _sync_tables(activity, tables)
    return activity


def activity_update(activity: Activity, *, by: User, tables: int | None = None, **fields):
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=activity.programme_id).first()
        activity = Activity.objects.select_related("programme").get(pk=activity.pk)
        for name, value in fields.items():
            setattr(activity, name, value)
        _prepare_activity(activity)
        _validate_activity(activity, tables=tables)
        activity.save()
        _sync_tables(activity, tables)
    return activity


def activity_delete(activity: Activity, *, by: User) -> None:
    """Delete an activity; refused while meetings of a schedule take place in it (the
    scheduling app's meetings restrict the deletion, so nothing is lost by accident)."""
    from django.db.models import ProtectedError, RestrictedError

    try:
        with transaction.atomic():
            activity.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "restricted_objects", None) or exc.protected_objects
        raise ProgrammeError(
            ngettext(
                "“%(title)s” cannot be deleted: %(count)d meeting of a schedule takes place in "
                "it. Move or remove it first.",
                "“%(title)s” cannot be deleted: %(count)d meetings of a schedule take place in "
                "it. Move or remove them first.",
                len(blocking),
            )
            % {"title": activity.display_title, "count": len(blocking)},
            code="in_use",
        ) from exc


def venue_get_or_create(*, name: str, city: str, by: User):
    from ..models import Venue

    venue, _created = Venue.objects.get_or_create(name=name.strip(), city=city.strip())
    return venue
