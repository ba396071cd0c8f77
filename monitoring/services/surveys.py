"""Survey links and answers. A held meeting of a published schedule gets one link per
respondent (``survey_links_issue``); the link's page records and edits that respondent's one
answer (``survey_answer``) until the link expires. Every refusal changes nothing."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.forms import CURRENCIES
from programmes.models import Programme
from scheduling.models import Meeting, Schedule
from scheduling.selectors import participant_applications

from .. import selectors
from ..exceptions import AlreadyAnswered, AnswerRefused, LinkInvalid, NotSurveyed, SurveyClosed
from ..models import MonitoringSettings, RespondentKind, SurveyLink, SurveyResponse, Transaction
from ..tokens import link_id_from
from .outcomes import outcome_derive

STAGES = {choice.value for choice in SurveyResponse.Stage}
KINDS = {choice.value for choice in Transaction}


def survey_links_issue(programme: Programme, *, now=None) -> list[SurveyLink]:
    """Create the missing links of every surveyed meeting of the programme: the Japanese
    company, the overseas company and (when the meeting has one) the interpreter, each in their
    language (a company's application language, the interpreter's preferred language). Safe to
    run twice. Returns the links created."""
    now = now or timezone.now()
    settings = MonitoringSettings.get_for(programme)
    meetings = list(selectors.meetings_surveyed(programme, now=now))
    existing = set(
        SurveyLink.objects.filter(meeting__in=meetings).values_list("meeting_id", "respondent_kind")
    )
    companies = {m.domestic for m in meetings} | {m.overseas for m in meetings}
    applications = participant_applications(programme, companies)
    new = []
    for meeting in meetings:
        expires = meeting.ends_at + timedelta(days=settings.survey_days)
        for kind, company in (
            (RespondentKind.JAPANESE, meeting.domestic),
            (RespondentKind.OVERSEAS, meeting.overseas),
        ):
            if (meeting.pk, kind.value) in existing:
                continue
            application = applications.get(company.pk)
            new.append(
                SurveyLink(
                    meeting=meeting,
                    respondent_kind=kind,
                    company=company,
                    language=(application.language if application else "") or "en",
                    email=(application.email if application else "") or company.contact_email,
                    expires_at=expires,
                )
            )
        if meeting.interpreter_id and (meeting.pk, "interpreter") not in existing:
            new.append(
                SurveyLink(
                    meeting=meeting,
                    respondent_kind=RespondentKind.INTERPRETER,
                    user=meeting.interpreter,
                    language=meeting.interpreter.language or "en",
                    email=meeting.interpreter.email,
                    expires_at=expires,
                )
            )
    SurveyLink.objects.bulk_create(new, ignore_conflicts=True)
    return new


def survey_link_resolve(token: str) -> SurveyLink:
    """The link a token names; a forged, altered or unknown token is refused."""
    link_id = link_id_from(token or "")
    link = (
        SurveyLink.objects.select_related(
            "meeting__schedule__programme",
            "meeting__overseas",
            "meeting__domestic",
            "meeting__activity__venue",
            "meeting__table",
            "company",
            "user",
        )
        .filter(pk=link_id)
        .first()
        if link_id
        else None
    )
    if link is None:
        raise LinkInvalid()
    return link


def survey_check_open(link: SurveyLink, *, now=None) -> None:
    """Refuse unless the link's survey takes answers now: its meeting held in the published
    schedule and the edit period not over."""
    now = now or timezone.now()
    meeting = link.meeting
    if meeting.status == Meeting.Status.NO_SHOW:
        raise NotSurveyed(_("This meeting was recorded as a no-show: it is not surveyed."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise NotSurveyed(_("This meeting was cancelled: it is not surveyed."))
    if meeting.schedule.status != Schedule.Status.PUBLISHED:
        raise NotSurveyed(_("This meeting is no longer in the published schedule."))
    if meeting.status == Meeting.Status.PLANNED and meeting.ends_at > now:
        raise NotSurveyed(_("This meeting has not ended yet: the survey opens after it."))
    if now > link.expires_at:
        raise SurveyClosed(
            _("The survey for this meeting closed on %(date)s: answers can no longer be changed.")
            % {"date": meeting.schedule.programme.local(link.expires_at).strftime("%Y-%m-%d")}
        )


def _clean(took_place, level, transactions, estimated_value, currency) -> tuple:
    errors = {}
    if took_place not in (True, False):
        errors["took_place"] = [_("Say whether the meeting took place.")]
    if took_place is True:
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = None
            errors["level"] = [_("Choose an outcome level from 1 to 5.")]
        if level is not None and not 1 <= level <= 5:
            errors["level"] = [_("The outcome level must be from 1 to 5 (it was %(level)s).") % {
                "level": level}]  # fmt: skip
    else:
        level = None
    cleaned = {}
    for kind, stage in (transactions or {}).items():
        if kind not in KINDS or stage not in STAGES:
            errors["transactions"] = [
                _("Unknown business transaction “%(kind)s: %(stage)s”.")
                % {"kind": kind, "stage": stage}
            ]
            break
        cleaned[kind] = stage
    currency = (currency or "").strip().upper()
    value = None
    if estimated_value not in (None, ""):
        try:
            value = Decimal(str(estimated_value).replace(",", "").strip())
        except InvalidOperation:
            errors["estimated_value"] = [_("The estimated value is not a number.")]
        else:
            if value < 0 or not value.is_finite():
                errors["estimated_value"] = [_("The estimated value cannot be negative.")]
            elif value >= Decimal("1e14"):
                errors["estimated_value"] = [_("The estimated value is too large.")]
    if value is not None and not currency:
        errors["currency"] = [_("Give the currency of the estimated value.")]
    elif currency and value is None and "estimated_value" not in errors:
        errors["estimated_value"] = [
            _("Give the estimated value in that currency, or no currency.")
        ]
    elif currency and currency not in CURRENCIES:
        errors["currency"] = [_("Unknown currency “%(code)s”.") % {"code": currency}]
    if errors:
        raise AnswerRefused(errors=errors)
    return level, cleaned, value, currency


def survey_answer(
    link: SurveyLink,
    *,
    took_place: bool,
    level: int | None = None,
    transactions: dict | None = None,
    estimated_value=None,
    currency: str = "",
    next_steps: str = "",
    comment: str = "",
    language: str = "en",
    now=None,
) -> SurveyResponse:
    """Record the link's respondent's answer, or change it if there is one (one answer per
    respondent per meeting), and derive the meeting's outcome level again. All or nothing."""
    now = now or timezone.now()
    survey_check_open(link, now=now)
    level, transactions, value, currency = _clean(
        took_place, level, transactions, estimated_value, currency
    )
    fields = {
        "took_place": took_place,
        "level": level,
        "transactions": transactions,
        "estimated_value": value,
        "currency": currency,
        "next_steps": (next_steps or "").strip(),
        "comment": (comment or "").strip(),
        "language": language[:5],
        "updated_at": now,
    }
    try:
        with transaction.atomic():
            SurveyLink.objects.select_for_update().filter(pk=link.pk).first()
            response = SurveyResponse.objects.filter(link=link).first()
            if response is None:
                response = SurveyResponse.objects.create(
                    meeting=link.meeting,
                    link=link,
                    respondent_kind=link.respondent_kind,
                    company=link.company,
                    user=link.user,
                    submitted_at=now,
                    **fields,
                )
            else:
                for name, value_ in fields.items():
                    setattr(response, name, value_)
                response.save()
            outcome_derive(link.meeting)
    except IntegrityError as exc:
        raise AlreadyAnswered() from exc
    return response
