"""Outcomes for the demo: the CEO Network project's first meeting day, recorded as it would be
on the day and in the surveys afterwards. Idempotent: run it again and nothing changes.

The demo week lies in the future (February 2027), so no meeting has ended by the clock. The
command does what staff do on the day: it marks the first day's meetings as held (a few as
no-shows) through ``meeting_mark``, the grid's service; a meeting staff recorded as held is
surveyed (monitoring/selectors.py). It then answers the surveys through ``survey_answer``, the
survey page's service, in English, Japanese and Russian, and settles one of the disagreements
through ``outcome_settle``. The level 3-4 meetings have follow-ups (opened by the outcome
services); the first five are worked through ``follow_up_update`` into different states with
notes (one with its contact date passed: it is overdue and reminded); a follow-up that has notes
is left as it is. Every follow-up gets its 3, 6 and 12-month surveys to both companies (planned,
not due: the demo week is in the future, so none is sent or answered yet), and the Japanese
companies of the first follow-ups have return sales recorded per period through
``return_sale_record`` in JPY, USD and THB, with the dated exchange rates to JPY they need
(added when missing). Without a published schedule it first runs the optimiser (the same
service as the staff's job, 30 s limit) and publishes the draft. See docs/monitoring.md."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from companies.models import ExchangeRate
from core.models import User
from monitoring.models import (
    FollowUp,
    FollowUpSurvey,
    MeetingOutcome,
    ReturnSale,
    SurveyLink,
    SurveyResponse,
)
from monitoring.services import (
    follow_up_surveys_plan,
    follow_up_update,
    outcome_settle,
    return_sale_record,
    survey_answer,
    survey_links_issue,
)
from programmes.models import Programme
from scheduling import services as scheduling
from scheduling.models import Meeting, Schedule, ScheduleRun
from scheduling.selectors import published_schedule
from scheduling.services.meetings import meeting_mark

SLUG = "ceo-network-2027-vn-th"
# Return sales of the first follow-ups' Japanese companies: (period from, to, amount, currency).
RETURN_SALES = (
    ((date(2027, 2, 20), date(2027, 5, 19), "4800000", "JPY"),
     (date(2027, 5, 20), date(2027, 8, 19), "7250000", "JPY")),
    ((date(2027, 2, 20), date(2027, 5, 19), "38500", "USD"),),
    ((date(2027, 3, 1), date(2027, 6, 30), "1250000", "THB"),
     (date(2027, 7, 1), date(2027, 12, 31), "2100000", "THB")),
)  # fmt: skip
# Dated rates to JPY for those periods (1 unit = rate JPY), added when missing.
DEMO_RATES = (
    ("USD", "JPY", "148.20", date(2027, 3, 31)),
    ("THB", "JPY", "4.35", date(2027, 3, 31)),
    ("USD", "JPY", "146.90", date(2027, 9, 30)),
    ("THB", "JPY", "4.28", date(2027, 9, 30)),
)
NO_SHOW_EVERY = 13  # every 13th meeting of the day: a no-show
UNANSWERED_EVERY = 9  # every 9th held meeting: nobody answered yet
# A meeting's agreed level by its position in the day, and the disagreements (positions) with
# the Japanese / overseas / interpreter levels.
BASE_LEVELS = (2, 3, 4, 3, 1, 2, 3, 4, 2, 3, 5, 2, 4, 3, 1, 3)
DISAGREEMENTS = {4: (4, 2, 3), 17: (1, 4, 2), 29: (5, 3, 3), 41: (2, 4, 4)}
COMMENTS = {
    "en": ("Good first contact; we exchanged catalogues.", "They will visit our plant in spring."),
    "ja": ("来春、工場見学を約束しました。", "価格について継続して相談します。"),
    "ru": ("Договорились о взаимных визитах.", "Интересный партнёр, обменялись контактами."),
}
# The first follow-ups' histories: (status, note, extra fields) steps; "days" = next contact
# that many days after the meeting day, or None for a date already passed (overdue).
C = FollowUp.Status
FOLLOW_UP_STORIES = (
    (
        (C.CONTACTED, "First call: both companies want the visits.", {
            "planned_visits": "Vietnamese delegation to the Osaka plant in April.", "days": None}),
    ),
    (
        (C.CONTACTED, "Visit dates agreed by e-mail.", {"planned_visits": "Plant visit in Hanoi."}),
        (C.VISIT_MADE, "Visit made; samples requested.", {"days": 30}),
    ),
    (
        (C.CONTACTED, "Quotation requested.", {}),
        (C.NEGOTIATING, "Price negotiation under way.", {
            "deal_value": "18500000", "currency": "JPY", "days": 21}),
    ),
    (
        (C.CONTACTED, "Call with both managing directors.", {}),
        (C.NEGOTIATING, "Draft distribution contract exchanged.", {}),
        (C.AGREEMENT_SIGNED, "Distribution agreement signed.", {
            "deal_value": "120000", "currency": "USD", "days": ""}),
    ),
    (
        (C.CONTACTED, "First call made.", {}),
        (C.DROPPED, "The overseas company chose a local supplier.", {"days": ""}),
    ),
)  # fmt: skip
NEXT_STEPS = {
    "en": "Send a quotation by the end of March.",
    "ja": "3月末までに見積書を送付します。",
    "ru": "Отправить коммерческое предложение до конца марта.",
}


class Command(BaseCommand):
    help = "Record the demo's held meetings, no-shows and survey answers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        programme = Programme.objects.filter(slug=SLUG).first()
        staff = User.objects.filter(username="staff").first()
        if programme is None or staff is None:
            raise CommandError("Load the demo first: load_demo, load_demo_applications, "
                               "load_demo_assessment, load_demo_matching.")  # fmt: skip
        schedule = self._schedule(programme, staff)
        meetings = self._first_day(schedule)
        marked = self._mark(meetings, staff)
        held = [m for m in meetings if m.status == Meeting.Status.HELD]
        survey_links_issue(programme)
        answered = self._answer(held)
        settled = self._settle(held, staff)
        worked = self._follow_ups(programme, held, staff)
        follow_up_surveys_plan(
            FollowUp.objects.filter(meeting__in=held).select_related(
                "meeting__schedule__programme", "meeting__overseas", "meeting__domestic"
            )
        )
        sales = self._return_sales(programme, held, staff)
        if not quiet:
            self.stdout.write(
                f"Demo outcomes of {programme.slug}: {len(held)} meetings held on the first day, "
                f"{sum(m.status == Meeting.Status.NO_SHOW for m in meetings)} no-shows "
                f"({marked} marked now), {answered} survey answers added, {settled} settled, "
                f"{FollowUp.objects.filter(meeting__in=held).count()} follow-ups "
                f"({worked} worked now), "
                f"{FollowUpSurvey.objects.filter(follow_up__meeting__in=held).count()} follow-up "
                f"surveys planned, {sales} return sales rows added."
            )

    def _schedule(self, programme, staff) -> Schedule:
        schedule = published_schedule(programme)
        if schedule is not None:
            return schedule
        draft = Schedule.objects.filter(programme=programme, status=Schedule.Status.DRAFT).first()
        if draft is None:
            run = scheduling.schedule_run_create(programme, by=staff, time_limit=30)
            run = scheduling.schedule_run_execute(run, worker="manage.py load_demo_outcomes")
            if run.status != ScheduleRun.Status.SUCCEEDED:
                raise CommandError(f"The schedule run failed: {run.message}")
            draft = run.schedule
        return scheduling.schedule_publish(draft, by=staff)

    def _first_day(self, schedule) -> list[Meeting]:
        programme = schedule.programme
        meetings = list(
            schedule.meetings.exclude(status=Meeting.Status.CANCELLED)
            .select_related("table", "interpreter")
            .order_by("starts_at", "table__number", "id")
        )
        if not meetings:
            raise CommandError("The published schedule has no meetings.")
        day = programme.local(meetings[0].starts_at).date()
        return [m for m in meetings if programme.local(m.starts_at).date() == day]

    def _mark(self, meetings, staff) -> int:
        marked = 0
        for position, meeting in enumerate(meetings):
            if meeting.status != Meeting.Status.PLANNED:
                continue
            status = (
                Meeting.Status.NO_SHOW if position % NO_SHOW_EVERY == 7 else Meeting.Status.HELD
            )
            meeting.status = meeting_mark(meeting, status=status, by=staff).status
            marked += 1
        return marked

    def _answer(self, held) -> int:
        added = 0
        links = {
            (link.meeting_id, link.respondent_kind): link
            for link in SurveyLink.objects.filter(meeting__in=held).select_related(
                "meeting__schedule"
            )
        }
        done = set(
            SurveyResponse.objects.filter(meeting__in=held).values_list(
                "meeting_id", "respondent_kind"
            )
        )
        for position, meeting in enumerate(held):
            if position % UNANSWERED_EVERY == UNANSWERED_EVERY - 1:
                continue
            base = BASE_LEVELS[position % len(BASE_LEVELS)]
            levels = dict(
                zip(
                    ("japanese", "overseas", "interpreter"),
                    DISAGREEMENTS.get(position, (base, base, base)),
                    strict=True,
                )
            )
            if position % 5 == 1 and position not in DISAGREEMENTS:
                levels["overseas"] = min(base + 1, 5)  # one level apart: the interpreter decides
            languages = {
                "japanese": "ja",
                "overseas": "en",
                "interpreter": ("ru", "en", "ja")[position % 3],
            }
            for kind, level in levels.items():
                link = links.get((meeting.pk, kind))
                if link is None or (meeting.pk, kind) in done:
                    continue
                if kind == "interpreter" and position % 4 == 3:
                    continue  # not every interpreter answers
                language = languages[kind]
                with transaction.atomic():
                    survey_answer(link, **self._answer_fields(position, level, language))
                added += 1
        return added

    def _answer_fields(self, position: int, level: int, language: str) -> dict:
        transactions = {}
        value, currency = None, ""
        if level >= 3:
            transactions = {"sales": "discussed", "joint_development": "discussed"}
        if level >= 4:
            transactions["sales"] = "agreed" if level == 5 else "discussed"
            value, currency = (
                (12_000_000 + position * 250_000, "JPY")
                if position % 2
                else (85_000 + position * 1000, "USD")
            )
        return {
            "took_place": True,
            "level": level,
            "transactions": transactions,
            "estimated_value": value,
            "currency": currency,
            "next_steps": NEXT_STEPS[language] if level >= 3 else "",
            "comment": COMMENTS[language][position % 2],
            "language": language,
        }

    def _settle(self, held, staff) -> int:
        flagged = MeetingOutcome.objects.filter(meeting__in=held, flagged=True).order_by(
            "meeting__starts_at", "meeting_id"
        )
        first = flagged.first()
        if first is None or flagged.filter(settled_level__isnull=False).exists():
            return 0
        outcome_settle(
            first, level=3, by=staff, note="Both companies confirmed the visit plan by phone."
        )
        return 1

    def _follow_ups(self, programme, held, staff) -> int:
        worked = 0
        follow_ups = FollowUp.objects.filter(meeting__in=held).select_related("meeting")
        today = programme.local(timezone.now()).date()
        for follow_up, story in zip(
            follow_ups.order_by("meeting__starts_at", "meeting_id"), FOLLOW_UP_STORIES, strict=False
        ):
            if follow_up.notes.exists():
                continue
            day = programme.local(follow_up.meeting.starts_at).date()
            with transaction.atomic():
                for status, note, extra in story:
                    fields = dict(extra)
                    if "days" in fields:
                        days = fields.pop("days")
                        fields["next_contact"] = (
                            today - timedelta(days=1)
                            if days is None
                            else (day + timedelta(days=days) if days else None)
                        )
                    follow_up = follow_up_update(
                        follow_up, by=staff, status=status, note=note, **fields
                    )
            worked += 1
        return worked

    def _return_sales(self, programme, held, staff) -> int:
        for currency, to, rate, day in DEMO_RATES:
            ExchangeRate.objects.get_or_create(
                currency=currency,
                to_currency=to,
                date=day,
                defaults={"rate": Decimal(rate), "source": "Demo rate (load_demo_outcomes)"},
            )
        follow_ups = FollowUp.objects.filter(meeting__in=held).select_related("meeting__domestic")
        companies = []
        for follow_up in follow_ups.order_by("meeting__starts_at", "meeting_id"):
            if follow_up.meeting.domestic not in companies:
                companies.append(follow_up.meeting.domestic)
        added = 0
        for company, periods in zip(companies, RETURN_SALES, strict=False):
            for start, end, amount, currency in periods:
                if ReturnSale.objects.filter(
                    programme=programme, company=company, period_start=start, period_end=end
                ).exists():
                    continue
                return_sale_record(
                    programme,
                    by=staff,
                    company=company,
                    period_start=start,
                    period_end=end,
                    amount=amount,
                    currency=currency,
                    note="Reported by phone to the programme office",
                )
                added += 1
        return added
