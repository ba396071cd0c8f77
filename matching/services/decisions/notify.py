"""Telling the companies their decision: one e-mail each, in their language, with their private
link, queued on commit, marked told only once it went."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.services.applications import (
    private_link,
)
from core.models import User
from core.tasks import enqueue_on_commit
from programmes.models import Programme

from ...exceptions import DecisionRefused
from ...models import Decision
from .record import OUTCOME_STATUS, O, S

SUBJECTS = {
    O.SELECT: lambda title: _("You are selected: %(title)s") % {"title": title},
    O.WAITLIST: lambda title: _("You are on the waiting list: %(title)s") % {"title": title},
    O.REJECT: lambda title: _("Your application: %(title)s") % {"title": title},
}


def _stands(decision: Decision) -> bool:
    """The decision is still the applicant's status (not withdrawn or changed since)."""
    return decision.application.status == OUTCOME_STATUS[decision.outcome]


def _queue(decision: Decision) -> bool:
    """Queue the e-mail telling the company, once the transaction commits; False when there is
    no address to send it to. Each company is its own task: one failing stops no other."""
    from ...tasks import decision_notify

    if not decision.application.email:
        return False
    enqueue_on_commit(decision_notify, decision_id=decision.pk)
    return True


def decision_send(decision_id: int) -> bool:
    """E-mail one decision to its company (in its language, with its private link) and mark it
    told, only once the e-mail went. Nothing is sent for a decision already told, gone, or no
    longer the applicant's status. The decision's row is held while sending, so two runs at once
    send one e-mail; a failure leaves it untold and raises."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .filter(pk=decision_id, notified_at__isnull=True)
            .select_related("application__company", "application__programme")
            .first()
        )
        if decision is None or not _stands(decision) or not decision.application.email:
            return False
        application = decision.application
        with translation.override(application.language or "en"):
            programme = application.programme
            context = {
                "decision": decision,
                "application": application,
                "company": application.company,
                "programme": programme,
                "link": private_link(application),
            }
            if decision.invited:
                subject = _("Invitation to take part: %(title)s") % {
                    "title": programme.display_title
                }
            else:
                subject = SUBJECTS[decision.outcome](programme.display_title)
            body = render_to_string("matching/email/decision.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
        Decision.objects.filter(pk=decision.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
    return True


def _untold(programme: Programme):
    """The decisions not yet told whose outcome is still the applicant's status."""
    return (
        Decision.objects.filter(application__programme=programme, notified_at__isnull=True)
        .filter(
            Q(outcome=O.SELECT, application__status=S.SELECTED)
            | Q(outcome=O.WAITLIST, application__status=S.WAITLISTED)
            | Q(outcome=O.REJECT, application__status=S.REJECTED)
        )
        .select_related("application__company")
        .order_by("application__company__legal_name", "pk")
    )


def _nothing_to_tell(programme: Programme) -> DecisionRefused:
    recorded = Decision.objects.filter(application__programme=programme)
    if not recorded.exists():
        message = _(
            "No decision is recorded yet: select, waitlist or reject applicants in the ranking "
            "first. Nothing was sent."
        )
    elif not recorded.filter(notified_at__isnull=True).exists():
        message = _("Every decision has already been told: nothing to send.")
    else:
        message = _(
            "The decisions not yet told are no longer the applicants' status (withdrawn or "
            "changed since): nothing to send."
        )
    return DecisionRefused(message, code="nothing_to_tell")


def decisions_notify_preview(programme: Programme) -> dict:
    """What "Tell the companies" would send, before it does: the e-mails by kind and language
    (`groups`: kind, language, count), the companies without an address, and how many were
    already told. Raises DecisionRefused (code `nothing_to_tell`) when it would send nothing."""
    pending = list(_untold(programme))
    if not pending:
        raise _nothing_to_tell(programme)
    counts: dict[tuple[str, str], int] = {}
    without_email = []
    for decision in pending:
        if not decision.application.email:
            without_email.append(str(decision.application.company))
            continue
        kind = "invitation" if decision.invited else decision.outcome
        key = (kind, decision.application.language or "en")
        counts[key] = counts.get(key, 0) + 1
    order = ["invitation", O.SELECT, O.WAITLIST, O.REJECT]
    groups = [
        {"kind": kind, "language": language, "count": count}
        for (kind, language), count in sorted(
            counts.items(), key=lambda item: (order.index(item[0][0]), item[0][1])
        )
    ]
    told = Decision.objects.filter(
        application__programme=programme, notified_at__isnull=False
    ).count()
    return {
        "groups": groups,
        "to_send": sum(counts.values()),
        "without_email": without_email,
        "already_told": told,
    }


def decisions_notify(programme: Programme, *, by: User) -> dict:
    """Queue the e-mail of every decision not yet told to its company, one task each. A
    decision counts as told only once its e-mail went, so running this again queues the ones a
    failure left untold (and a task queued twice still sends once). Raises DecisionRefused
    (code `nothing_to_tell`, with the reason) when there is no decision to tell."""
    queued, no_email = 0, []
    with transaction.atomic():
        pending = list(_untold(programme))
        if not pending:
            raise _nothing_to_tell(programme)
        for decision in pending:
            if _queue(decision):
                queued += 1
            else:
                no_email.append(str(decision.application.company))
    return {"queued": queued, "without_email": no_email}
