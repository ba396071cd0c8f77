"""Publishing a draft schedule: the previous one superseded, every participant told in their
language with a link to their agenda."""

from collections import defaultdict

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, User
from programmes.models import Programme
from programmes.services import absolute_url

from .. import selectors
from ..exceptions import PublishRefused
from ..models import Meeting, Schedule, SchedulingSettings


def _agenda_link(programme: Programme, kind: str, pk: int) -> str:
    """The participant's agenda page (kind "company" or "interpreter")."""
    return absolute_url(
        reverse(f"scheduling:agenda.{kind}", kwargs={"slug": programme.slug, "pk": pk})
    )


def schedule_publish(schedule: Schedule, *, by: User) -> Schedule:
    """Publish a draft: the programme's published schedule (if any) becomes superseded, and
    every participant is e-mailed, in their language, with a link to their agenda."""
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=schedule.programme_id)
        schedule = Schedule.objects.select_related("programme").get(pk=schedule.pk)
        if schedule.status != Schedule.Status.DRAFT:
            raise PublishRefused(
                _("Only a draft can be published; this schedule is %(status)s.")
                % {"status": schedule.get_status_display().lower()}
            )
        now = timezone.now()
        Schedule.objects.filter(
            programme=schedule.programme, status=Schedule.Status.PUBLISHED
        ).update(status=Schedule.Status.SUPERSEDED)
        schedule.status, schedule.published_at, schedule.published_by = (
            Schedule.Status.PUBLISHED,
            now,
            by,
        )
        schedule.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            AuditEvent.Action.SCHEDULE_PUBLISH,
            actor=by,
            obj=schedule,
            programme=schedule.programme,
        )
        _notify_published(schedule)
    return schedule


def _notify_published(schedule: Schedule) -> None:
    programme = schedule.programme
    counts: dict[int, int] = defaultdict(int)
    for overseas_id, domestic_id in schedule.meetings.filter(
        status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD]
    ).values_list("overseas_id", "domestic_id"):
        counts[overseas_id] += 1
        counts[domestic_id] += 1
    companies = list(selectors.overseas_participants(programme)) + list(
        selectors.domestic_participants(programme)
    )
    applications = selectors.participant_applications(programme, companies)
    messages = []
    for company in companies:
        application = applications.get(company.pk)
        address = (application.email if application else "") or company.contact_email
        if not address:
            continue
        language = application.language if application else "en"
        messages.append((address, language, company, counts[company.pk], "company", company.pk))
    interpreter_ids = set(
        schedule.meetings.exclude(interpreter=None).values_list("interpreter_id", flat=True)
    )
    for user in User.objects.filter(pk__in=interpreter_ids).exclude(email=""):
        messages.append((user.email, user.language, None, None, "interpreter", user.pk))
    for address, language, company, count, kind, pk in messages:
        with translation.override(language or "en"):
            link = _agenda_link(programme, kind, pk)
            subject = _("Your meeting schedule: %(title)s") % {"title": programme.display_title}
            body = render_to_string(
                "scheduling/email/published.txt",
                {"programme": programme, "company": company, "count": count, "link": link},
            )
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_mail(
                s, b, django_settings.DEFAULT_FROM_EMAIL, [a]
            )
        )


def settings_get_or_create(programme: Programme) -> SchedulingSettings:
    found, _created = SchedulingSettings.objects.get_or_create(programme=programme)
    return found
