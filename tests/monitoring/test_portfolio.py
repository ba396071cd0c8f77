"""load_portfolio: a generated portfolio, at a small scale here (3 programmes, 60 meetings, 20
overseas and 40 Japanese companies): its counts, a valid published schedule per programme,
three answers per held meeting, outcomes that follow the level rule, follow-ups, return sales
with their exchange rates, determinism per seed, replacement, and bad numbers refused."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from companies.models import Company, ExchangeRate
from monitoring.dashboard import dashboard_figures
from monitoring.levels import derive_level
from monitoring.models import (
    FollowUp,
    FollowUpNote,
    FollowUpSurvey,
    MeetingOutcome,
    ReturnSale,
    SurveyLink,
    SurveyResponse,
)
from monitoring.portfolio import SLUG_REGEX, capacity
from monitoring.selectors import outcome_figures
from programmes.models import Programme
from scheduling.models import Meeting, Schedule
from scheduling.selectors import domestic_participants, overseas_participants
from tests import factories

SMALL = ["--programmes", "3", "--meetings", "60", "--overseas", "20", "--domestic", "40"]


def load(*args) -> str:
    out = StringIO()
    call_command("load_portfolio", *args, stdout=out)
    return out.getvalue()


def portfolio():
    return Programme.objects.filter(slug__regex=SLUG_REGEX).order_by("slug")


def fingerprint() -> list[tuple]:
    """What a portfolio is made of, without database ids or tokens."""
    rows = []
    for meeting in Meeting.objects.select_related(
        "schedule__programme", "overseas", "domestic", "outcome", "follow_up"
    ).order_by("schedule__programme__slug", "slot", "table__number"):
        answers = tuple(
            meeting.survey_responses.order_by("respondent_kind").values_list("level", flat=True)
        )
        outcome = getattr(meeting, "outcome", None)
        follow_up = getattr(meeting, "follow_up", None)
        rows.append(
            (
                meeting.schedule.programme.slug,
                meeting.overseas.legal_name,
                meeting.domestic.legal_name,
                meeting.slot,
                meeting.starts_at.isoformat(),
                meeting.status,
                answers,
                outcome.level if outcome else None,
                follow_up.status if follow_up else None,
            )
        )
    rows.append(
        tuple(
            ReturnSale.objects.order_by("amount", "period_start").values_list("amount", "currency")
        )
    )
    return rows


@pytest.fixture
def loaded(db):
    output = load(*SMALL, "--seed", "7")
    return output


def test_load_portfolio_makes_the_numbers_asked_for(loaded):
    programmes = list(portfolio())
    assert len(programmes) == 3
    assert Meeting.objects.filter(schedule__programme__in=programmes).count() == 60
    overseas = sum(overseas_participants(p).count() for p in programmes)
    domestic = sum(domestic_participants(p).count() for p in programmes)
    assert (overseas, domestic) == (20, 40)
    marked = Company.objects.filter(registration_number__startswith="PORTFOLIO-")
    assert marked.exclude(country="JP").count() == 20
    assert marked.filter(country="JP").count() == 40
    for programme in programmes:
        schedules = Schedule.objects.filter(programme=programme)
        assert [s.status for s in schedules] == [Schedule.Status.PUBLISHED]
        assert programme.start_date.year in range(2012, 2017)
        assert programme.partner_countries and programme.sectors
    assert "3 programmes, 60 meetings" in loaded
    assert "in " in loaded and " s." in loaded


def test_meetings_sit_in_their_sessions_slots_once_per_company_table_and_interpreter(loaded):
    meetings = list(
        Meeting.objects.filter(schedule__programme__in=portfolio()).select_related(
            "activity", "table", "schedule"
        )
    )
    active = [m for m in meetings if m.status in ("planned", "held")]
    for key in ("overseas_id", "domestic_id", "table_id", "interpreter_id"):
        taken = Counter((m.schedule_id, m.slot, getattr(m, key)) for m in active)
        assert max(taken.values()) == 1, key
    pairs = Counter((m.schedule_id, m.overseas_id, m.domestic_id) for m in meetings)
    assert max(pairs.values()) == 1
    for meeting in meetings:
        slots = {(s.starts_at, s.ends_at) for s in meeting.activity.slots()}
        assert (meeting.starts_at, meeting.ends_at) in slots
        assert meeting.table.activity_id == meeting.activity_id
        assert meeting.activity.programme_id == meeting.schedule.programme_id
        assert meeting.interpreter_id is not None
    met = {m.overseas_id for m in meetings} | {m.domestic_id for m in meetings}
    participants = Company.objects.filter(registration_number__startswith="PORTFOLIO-")
    assert set(participants.values_list("pk", flat=True)) == met  # everybody met someone
    statuses = Counter(m.status for m in meetings)
    assert statuses["held"] > statuses["no_show"] + statuses["cancelled"]


def test_every_held_meeting_has_three_answers_and_the_others_none(loaded):
    meetings = Meeting.objects.filter(schedule__programme__in=portfolio())
    held = meetings.filter(status=Meeting.Status.HELD)
    assert held.exists()
    for meeting in held.prefetch_related("survey_responses", "survey_links"):
        answers = {r.respondent_kind: r for r in meeting.survey_responses.all()}
        assert set(answers) == {"japanese", "overseas", "interpreter"}
        assert answers["japanese"].company_id == meeting.domestic_id
        assert answers["overseas"].company_id == meeting.overseas_id
        assert answers["interpreter"].user_id == meeting.interpreter_id
        assert all(a.link.meeting_id == meeting.pk for a in answers.values())
        assert answers["japanese"].language == "ja"
    others = meetings.exclude(status=Meeting.Status.HELD)
    assert others.exists()
    assert not SurveyResponse.objects.filter(meeting__in=others).exists()
    assert not SurveyLink.objects.filter(meeting__in=others).exists()


def test_outcomes_follow_the_level_rule_and_agree_with_outcome_figures(loaded):
    programmes = portfolio()
    held = Meeting.objects.filter(schedule__programme__in=programmes, status="held")
    outcomes = MeetingOutcome.objects.filter(meeting__in=held).select_related("meeting")
    assert outcomes.count() == held.count()
    for outcome in outcomes:
        levels = dict(outcome.meeting.survey_responses.values_list("respondent_kind", "level"))
        found = derive_level(levels["japanese"], levels["overseas"], levels["interpreter"])
        assert (outcome.derived_level, outcome.rule, outcome.flagged) == (
            found.level,
            found.rule,
            found.flagged,
        )
        if outcome.settled_level is not None:
            assert outcome.flagged and outcome.settled_by is not None
    figures = outcome_figures(programmes)
    levels = Counter(o.level for o in outcomes)
    assert figures["meetings_held"] == held.count()
    assert (
        figures["no_shows"]
        == Meeting.objects.filter(schedule__programme__in=programmes, status="no_show").count()
    )
    assert figures["responses"] == 3 * held.count()
    assert figures["response_rate"] == 1.0
    assert figures["levels"] == {str(level): levels[level] for level in range(1, 6)}
    assert figures["disagreements"] == outcomes.filter(flagged=True).count() > 0
    follow_ups = FollowUp.objects.filter(meeting__in=held)
    assert sum(figures["follow_ups"].values()) == follow_ups.count()
    assert follow_ups.count() == levels[3] + levels[4]


def test_follow_ups_have_histories_and_return_sales_their_rates(loaded):
    follow_ups = FollowUp.objects.filter(meeting__schedule__programme__in=portfolio())
    assert len(set(follow_ups.values_list("status", flat=True))) >= 4
    for case in follow_ups.exclude(status="open"):
        notes = list(FollowUpNote.objects.filter(follow_up=case).order_by("written_at"))
        assert notes and notes[-1].status_to == case.status
        assert notes[0].status_from == "open"
    for case in follow_ups.filter(status__in=["negotiating", "agreement_signed"]):
        assert case.deal_value is not None and case.currency
    assert follow_ups.filter(meeting__outcome__settled_level__isnull=True).exists()
    sales = ReturnSale.objects.filter(programme__in=portfolio())
    assert sales.exists()
    for sale in sales.exclude(currency="JPY"):
        assert ExchangeRate.objects.filter(
            currency=sale.currency, to_currency="JPY", date__lte=sale.period_end
        ).exists(), sale.currency
    surveys = FollowUpSurvey.objects.filter(follow_up__in=follow_ups)
    assert surveys.count() == follow_ups.count() * 6  # 3 rounds × both companies
    assert surveys.filter(answered_at__isnull=False).exclude(status="").exists()
    assert not surveys.filter(sent_at__isnull=True).exists()  # nothing left for the daily task


def test_the_dashboard_converts_every_amount_with_the_portfolio_rates(loaded):
    figures = dashboard_figures(portfolio(), currency="JPY")
    money = figures["money"]
    assert money["return_sales"]["items"] == ReturnSale.objects.count()
    assert money["return_sales"]["not_converted"] == []
    assert figures["headline"]["meetings_held"] == outcome_figures(portfolio())["meetings_held"]


def test_the_same_seed_gives_the_same_portfolio_and_running_again_replaces_it(loaded):
    first = fingerprint()
    output = load(*SMALL, "--seed", "7")
    assert "Replaced the portfolio made before (3 programmes)" in output
    assert portfolio().count() == 3
    assert Meeting.objects.count() == 60
    assert Company.objects.filter(registration_number__startswith="PORTFOLIO-").count() == 60
    assert fingerprint() == first
    load(*SMALL, "--seed", "8")
    assert fingerprint() != first


def test_other_programmes_and_companies_are_left_alone(db):
    other = factories.ProgrammeFactory(slug="ceo-network-2027-vn-th")
    company = factories.CompanyFactory(country="VN")
    factories.ApplicationFactory(programme=other, company=company)
    rate = ExchangeRate.objects.create(
        currency="USD", to_currency="JPY", rate=150, date=date(2012, 1, 1), source="staff"
    )
    load(*SMALL)
    load(*SMALL)
    assert Programme.objects.filter(pk=other.pk).exists()
    assert Company.objects.filter(pk=company.pk).exists()
    rate.refresh_from_db()
    assert (rate.rate, rate.source) == (150, "staff")  # a rate staff entered stays
    assert outcome_figures(Programme.objects.filter(pk=other.pk))["meetings_held"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programmes", "0"], "--programmes must be a positive whole number (it was 0)."),
        (["--meetings", "-5"], "--meetings must be a positive whole number (it was -5)."),
        (["--overseas", "0"], "--overseas must be a positive whole number (it was 0)."),
        (
            ["--programmes", "5", "--meetings", "60", "--overseas", "4", "--domestic", "40"],
            "Every programme needs an overseas company: --overseas (4) must be at least "
            "--programmes (5).",
        ),
        (
            ["--programmes", "5", "--meetings", "60", "--overseas", "20", "--domestic", "3"],
            "Every programme needs a Japanese company: --domestic (3) must be at least "
            "--programmes (5).",
        ),
        (
            ["--programmes", "5", "--meetings", "4", "--overseas", "20", "--domestic", "40"],
            "Every programme holds at least one meeting: --meetings (4) must be at least "
            "--programmes (5).",
        ),
        (
            ["--programmes", "1", "--meetings", "7", "--overseas", "2", "--domestic", "3"],
            "7 meetings cannot be arranged: 1 programmes with 2 overseas and 3 Japanese "
            "companies allow at most 6 meetings",
        ),
    ],
)
def test_bad_numbers_are_refused_with_a_clear_message_and_nothing_written(db, args, message):
    with pytest.raises(CommandError) as refused:
        load(*args)
    assert message in str(refused.value)
    assert not portfolio().exists()
    assert not Company.objects.exists()


def test_capacity_is_what_the_smaller_side_can_fill():
    assert capacity(2, 3, 16) == 6  # every pair once
    assert capacity(14, 59, 22) == 14 * 22  # every overseas table in every slot
    assert capacity(40, 5, 8) == 5 * 8


def test_the_largest_possible_number_of_meetings_is_arranged(db):
    load("--programmes", "1", "--meetings", "6", "--overseas", "2", "--domestic", "3")
    meetings = Meeting.objects.all()
    assert meetings.count() == 6
    assert len({(m.overseas_id, m.domestic_id) for m in meetings}) == 6
