"""Follow-up cases: a meeting whose outcome level (settled, else derived) is 3 or 4 gets one
(``follow_up_open_for``, called by the outcome services after every change of level; safe to
call twice; when the level leaves 3-4 an untouched case is withdrawn, a worked one stays).
Staff work the case (``follow_up_update``): status, note, next contact date, planned visits,
deal value with currency; every change of status and every note is kept (FollowUpNote).
A daily task reminds staff of the cases whose next contact date has passed, once per date."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.forms import CURRENCIES
from core.models import Organisation, User
from programmes.services import absolute_url

from ..exceptions import FollowUpRefused
from ..models import FollowUp, FollowUpNote, MeetingOutcome
from ..rules import can_settle_outcomes

FOLLOW_UP_LEVELS = (3, 4)
UNSET = object()


def follow_up_open_for(outcome: MeetingOutcome) -> FollowUp | None:
    """Open the meeting's follow-up when its level is 3 or 4. When the level leaves 3-4 (a
    later answer or a settlement) a case nobody has worked yet (still open, no note) is
    withdrawn; a case staff have worked stays with its history."""
    existing = FollowUp.objects.filter(meeting_id=outcome.meeting_id).first()
    if outcome.level not in FOLLOW_UP_LEVELS:
        if (
            existing is not None
            and existing.status == FollowUp.Status.OPEN
            and not existing.notes.exists()
        ):
            existing.delete()
            return None
        return existing
    if existing is not None:
        return existing
    follow_up, created = FollowUp.objects.get_or_create(
        meeting_id=outcome.meeting_id, defaults={"opened_level": outcome.level}
    )
    if created:
        from .follow_up_surveys import follow_up_surveys_plan

        follow_up_surveys_plan(
            FollowUp.objects.filter(pk=follow_up.pk).select_related(
                "meeting__schedule__programme", "meeting__overseas", "meeting__domestic"
            )
        )
    return follow_up


def _date(value, field: str, errors: dict):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}]
        return None


def _value(deal_value, currency, errors: dict) -> tuple:
    currency = (currency or "").strip().upper()
    value = None
    if deal_value not in (None, ""):
        try:
            value = Decimal(str(deal_value).replace(",", "").strip())
        except InvalidOperation:
            errors["deal_value"] = [_("The deal value is not a number.")]
        else:
            if not value.is_finite() or value < 0:
                errors["deal_value"] = [_("The deal value cannot be negative.")]
            elif value >= Decimal("1e14"):
                errors["deal_value"] = [_("The deal value is too large.")]
    if value is not None and not currency:
        errors["currency"] = [_("Give the currency of the deal value.")]
    elif currency and value is None and "deal_value" not in errors:
        errors["deal_value"] = [_("Give the deal value in that currency, or no currency.")]
    elif currency and currency not in CURRENCIES:
        errors["currency"] = [_("Unknown currency “%(code)s”.") % {"code": currency}]
    return value, currency


def follow_up_update(
    follow_up: FollowUp,
    *,
    by: User,
    status: str | None = None,
    note: str = "",
    next_contact=UNSET,
    planned_visits=UNSET,
    deal_value=UNSET,
    currency=UNSET,
    now=None,
) -> FollowUp:
    """Staff change a follow-up. Only the arguments given change; a change of status and a
    note are added to the history as one dated note. The deal value and its currency are given
    together (both or neither). All or nothing: a refusal names the field and changes nothing."""
    if not can_settle_outcomes(by):
        raise FollowUpRefused(
            _("Only programme staff change follow-ups."), code="permission_denied"
        )
    now = now or timezone.now()
    errors: dict = {}
    if status not in (None, "") and status not in FollowUp.Status.values:
        errors["status"] = [_("Unknown status “%(status)s”.") % {"status": status}]
    fields = {}
    if next_contact is not UNSET:
        fields["next_contact"] = _date(next_contact, "next_contact", errors)
    if planned_visits is not UNSET:
        fields["planned_visits"] = (planned_visits or "").strip()
    if deal_value is not UNSET or currency is not UNSET:
        value, code = _value(
            None if deal_value is UNSET else deal_value,
            "" if currency is UNSET else currency,
            errors,
        )
        fields["deal_value"], fields["currency"] = value, code
    if errors:
        raise FollowUpRefused(errors=errors)
    note = (note or "").strip()
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        old_status = follow_up.status
        new_status = status or old_status
        for name, value in fields.items():
            setattr(follow_up, name, value)
        follow_up.status = new_status
        follow_up.save()
        if note or new_status != old_status:
            FollowUpNote.objects.create(
                follow_up=follow_up,
                author=by,
                written_at=now,
                text=note,
                status_from=old_status if new_status != old_status else "",
                status_to=new_status if new_status != old_status else "",
            )
    return follow_up


def _staff_addresses() -> list[str]:
    return sorted(
        set(
            User.objects.filter(is_active=True, organisation__kind=Organisation.Kind.AGENCY)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def follow_ups_overdue(*, today=None):
    """Open cases (not signed, not dropped) whose next contact date has passed and whose
    reminder for that date has not gone out."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(next_contact__lt=today)
        .exclude(status__in=[FollowUp.Status.AGREEMENT_SIGNED, FollowUp.Status.DROPPED])
        .exclude(reminded_for=F("next_contact"))
    )


def follow_up_remind(follow_up: FollowUp, *, today=None) -> bool:
    """E-mail staff that the case's contact date has passed, once per follow-up per date."""
    today = today or timezone.localdate()
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update()
            .select_related(
                "meeting__schedule__programme", "meeting__overseas", "meeting__domestic"
            )
            .filter(pk=follow_up.pk)
            .first()
        )
        if follow_up is None or follow_up.next_contact is None:
            return False
        if follow_up.next_contact >= today or follow_up.reminded_for == follow_up.next_contact:
            return False
        if follow_up.status in (FollowUp.Status.AGREEMENT_SIGNED, FollowUp.Status.DROPPED):
            return False
        addresses = _staff_addresses()
        if not addresses:
            return False
        programme = follow_up.meeting.schedule.programme
        meeting = follow_up.meeting
        subject = _("Follow-up contact overdue: %(overseas)s × %(domestic)s") % {
            "overseas": meeting.overseas.display_name,
            "domestic": meeting.domestic.display_name,
        }
        body = render_to_string(
            "monitoring/email/follow_up_overdue.txt",
            {
                "programme": programme,
                "follow_up": follow_up,
                "meeting": meeting,
                "url": absolute_url(
                    reverse(
                        "monitoring:follow_up.detail",
                        kwargs={"slug": programme.slug, "pk": follow_up.pk},
                    )
                ),
            },
        )
        send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, addresses)
        follow_up.reminded_for = follow_up.next_contact
        follow_up.save(update_fields=["reminded_for", "updated_at"])
    return True


def follow_ups_remind(*, today=None) -> int:
    """Remind staff of every overdue case (the daily beat task). Safe to run twice."""
    return sum(follow_up_remind(f, today=today) for f in follow_ups_overdue(today=today))
