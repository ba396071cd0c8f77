"""Every write to programmes, activities and participation. Each validates and owns its
transaction; invalid data raises ProgrammeError with messages per field and saves nothing."""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Organisation, User

from . import slots as slot_rules
from .exceptions import ProgrammeError
from .models import (
    ALLOWED_TRANSITIONS,
    TIME_ZONE_CHOICES,
    Activity,
    Programme,
    ProgrammeOrganisation,
    ProgrammeRole,
    Role,
    Sector,
    Table,
)

TIME_ZONES = {tz for tz, _label in TIME_ZONE_CHOICES} | {"UTC"}

PROGRAMME_FIELDS = (
    "kind", "title", "title_ja", "title_ru", "title_vi", "title_th", "description",
    "description_ja", "description_ru", "description_vi", "description_th", "partner_countries",
    "sectors", "time_zone", "start_date", "end_date", "slug",
)  # fmt: skip
ACTIVITY_FIELDS = (
    "kind", "title", "title_ja", "title_ru", "venue", "starts_at", "ends_at", "notes",
    "meeting_minutes", "break_minutes", "meetings_per_day",
)  # fmt: skip
MEETING_DEFAULTS = {"meeting_minutes": 30, "break_minutes": 0, "meetings_per_day": 10}
MAX_TABLES = 200


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ProgrammeError(_("Some fields are not valid."), errors=self.errors)


def _fmt_time(moment: datetime, programme: Programme) -> str:
    return programme.local(moment).strftime("%Y-%m-%d %H:%M")


def _fmt_duration(minutes: int) -> str:
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


# --- programmes -----------------------------------------------------------------------------


def _unique_programme_slug(title: str, start: date | None) -> str:
    base = slugify(f"{title} {start.year if start else ''}")[:70] or "programme"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate_programme(programme: Programme) -> None:
    errors = _Errors()
    if programme.start_date and programme.end_date and programme.end_date < programme.start_date:
        errors.add("end_date", _("The last day cannot be before the first day."))
    dates = programme.start_date and programme.end_date
    if dates and (programme.end_date - programme.start_date).days > 366:
        errors.add("end_date", _("A programme cannot last more than a year."))
    if programme.time_zone not in TIME_ZONES:
        errors.add("time_zone", _("Unknown time zone “%(tz)s”.") % {"tz": programme.time_zone})
    unknown = [s for s in programme.sectors or [] if s not in Sector.values]
    if unknown:
        errors.add(
            "sectors",
            _("Unknown sector(s): %(sectors)s.") % {"sectors": ", ".join(map(str, unknown))},
        )
    if programme.pk and programme.start_date and programme.end_date and not errors.errors:
        for activity in programme.activities.all():
            start_day = programme.local(activity.starts_at).date()
            end_day = programme.local(activity.ends_at - timedelta(microseconds=1)).date()
            if start_day < programme.start_date or end_day > programme.end_date:
                errors.add(
                    "start_date" if start_day < programme.start_date else "end_date",
                    _("The activity “%(title)s” on %(day)s would fall outside the programme.")
                    % {"title": activity.title, "day": start_day.isoformat()},
                )
    errors.raise_if_any()
    try:
        programme.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ProgrammeError(_("Some fields are not valid."), errors=exc.message_dict) from exc


def programme_create(*, by: User, **fields) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown programme fields: {sorted(unknown)}")
    programme = Programme(created_by=by, **fields)
    if not programme.slug:
        programme.slug = _unique_programme_slug(programme.title, programme.start_date)
    _validate_programme(programme)
    with transaction.atomic():
        programme.save()
    return programme


def programme_update(programme: Programme, *, by: User, **fields) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown programme fields: {sorted(unknown)}")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.__dict__.pop("tzinfo", None)
        _validate_programme(programme)
        programme.save()
    return programme


def programme_transition_needs_confirmation(programme: Programme, *, to: str) -> bool:
    """Only the step back to draft has consequences (the public form closes): it is confirmed
    first. The other steps back change nothing but the status (decisions, schedules and e-mails
    already sent stay as they are) and stay one click, to correct a mistake."""
    return to == Programme.Status.DRAFT and programme.status != Programme.Status.DRAFT


