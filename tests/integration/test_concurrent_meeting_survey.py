"""Meeting surveys submitted at the same moment, on real PostgreSQL. Each thread has its own
database connection.

A meeting survey's answer may be changed until the survey closes (monitoring/services/surveys.py:
one answer per respondent per meeting), so twenty submissions of the same link are twenty
edits of one answer, taken in turn: none fails, one answer is stored, whole (every field from
the same submission), and the meeting's outcome and follow-up are derived from it. (Follow-up
surveys, which are answered once, refuse the nineteen others:
tests/integration/test_concurrent_follow_up_survey.py.) The three respondents of one meeting
answering at once are all counted in its outcome."""

import datetime

import pytest
from django.db import connection

from monitoring.models import FollowUp, MeetingOutcome, SurveyLink, SurveyResponse
from monitoring.services import survey_answer, survey_links_issue
from tests import factories
from tests.integration.test_concurrent_scoring import together
from tests.monitoring.conftest import make_meeting

pytestmark = pytest.mark.integration
SUBMISSIONS = 20
ROUNDS = 6
LEVELS = {"japanese": 4, "overseas": 3, "interpreter": 3}


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def _answer(link_pk: int, *, level: int, comment: str, now):
    # Each submission reads its link itself, as the survey page does.
    link = SurveyLink.objects.select_related("meeting__schedule__programme").get(pk=link_pk)
    return survey_answer(link, took_place=True, level=level, comment=comment, now=now)


def test_twenty_parallel_submissions_of_one_survey_keep_one_whole_answer(postgres):
    programme = factories.ProgrammeFactory()
    meeting = make_meeting(programme)
    survey_links_issue(programme)
    link = meeting.survey_links.get(respondent_kind="japanese")
    now = meeting.ends_at + datetime.timedelta(hours=1)

    results = together(
        *[
            lambda i=i: _answer(link.pk, level=1 + i % 5, comment=f"submission {i}", now=now)
            for i in range(SUBMISSIONS)
        ]
    )

    assert all(isinstance(r, SurveyResponse) for r in results), results
    stored = SurveyResponse.objects.get(link=link)  # one answer, not twenty
    index = int(stored.comment.removeprefix("submission "))
    assert stored.level == 1 + index % 5  # whole: its level and comment from one submission
    outcome = MeetingOutcome.objects.get(meeting=meeting)
    assert (outcome.derived_level, outcome.rule) == (stored.level, "one_company")
    assert FollowUp.objects.filter(meeting=meeting).count() == (1 if stored.level in (3, 4) else 0)


def test_the_three_respondents_answering_at_once_are_all_counted(postgres):
    programme = factories.ProgrammeFactory()
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for n in range(ROUNDS):
        meeting = make_meeting(programme, schedule=schedule, slot=n)
        survey_links_issue(programme)
        links = {link.respondent_kind: link.pk for link in meeting.survey_links.all()}
        now = meeting.ends_at + datetime.timedelta(hours=1)
        results = together(
            *[
                lambda pk=links[kind], level=level, kind=kind, now=now: _answer(
                    pk, level=level, comment=kind, now=now
                )
                for kind, level in LEVELS.items()
            ]
        )

        assert all(isinstance(r, SurveyResponse) for r in results), (n, results)
        outcome = MeetingOutcome.objects.get(meeting=meeting)
        # Japanese 4, overseas 3: one apart, the interpreter's 3 decides.
        assert (outcome.derived_level, outcome.rule) == (3, "interpreter"), n
        assert FollowUp.objects.filter(meeting=meeting).count() == 1, n
