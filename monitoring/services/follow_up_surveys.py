"""Follow-up surveys: 3, 6 and 12 months after the programme's last day, both companies of
every follow-up case get a short survey (``follow_up_surveys_plan``: the rows, with their due
dates, as soon as the case opens; safe to run twice). A daily task e-mails the ones that are
due (``follow_up_surveys_send``: once per survey, never twice). The company answers once
through its private link (``follow_up_survey_answer``): where the case stands, a deal value
with its currency, a comment, and for the Japanese company its sales to the partner in the
period the round covers (recorded as return sales). The answer is added to the case's history
as a dated note, and moves the case's status by the rule in ``status_after_answer``. Every
refusal changes nothing."""

import calendar
import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.forms import CURRENCIES
from programmes.models import Programme
from programmes.services import absolute_url
from scheduling.selectors import participant_applications

from ..exceptions import AlreadyAnswered, AnswerRefused, LinkInvalid, NotSurveyed, SurveyClosed
from ..models import FollowUp, FollowUpNote, FollowUpSurvey, RespondentKind, ReturnSale
from ..tokens import follow_up_survey_id_from, follow_up_token_for
from .follow_ups import _value

ROUNDS = (3, 6, 12)
#: Days after its due date during which a round takes its answer.
ANSWER_DAYS = 60
#: The order in which a case moves forward; "dropped" stands apart (see status_after_answer).
PROGRESS = [
    FollowUp.Status.OPEN,
    FollowUp.Status.CONTACTED,
    FollowUp.Status.VISIT_MADE,
    FollowUp.Status.NEGOTIATING,
    FollowUp.Status.AGREEMENT_SIGNED,
]
CLOSED = (FollowUp.Status.AGREEMENT_SIGNED, FollowUp.Status.DROPPED)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(programme: Programme, months: int) -> datetime.date:
    return add_months(programme.end_date, months)


def round_period(programme: Programme, months: int) -> tuple[datetime.date, datetime.date]:
    """The period a round's sales question covers: from the day after the previous round's
    due date (after the programme's last day for the first) to this round's due date, so the
    three rounds' periods follow each other without overlapping."""
    index = ROUNDS.index(months)
    start = (
        programme.end_date if index == 0 else due_date(programme, ROUNDS[index - 1])
    ) + datetime.timedelta(days=1)
    return start, due_date(programme, months)


def _closes_at(programme: Programme, due: datetime.date) -> datetime.datetime:
    last = due + datetime.timedelta(days=ANSWER_DAYS)
    return datetime.datetime.combine(last, datetime.time(23, 59, 59), tzinfo=programme.tzinfo)


def follow_up_surveys_plan(follow_ups) -> list[FollowUpSurvey]:
    """Create the missing rounds (3, 6, 12 months × both companies) of the follow-ups, each
    in the company's application language and to its application's e-mail. Safe to run twice.
    Returns the rows created."""
    follow_ups = list(follow_ups)
    if not follow_ups:
        return []
    existing = set(
        FollowUpSurvey.objects.filter(follow_up__in=follow_ups).values_list(
            "follow_up_id", "company_id", "months"
        )
    )
    new = []
    by_programme: dict[int, dict] = {}
    for follow_up in follow_ups:
        meeting = follow_up.meeting
        programme = meeting.schedule.programme
        if programme.pk not in by_programme:
            companies = {f.meeting.domestic for f in follow_ups} | {
                f.meeting.overseas for f in follow_ups
            }
            by_programme[programme.pk] = participant_applications(programme, companies)
        applications = by_programme[programme.pk]
        for kind, company in (
            (RespondentKind.JAPANESE, meeting.domestic),
            (RespondentKind.OVERSEAS, meeting.overseas),
        ):
            application = applications.get(company.pk)
            for months in ROUNDS:
                if (follow_up.pk, company.pk, months) in existing:
                    continue
                due = due_date(programme, months)
                new.append(
                    FollowUpSurvey(
                        follow_up=follow_up,
                        respondent_kind=kind,
                        company=company,
                        months=months,
                        language=(application.language if application else "") or "en",
                        email=(application.email if application else "") or company.contact_email,
                        due_date=due,
                        expires_at=_closes_at(programme, due),
                    )
                )
    FollowUpSurvey.objects.bulk_create(new, ignore_conflicts=True)
    return new


def _with_case(queryset):
    return queryset.select_related(
        "follow_up__meeting__schedule__programme",
        "follow_up__meeting__overseas",
        "follow_up__meeting__domestic",
        "company",
        "return_sale",
    )


