"""Telling the participants whose agenda changed: one Celery task per recipient, on commit,
keyed by the change."""

import uuid

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from companies.models import Company
from core.models import User
from core.tasks import enqueue_on_commit
from programmes.services import absolute_url

from ... import selectors
from ...models import (
    Schedule,
)


def affected(meetings, *, interpreters=()) -> tuple[set[int], set[int]]:
    """Company ids and interpreter ids whose agenda the meetings touch."""
    companies, people = set(), {i for i in interpreters if i}
    for meeting in meetings:
        companies |= {meeting.overseas_id, meeting.domestic_id}
        if meeting.interpreter_id:
            people.add(meeting.interpreter_id)
    return companies, people


def _notify(schedule: Schedule, meetings, *, interpreters=()) -> None:
    companies, people = affected(meetings, interpreters=interpreters)
    notify_changed(schedule, companies=companies, interpreters=people)


def notify_changed(schedule: Schedule, *, companies: set[int], interpreters: set[int]) -> None:
    """On the published schedule: one task per participant whose agenda changed, on commit,
    keyed by the change (a task run twice tells once)."""
    if schedule.status != Schedule.Status.PUBLISHED:
        return
    from ...tasks import agenda_changed_notify as task

    key = uuid.uuid4().hex
    for kind, ids in (("company", companies), ("interpreter", interpreters)):
        for pk in sorted(ids):
            enqueue_on_commit(task, schedule_id=schedule.pk, kind=kind, pk=pk, key=key)


def agenda_changed_notify(schedule: Schedule, *, kind: str, pk: int) -> bool:
    """E-mail one participant (a company or an interpreter) that their agenda changed, in
    their language, with the link to it. Returns whether an e-mail went out."""
    programme = schedule.programme
    if kind == "company":
        company = Company.objects.filter(pk=pk).first()
        if company is None:
            return False
        application = selectors.participant_applications(programme, [company]).get(company.pk)
        address = (application.email if application else "") or company.contact_email
        language = (application.language if application else "") or "en"
        name = company.legal_name
    else:
        user = User.objects.filter(pk=pk).first()
        if user is None:
            return False
        address, language, name = user.email, user.language or "en", user.get_full_name()
    if not address:
        return False
    with translation.override(language):
        link = absolute_url(
            reverse(f"scheduling:agenda.{kind}", kwargs={"slug": programme.slug, "pk": pk})
        )
        subject = _("Your meeting schedule changed: %(title)s") % {"title": programme.display_title}
        body = render_to_string(
            "scheduling/email/changed.txt", {"programme": programme, "name": name, "link": link}
        )
    send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [address])
    return True
