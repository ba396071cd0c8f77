"""Invitations and reminders: a periodic task (Celery beat, ``surveys_remind``) issues the links
of meetings that have ended and queues one e-mail per link that is due: the invitation (round
0) as soon as the link exists, then a reminder every ``reminder_days`` to respondents who have
not answered, at most ``reminder_rounds`` times, while the link is open. One task per e-mail
(``survey_mail_send``); the row of a round is written once its e-mail went out, so a task run
twice sends one e-mail."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.tasks import enqueue_on_commit
from programmes.models import Programme
from programmes.services import absolute_url
from scheduling.models import Schedule

from ..models import LEVEL_MEANINGS, MonitoringSettings, SurveyLink, SurveyReminder
from ..tokens import token_for
from .surveys import survey_links_issue


def _programmes_with_schedule():
    return Programme.objects.filter(schedules__status=Schedule.Status.PUBLISHED).distinct()


def survey_mails_due(*, now=None) -> list[tuple[int, int]]:
    """Issue the missing links, then (link id, round) of every e-mail due now."""
    now = now or timezone.now()
    due = []
    for programme in _programmes_with_schedule():
        survey_links_issue(programme, now=now)
        settings = MonitoringSettings.get_for(programme)
        links = (
            SurveyLink.objects.filter(
                meeting__schedule__programme=programme,
                meeting__schedule__status=Schedule.Status.PUBLISHED,
                response__isnull=True,
                expires_at__gt=now,
            )
            .exclude(email="")
            .exclude(meeting__status__in=["cancelled", "no_show"])
            .annotate(last_round=Max("reminders__round"), last_sent=Max("reminders__sent_at"))
        )
        for link in links:
            if link.last_round is None:
                due.append((link.pk, 0))
            elif link.last_round < settings.reminder_rounds and (
                link.last_sent + timedelta(days=settings.reminder_days) <= now
            ):
                due.append((link.pk, link.last_round + 1))
    return due


def survey_mails_queue(*, now=None) -> list[tuple[int, int]]:
    """Queue a task per e-mail due (after the transaction commits)."""
    from ..tasks import survey_mail_send as task

    due = survey_mails_due(now=now)
    for link_id, round_ in due:
        enqueue_on_commit(task, link_id=link_id, round=round_)
    return due


def survey_mail_send(link: SurveyLink, *, round: int, now=None) -> bool:
    """E-mail the link's respondent (invitation or reminder ``round``) in their language,
    unless that round went out already, they have answered, or the survey closed."""
    now = now or timezone.now()
    with transaction.atomic():
        link = (
            SurveyLink.objects.select_for_update()
            .select_related(
                "meeting__schedule__programme", "meeting__overseas", "meeting__domestic"
            )
            .filter(pk=link.pk)
            .first()
        )
        if link is None or not link.email:
            return False
        if SurveyReminder.objects.filter(link=link, round=round).exists():
            return False
        if hasattr(link, "response") or now > link.expires_at:
            return False
        if link.meeting.status in ("cancelled", "no_show"):
            return False
        programme = link.meeting.schedule.programme
        with translation.override(link.language or "en"):
            if round == 0:
                subject = _("How did your meeting go? %(title)s")
            else:
                subject = _("Reminder: how did your meeting go? %(title)s")
            subject = subject % {"title": programme.display_title}
            body = render_to_string(
                "monitoring/email/survey.txt",
                {
                    "programme": programme,
                    "link": link,
                    "meeting": link.meeting,
                    "starts": programme.local(link.meeting.starts_at),
                    "closes": programme.local(link.expires_at),
                    "reminder": round > 0,
                    "levels": LEVEL_MEANINGS.items(),
                    "url": absolute_url(
                        reverse("monitoring:survey", kwargs={"token": token_for(link.pk)})
                    ),
                },
            )
        send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [link.email])
        SurveyReminder.objects.create(link=link, round=round, sent_at=now, address=link.email)
    return True