def follow_up_survey_resolve(token: str) -> FollowUpSurvey:
    """The survey a token names; a forged, altered or unknown token is refused."""
    survey_id = follow_up_survey_id_from(token or "")
    survey = _with_case(FollowUpSurvey.objects.filter(pk=survey_id)).first() if survey_id else None
    if survey is None:
        raise LinkInvalid()
    return survey


def follow_up_survey_check_open(survey: FollowUpSurvey, *, now=None) -> None:
    """Refuse unless the survey takes its answer now: due, not yet answered, not closed."""
    now = now or timezone.now()
    programme = survey.follow_up.meeting.schedule.programme
    if survey.answered_at is not None:
        raise AlreadyAnswered(
            _("This survey was answered on %(date)s: thank you. It takes one answer.")
            % {"date": programme.local(survey.answered_at).strftime("%Y-%m-%d")}
        )
    if programme.local(now).date() < survey.due_date:
        raise NotSurveyed(
            _("This survey opens on %(date)s.") % {"date": survey.due_date.isoformat()}
        )
    if now > survey.expires_at:
        raise SurveyClosed(
            _("This survey closed on %(date)s: it no longer takes answers.")
            % {"date": programme.local(survey.expires_at).strftime("%Y-%m-%d")}
        )


def status_after_answer(current: str, answered: str) -> str:
    """The case's status after a company's answer. Staff's word comes first: a case staff
    closed (agreement signed, dropped) is not changed by an answer. Otherwise an answer moves
    the case forward along open → contacted → visit made → negotiating → agreement signed,
    never back (one company's view of an earlier stage does not undo progress), and an answer
    "dropped" drops the case."""
    if current in CLOSED:
        return current
    if answered == FollowUp.Status.DROPPED:
        return answered
    if PROGRESS.index(answered) > PROGRESS.index(current):
        return answered
    return current


def _sales(amount, currency: str, errors: dict) -> tuple:
    value = None
    if amount not in (None, ""):
        try:
            value = Decimal(str(amount).replace(",", "").strip())
        except InvalidOperation:
            errors["sales_amount"] = [_("The sales amount is not a number.")]
        else:
            if not value.is_finite() or value < 0:
                errors["sales_amount"] = [_("The sales amount cannot be negative.")]
                value = None
            elif value >= Decimal("1e14"):
                errors["sales_amount"] = [_("The sales amount is too large.")]
                value = None
    if value is not None and not currency:
        errors["sales_currency"] = [_("Give the currency of the sales.")]
    elif currency and value is None and "sales_amount" not in errors:
        errors["sales_amount"] = [_("Give the sales amount in that currency, or no currency.")]
    elif currency and currency not in CURRENCIES:
        errors["sales_currency"] = [_("Unknown currency “%(code)s”.") % {"code": currency}]
    return value, currency


def _clean(survey, status, deal_value, currency, sales_amount, sales_currency) -> tuple:
    errors: dict = {}
    if status not in FollowUp.Status.values:
        errors["status"] = [_("Say where the cooperation stands.")]
    value, code = _value(deal_value, currency, errors)
    sales, sales_code = None, (sales_currency or "").strip().upper()
    if sales_amount not in (None, "") or sales_code:
        if survey.respondent_kind != RespondentKind.JAPANESE:
            errors["sales_amount"] = [_("Only the Japanese company reports its sales here.")]
        else:
            sales, sales_code = _sales(sales_amount, sales_code, errors)
    if errors:
        raise AnswerRefused(errors=errors)
    return value, code, sales, sales_code


def _answer_note(survey, status, value, code, sales, sales_code, comment) -> str:
    parts = [
        _("Follow-up survey, %(months)s months: answer of %(company)s — %(status)s.")
        % {
            "months": survey.months,
            "company": survey.company.display_name,
            "status": FollowUp.Status(status).label,
        }
    ]
    if value is not None:
        parts.append(_("Deal value: %(value)s %(currency)s.") % {"value": value, "currency": code})
    if sales is not None:
        parts.append(
            _("Sales to the partner in the period: %(value)s %(currency)s.")
            % {"value": sales, "currency": sales_code}
        )
    if comment:
        parts.append(comment)
    return "\n".join(parts)