def programme_transition_effects(programme: Programme, *, to: str) -> list[str]:
    """What moving to `to` does beyond the status, in words for the confirmation page."""
    if not programme_transition_needs_confirmation(programme, to=to):
        return []
    # The form and the applications belong to the companies app, which builds on this one: they
    # are reached through their reverse relations rather than imported.
    form = getattr(programme, "application_form", None)
    counts: dict[str, int] = {}
    for row in programme.applications.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    drafts = counts.get("draft", 0)
    made = sum(counts.values()) - drafts
    effects = []
    if form is not None and form.is_open:
        effects.append(
            _("The public application form closes: companies can no longer start an application "
              "through its link. Open it again from the form settings once the programme "
              "recruits again.")
        )  # fmt: skip
    else:
        effects.append(_("The public application form is already closed and stays closed."))
    effects.append(
        ngettext(
            "%(count)s application already submitted or imported is kept as it is.",
            "%(count)s applications already submitted or imported are kept as they are.",
            made,
        )
        % {"count": made}
    )
    if drafts:
        effects.append(
            ngettext(
                "%(count)s company has a draft application: it can still edit and submit it "
                "through its private link until the deadline.",
                "%(count)s companies have a draft application: they can still edit and submit "
                "them through their private links until the deadline.",
                drafts,
            )
            % {"count": drafts}
        )
    effects.append(_("Counterparts, advisers and other participants stay invited."))
    return effects


def programme_transition(
    programme: Programme, *, to: str, by: User, confirmed: bool = False
) -> Programme:
    """Move one step on or back. The step back to draft closes the public form and is refused
    unless `confirmed` (the page and the API show its effects first)."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        allowed = ALLOWED_TRANSITIONS.get(programme.status, ())
        if to not in allowed:
            labels = dict(Programme.Status.choices)
            raise ProgrammeError(
                _("A programme in status “%(current)s” cannot move to “%(target)s”.")
                % {"current": labels.get(programme.status), "target": labels.get(to, to)},
                errors={
                    "status": [
                        _("Allowed: %(allowed)s.")
                        % {"allowed": ", ".join(str(labels[s]) for s in allowed) or "—"}
                    ]
                },
                code="invalid_transition",
            )
        if programme_transition_needs_confirmation(programme, to=to):
            if not confirmed:
                raise ProgrammeError(
                    _("Moving the programme back to “Draft” closes its public application form: "
                      "confirm it to go ahead."),
                    errors={"confirm": [_("Confirm the step back to draft.")]},
                    code="confirmation_required",
                )  # fmt: skip
            form = getattr(programme, "application_form", None)
            if form is not None and form.is_open:
                form.is_open = False
                form.save(update_fields=["is_open"])
        programme.status = to
        programme.save(update_fields=["status", "updated_at"])
    return programme


# --- activities -----------------------------------------------------------------------------


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


def _delete_tables(activity: Activity, tables) -> None:
    """Delete tables; refused while meetings of a schedule use them (the scheduling app's
    meetings restrict the deletion of their table)."""
    from django.db.models import ProtectedError, RestrictedError

    try:
        with transaction.atomic():
            tables.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "restricted_objects", None) or exc.protected_objects
        raise ProgrammeError(
            ngettext(
                "The tables of “%(title)s” cannot be removed: %(count)d meeting of a schedule "
                "takes place at them. Move or remove it first.",
                "The tables of “%(title)s” cannot be removed: %(count)d meetings of a schedule "
                "take place at them. Move or remove them first.",
                len(blocking),
            )
            % {"title": activity.display_title, "count": len(blocking)},
            errors={"tables": [str(len(blocking))]},
            code="in_use",
        ) from exc


def _sync_tables(activity: Activity, count: int | None) -> None:
    if not activity.is_meeting_session:
        _delete_tables(activity, activity.tables.all())
        return
    if count is None:
        if activity.tables.exists():
            return
        count = 1
    _delete_tables(activity, activity.tables.filter(number__gt=count))
    existing = set(activity.tables.values_list("number", flat=True))
    Table.objects.bulk_create(
        Table(activity=activity, number=n) for n in range(1, count + 1) if n not in existing
    )


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


# --- participation --------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """A path on this site as a full link for e-mails (SITE_URL)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _notify(recipients: list[tuple[str, str]], *, programme: Programme, role: str) -> None:
    """E-mail each (address, language) about an invitation, in that person's language."""
    link = absolute_url(reverse("programmes:programme.detail", kwargs={"slug": programme.slug}))
    for address, language in recipients:
        if not address:
            continue
        with translation.override(language or "en"):
            context = {
                "programme": programme,
                "role": dict(Role.choices)[role],
                "link": link,
                "first_day": formats.date_format(programme.start_date),
                "last_day": formats.date_format(programme.end_date),
            }
            subject = _("Invitation: %(title)s") % {"title": programme.display_title}
            body = render_to_string("programmes/email/invitation.txt", context)
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_mail(
                s, b, settings.DEFAULT_FROM_EMAIL, [a], fail_silently=False
            )
        )


