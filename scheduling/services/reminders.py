"""Reminding the participants that have not answered the meeting requests while the request
window is open: staff press one button (``requests_remind``), one Celery task per company sends
its e-mail (``request_reminder_send``), in the company's language, with the link to its
catalogue. A company is reminded once per programme; a task run twice sends one e-mail."""

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import Company
from core.models import User
from core.tasks import enqueue_on_commit
from programmes.models import Programme
from programmes.services import absolute_url

from .. import selectors
from ..exceptions import RequestsClosed
from ..models import MeetingRequest, RequestReminder, SchedulingSettings
from .inputs import requests_check_window


def _is_open(programme: Programme, now) -> bool:
    settings = SchedulingSettings.get_for(programme)
    return bool(settings.requests_open_at and settings.requests_close_at) and (
        settings.requests_open_at <= now <= settings.requests_close_at
    )


def requests_remind(programme: Programme, *, by: User, now=None) -> list[Company]:
    """Queue a reminder for every participant that has not answered and was not reminded yet;
    returns those companies. Refused unless the request window is set and open now."""
    from ..tasks import request_reminder_send as task

    now = now or timezone.now()
    settings = SchedulingSettings.get_for(programme)
    if not (settings.requests_open_at and settings.requests_close_at):
        raise RequestsClosed(
            _("Set when meeting requests open and close before reminding the companies.")
        )
    requests_check_window(programme, now=now)
    reminded = set(
        RequestReminder.objects.filter(programme=programme).values_list("company_id", flat=True)
    )
    companies = [c for c in selectors.unanswered_participants(programme) if c.pk not in reminded]
    for company in companies:
        enqueue_on_commit(task, programme_id=programme.pk, company_id=company.pk)
    return companies


def request_reminder_send(programme: Programme, company: Company, *, now=None) -> bool:
    """E-mail one company its reminder, unless it was reminded already, has answered since,
    or the window has closed. The reminder row is written only once the e-mail went out.
    Returns whether an e-mail was sent."""
    now = now or timezone.now()
    with transaction.atomic():
        # One sender per company at a time: a second run waits here, then finds the row.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        if RequestReminder.objects.filter(programme=programme, company=company).exists():
            return False
        if MeetingRequest.objects.filter(programme=programme, company=company).exists():
            return False
        if not _is_open(programme, now):
            return False
        application = selectors.participant_applications(programme, [company]).get(company.pk)
        address = (application.email if application else "") or company.contact_email
        if not address:
            return False
        settings = SchedulingSettings.get_for(programme)
        with translation.override((application.language if application else "") or "en"):
            subject = _("Whom would you like to meet? %(title)s") % {
                "title": programme.display_title
            }
            body = render_to_string(
                "scheduling/email/request_reminder.txt",
                {
                    "programme": programme,
                    "company": company,
                    "closes": programme.local(settings.requests_close_at),
                    "link": absolute_url(
                        reverse("scheduling:request.catalogue", kwargs={"slug": programme.slug})
                    ),
                },
            )
        send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [address])
        RequestReminder.objects.create(
            programme=programme, company=company, reminded_at=timezone.now(), address=address
        )
    return True