def follow_up_survey_answer(
    survey: FollowUpSurvey,
    *,
    status: str,
    deal_value=None,
    currency: str = "",
    sales_amount=None,
    sales_currency: str = "",
    comment: str = "",
    language: str = "en",
    now=None,
) -> FollowUpSurvey:
    """Record the company's one answer to this round: the survey row, a dated note on the
    case, the case's status when it moves (``status_after_answer``; a deal value fills the
    case's when it has none) and, for the Japanese company's sales, a ReturnSale for the
    round's period (unless return sales of that company already cover part of it: staff's
    figures are kept, the answer stays on the survey). All or nothing; a second answer is
    refused (the row is locked, then checked)."""
    now = now or timezone.now()
    follow_up_survey_check_open(survey, now=now)
    value, code, sales, sales_code = _clean(
        survey, status, deal_value, currency, sales_amount, sales_currency
    )
    comment = (comment or "").strip()
    programme = survey.follow_up.meeting.schedule.programme
    try:
        with transaction.atomic():
            locked = FollowUpSurvey.objects.select_for_update().get(pk=survey.pk)
            if locked.answered_at is not None:
                raise AlreadyAnswered(_("This survey already has your answer."))
            follow_up = FollowUp.objects.select_for_update().get(pk=survey.follow_up_id)
            return_sale = None
            if sales is not None:
                start, end = round_period(programme, survey.months)
                overlapping = ReturnSale.objects.filter(
                    programme=programme,
                    company=survey.company,
                    period_start__lte=end,
                    period_end__gte=start,
                ).exists()
                if not overlapping:
                    return_sale = ReturnSale.objects.create(
                        programme=programme,
                        company=survey.company,
                        follow_up=follow_up,
                        period_start=start,
                        period_end=end,
                        amount=sales,
                        currency=sales_code,
                        note=_("Follow-up survey, %(months)s months") % {"months": survey.months},
                        recorded_at=now,
                    )
            locked.answered_at = now
            locked.status = status
            locked.deal_value, locked.currency = value, code
            locked.sales_amount, locked.sales_currency = sales, sales_code
            locked.return_sale = return_sale
            locked.comment = comment
            locked.language = language[:5]
            locked.save()
            old = follow_up.status
            new = status_after_answer(old, status)
            follow_up.status = new
            if value is not None and follow_up.deal_value is None:
                follow_up.deal_value, follow_up.currency = value, code
            follow_up.save()
            FollowUpNote.objects.create(
                follow_up=follow_up,
                author=None,
                written_at=now,
                text=_answer_note(locked, status, value, code, sales, sales_code, comment),
                status_from=old if new != old else "",
                status_to=new if new != old else "",
            )
    except IntegrityError as exc:
        raise AlreadyAnswered(_("This survey already has your answer.")) from exc
    survey.refresh_from_db()
    return survey


def follow_up_surveys_due(*, now=None):
    """Surveys due and not sent yet, still open, not answered, with an address."""
    now = now or timezone.now()
    return (
        FollowUpSurvey.objects.filter(
            sent_at__isnull=True,
            answered_at__isnull=True,
            due_date__lte=now.date(),
            expires_at__gt=now,
        )
        .exclude(email="")
        .order_by("due_date", "id")
    )


def follow_up_survey_send(survey: FollowUpSurvey, *, now=None) -> bool:
    """E-mail the survey's link to the company in its language, once (``sent_at``)."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = (
            _with_case(FollowUpSurvey.objects.select_for_update(of=("self",)))
            .filter(pk=survey.pk)
            .first()
        )
        if survey is None or survey.sent_at is not None or survey.answered_at is not None:
            return False
        programme = survey.follow_up.meeting.schedule.programme
        if not survey.email or programme.local(now).date() < survey.due_date:
            return False
        if now > survey.expires_at:
            return False
        meeting = survey.follow_up.meeting
        partner = meeting.overseas if survey.company_id == meeting.domestic_id else meeting.domestic
        with translation.override(survey.language or "en"):
            subject = _("%(months)s months after %(title)s: how is your cooperation going?") % {
                "months": survey.months,
                "title": programme.display_title,
            }
            body = render_to_string(
                "monitoring/email/follow_up_survey.txt",
                {
                    "programme": programme,
                    "survey": survey,
                    "partner": partner,
                    "closes": programme.local(survey.expires_at),
                    "url": absolute_url(
                        reverse(
                            "monitoring:follow_up_survey",
                            kwargs={"token": follow_up_token_for(survey.pk)},
                        )
                    ),
                },
            )
        send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [survey.email])
        survey.sent_at = now
        survey.save(update_fields=["sent_at"])
    return True


def follow_up_surveys_send(*, now=None) -> int:
    """The daily task: plan the rounds of every case, then send each survey that is due
    (once). Safe to run twice."""
    now = now or timezone.now()
    follow_up_surveys_plan(
        FollowUp.objects.filter(surveys__isnull=True).select_related(
            "meeting__schedule__programme", "meeting__overseas", "meeting__domestic"
        )
    )
    return sum(follow_up_survey_send(s, now=now) for s in follow_up_surveys_due(now=now))
