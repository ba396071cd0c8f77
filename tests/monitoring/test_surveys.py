from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from monitoring.exceptions import AnswerRefused, LinkInvalid, NotSurveyed, SurveyClosed
from monitoring.models import MeetingOutcome, SurveyLink, SurveyResponse
from monitoring.services import (
    outcome_settle,
    survey_answer,
    survey_link_resolve,
    survey_links_issue,
)
from monitoring.tokens import token_for
from tests import factories
from tests.monitoring.conftest import after, make_meeting


def answer(link, **fields):
    return survey_answer(link, **{"took_place": True, "level": 3, **fields})


def test_links_issued_once_per_respondent_in_their_language(held):
    assert {k: (link.language, bool(link.email)) for k, link in held.links.items()} == {
        "japanese": ("ja", True),
        "overseas": ("ru", True),
        "interpreter": ("en", True),
    }
    assert held.links["japanese"].company == held.meeting.domestic
    survey_links_issue(held.programme)
    assert SurveyLink.objects.count() == 3


def test_no_show_cancelled_and_future_planned_meetings_get_no_link(db, programme):
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for slot, status in enumerate(("no_show", "cancelled", "planned")):
        make_meeting(programme, schedule=schedule, status=status, slot=slot)
    survey_links_issue(programme)  # now: December 2026, before the programme's week
    assert SurveyLink.objects.count() == 0


def test_a_planned_meeting_whose_end_passed_is_surveyed(db, programme):
    meeting = make_meeting(programme, status="planned")
    survey_links_issue(programme, now=after(meeting, minutes=1))
    assert SurveyLink.objects.filter(meeting=meeting).count() == 3


def test_answer_records_and_derives_the_outcome(held):
    response = answer(
        held.links["japanese"],
        level="4",
        transactions={"sales": "discussed", "licensing": "agreed"},
        estimated_value="1,500,000",
        currency="jpy",
        next_steps="Visit in April",
    )
    assert (response.level, response.currency, response.estimated_value) == (
        4,
        "JPY",
        Decimal("1500000"),
    )
    assert response.transactions == {"sales": "discussed", "licensing": "agreed"}
    outcome = MeetingOutcome.objects.get(meeting=held.meeting)
    assert (outcome.derived_level, outcome.rule, outcome.flagged) == (4, "one_company", False)


def test_answer_again_edits_the_same_row(held):
    first = answer(held.links["overseas"], level=2, comment="first")
    second = answer(held.links["overseas"], level=3, comment="changed")
    assert second.pk == first.pk
    assert SurveyResponse.objects.count() == 1
    response = SurveyResponse.objects.get()
    assert (response.level, response.comment) == (3, "changed")
    assert response.submitted_at == first.submitted_at


def test_the_database_refuses_a_second_answer_by_the_same_respondent(held):
    answer(held.links["japanese"])
    existing = SurveyResponse.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            meeting=held.meeting,
            link=SurveyLink.objects.create(
                meeting=factories.MeetingFactory(schedule=held.meeting.schedule, slot=3),
                respondent_kind="japanese",
                company=existing.company,
                expires_at=existing.updated_at,
            ),
            respondent_kind="japanese",
            company=existing.company,
            took_place=True,
            level=2,
            submitted_at=existing.submitted_at,
            updated_at=existing.updated_at,
        )
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"level": 6}, "level", "The outcome level must be from 1 to 5 (it was 6)."),
        ({"level": 0}, "level", "The outcome level must be from 1 to 5 (it was 0)."),
        ({"level": None}, "level", "Choose an outcome level from 1 to 5."),
        ({"estimated_value": "5000"}, "currency", "Give the currency of the estimated value."),
        ({"currency": "USD"}, "estimated_value", "Give the estimated value in that currency"),
        ({"estimated_value": "5000", "currency": "XXQ"}, "currency", "Unknown currency “XXQ”."),
        ({"estimated_value": "lots", "currency": "USD"}, "estimated_value", "not a number"),
        ({"transactions": {"bribery": "agreed"}}, "transactions", "Unknown business transaction"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(held, fields, field, text):
    with pytest.raises(AnswerRefused) as refused:
        answer(held.links["japanese"], **fields)
    assert text in refused.value.errors[field][0]
    assert not SurveyResponse.objects.exists()
    assert not MeetingOutcome.objects.exists()


def test_a_link_after_the_edit_period_is_refused_and_the_answer_kept(held):
    link = held.links["japanese"]
    answer(link, level=2)
    with pytest.raises(SurveyClosed, match="closed on"):
        answer(link, level=5, now=link.expires_at + timedelta(seconds=1))
    assert SurveyResponse.objects.get().level == 2


@pytest.mark.parametrize("status", ["no_show", "cancelled"])
def test_a_meeting_marked_no_show_or_cancelled_after_the_link_is_refused(held, status):
    held.meeting.status = status
    held.meeting.save()
    with pytest.raises(NotSurveyed, match="not surveyed"):
        answer(held.links["japanese"])
    assert not SurveyResponse.objects.exists()


def test_forged_and_altered_tokens_are_refused(held):
    link = held.links["japanese"]
    token = token_for(link.pk)
    assert survey_link_resolve(token) == link
    other = held.links["overseas"].pk
    for forged in (f"{other}.{token.split('.', 1)[1]}", token[:-2] + "xx", "1", "", "abc.def"):
        with pytest.raises(LinkInvalid):
            survey_link_resolve(forged)


def test_disagreement_is_flagged_and_settled_by_staff_on_record(held, staff):
    answer(held.links["japanese"], level=4)
    answer(held.links["overseas"], level=2)
    answer(held.links["interpreter"], level=3)
    outcome = MeetingOutcome.objects.get(meeting=held.meeting)
    assert (outcome.derived_level, outcome.rule, outcome.flagged) == (2, "disagree", True)
    outcome_settle(outcome, level=3, by=staff, note="Confirmed by phone")
    outcome.refresh_from_db()
    assert (outcome.level, outcome.settled_by, outcome.note) == (3, staff, "Confirmed by phone")
    assert outcome.settled_at is not None
    answer(held.links["overseas"], level=1)  # a later answer keeps the settlement
    outcome.refresh_from_db()
    assert (outcome.derived_level, outcome.settled_level) == (1, 3)


def test_settling_is_refused_for_non_staff_and_agreeing_meetings(held, staff):
    from monitoring.exceptions import SettleRefused

    answer(held.links["japanese"], level=3)
    outcome = MeetingOutcome.objects.get()
    with pytest.raises(SettleRefused, match="nothing to settle"):
        outcome_settle(outcome, level=3, by=staff)
    answer(held.links["overseas"], level=5)
    with pytest.raises(SettleRefused, match="Only programme staff"):
        outcome_settle(outcome, level=3, by=factories.UserFactory())
    with pytest.raises(SettleRefused, match="1 to 5"):
        outcome_settle(outcome, level=9, by=staff)
    outcome.refresh_from_db()
    assert outcome.settled_level is None