def programme_invite_organisation(
    programme: Programme, *, organisation: Organisation, role: str, by: User
) -> ProgrammeOrganisation:
    if role not in (Role.COUNTERPART, Role.ADVISER, Role.INTERPRETER, Role.REVIEWER, Role.COMPANY):
        raise ProgrammeError(
            _("Organisations cannot be invited with this role."),
            errors={"role": [_("Choose another role.")]},
        )
    expected = {
        Role.COUNTERPART: Organisation.Kind.COUNTERPART,
        Role.REVIEWER: Organisation.Kind.MINISTRY,
        Role.COMPANY: Organisation.Kind.COMPANY,
        Role.ADVISER: Organisation.Kind.ADVISERS,
        Role.INTERPRETER: Organisation.Kind.INTERPRETERS,
    }[role]
    if organisation.kind != expected:
        raise ProgrammeError(
            _("“%(name)s” is registered as “%(actual)s”; this role needs “%(expected)s”.")
            % {
                "name": organisation.name,
                "actual": organisation.get_kind_display(),
                "expected": Organisation.Kind(expected).label,
            },
            errors={"organisation": [_("This organisation cannot take this role.")]},
        )
    try:
        with transaction.atomic():
            link = ProgrammeOrganisation.objects.create(
                programme=programme, organisation=organisation, role=role, invited_by=by
            )
            recipients = [
                (u.email, u.language) for u in organisation.members.filter(is_active=True)
            ]
            if organisation.contact_email and organisation.contact_email not in {
                r[0] for r in recipients
            }:
                recipients.append((organisation.contact_email, "en"))
            _notify(recipients, programme=programme, role=role)
    except IntegrityError as exc:
        raise ProgrammeError(
            _("“%(name)s” is already invited to this programme.") % {"name": organisation.name},
            errors={"organisation": [_("Already invited.")]},
        ) from exc
    return link


def programme_invite_user(
    programme: Programme, *, user: User, role: str, by: User
) -> ProgrammeRole:
    if role not in Role.values:
        raise ProgrammeError(
            _("Unknown role “%(role)s”.") % {"role": role},
            errors={"role": [_("Choose one of the roles offered.")]},
        )
    if role == Role.STAFF and not user.is_agency_staff:
        raise ProgrammeError(
            _("Only members of the implementing agency can be programme staff."),
            errors={"user": [_("Not a member of the implementing agency.")]},
        )
    try:
        with transaction.atomic():
            grant = ProgrammeRole.objects.create(
                programme=programme, user=user, role=role, invited_by=by
            )
            _notify([(user.email, user.language)], programme=programme, role=role)
    except IntegrityError as exc:
        raise ProgrammeError(
            _("%(name)s already has this role in the programme.") % {"name": user.display_name()},
            errors={"user": [_("Already invited with this role.")]},
        ) from exc
    return grant


def programme_uninvite(link: ProgrammeOrganisation | ProgrammeRole, *, by: User) -> None:
    link.delete()


def now_local(programme: Programme) -> datetime:
    return programme.local(timezone.now())


# --- export ---------------------------------------------------------------------------------


def programme_export_start(programme: Programme, *, by: User):
    from core.services import job_create

    from .tasks import programme_export_run as task

    return job_create(
        kind="programme_export",
        description=_("Workbook of “%(title)s”") % {"title": programme.display_title},
        params={"programme_id": programme.pk, "language": translation.get_language() or "en"},
        by=by,
        task=task,
    )


def programme_export_run(job, *, worker: str = "") -> None:
    """Build the workbook in the worker, reporting progress activity by activity."""
    from core import services as jobs

    from .export import build_workbook
    from .selectors import activity_list

    if not jobs.job_start(job, worker=worker):
        return
    try:
        programme = Programme.objects.get(pk=job.params["programme_id"])
        with translation.override(job.params.get("language", "en")):
            activities = list(activity_list(programme))
            jobs.job_progress(job, done=0, total=max(1, len(activities)))
            content = build_workbook(
                programme,
                activities,
                on_progress=lambda done, total: jobs.job_progress(job, done=done, total=total),
            )
            jobs.job_succeed(
                job,
                filename=f"{programme.slug}.xlsx",
                content=content,
                message=ngettext(
                    "%(count)d activity exported.",
                    "%(count)d activities exported.",
                    len(activities),
                )
                % {"count": len(activities)},
            )
    except Programme.DoesNotExist:
        jobs.job_fail(job, message=_("The programme no longer exists."))
    except Exception as exc:
        jobs.job_fail(job, message=f"{type(exc).__name__}: {exc}")
        raise


def venue_get_or_create(*, name: str, city: str, by: User):
    from .models import Venue

    venue, _created = Venue.objects.get_or_create(name=name.strip(), city=city.strip())
    return venue
