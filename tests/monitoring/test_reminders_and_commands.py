import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from monitoring.models import MeetingOutcome, SurveyReminder, SurveyResponse
from monitoring.services import survey_answer
from monitoring.tasks import surveys_remind
from tests import factories
from tests.monitoring.conftest import make_meeting


def test_reminder_task_run_twice_sends_one_email_per_respondent(
    held, django_capture_on_commit_callbacks
):
    survey_answer(held.links["interpreter"], took_place=True, level=3)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            surveys_remind()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [held.links["japanese"].email, held.links["overseas"].email]
    )
    assert SurveyReminder.objects.count() == 2
    japanese = next(m for m in mail.outbox if m.to == [held.links["japanese"].email])
    assert "/s/" in japanese.body
    assert "強い関心あり。相互の企業訪問を約束" in japanese.body


def test_a_reminder_round_goes_out_after_the_interval_to_those_who_have_not_answered(
    held, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from monitoring.services import survey_mails_queue

    with django_capture_on_commit_callbacks(execute=True):
        survey_mails_queue()
    survey_answer(held.links["japanese"], took_place=True, level=3)
    first = min(r.sent_at for r in SurveyReminder.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        due = survey_mails_queue(now=first + timedelta(days=3, minutes=1))
    assert sorted(link_id for link_id, _round in due) == sorted(
        [held.links["overseas"].pk, held.links["interpreter"].pk]
    )
    assert {round_ for _link, round_ in due} == {1}
    assert len(due) == 2


@pytest.fixture
def demo(db):
    """A small stand-in for the CEO demo: the programme by its slug, staff, and a published
    schedule of one day with 20 meetings (the command then runs no optimiser)."""
    programme = factories.ProgrammeFactory(slug="ceo-network-2027-vn-th")
    factories.StaffUserFactory(username="staff")
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for slot in range(20):
        make_meeting(programme, schedule=schedule, status="planned", slot=slot)
    return programme


def test_load_demo_outcomes_twice_changes_nothing_the_second_time(demo):
    call_command("load_demo_outcomes", "--quiet")
    first = (
        SurveyResponse.objects.count(),
        MeetingOutcome.objects.filter(flagged=True).count(),
        MeetingOutcome.objects.filter(settled_level__isnull=False).count(),
    )
    levels = sorted(SurveyResponse.objects.values_list("pk", "level", "updated_at"))
    call_command("load_demo_outcomes", "--quiet")
    assert first[0] > 30 and first[1] >= 1 and first[2] == 1
    assert (
        SurveyResponse.objects.count(),
        MeetingOutcome.objects.filter(flagged=True).count(),
        MeetingOutcome.objects.filter(settled_level__isnull=False).count(),
    ) == first
    assert sorted(SurveyResponse.objects.values_list("pk", "level", "updated_at")) == levels
    assert set(SurveyResponse.objects.values_list("language", flat=True)) == {"en", "ja", "ru"}
    assert demo.schedules.get().meetings.filter(status="no_show").count() == 1


def test_outcome_figures_json_shape_and_numbers(held):
    survey_answer(held.links["japanese"], took_place=True, level=4)
    survey_answer(held.links["overseas"], took_place=True, level=2)
    make_meeting(held.programme, schedule=held.meeting.schedule, status="no_show", slot=1)
    out = StringIO()
    call_command("outcome_figures", "--programme", held.programme.slug, "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures == {
        "meetings_held": 1,
        "no_shows": 1,
        "responses": 2,
        "response_rate": round(2 / 3, 4),
        "levels": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0},
        "disagreements": 1,
        "follow_ups": {
            "open": 0,
            "contacted": 0,
            "visit_made": 0,
            "negotiating": 0,
            "agreement_signed": 0,
            "dropped": 0,
        },
        "agreements": 0,
    }
    out = StringIO()
    call_command("outcome_figures", "--portfolio", "--json", stdout=out)
    assert json.loads(out.getvalue())["responses"] == 2


def test_outcome_figures_counts_queries_independent_of_meetings(
    held, django_assert_max_num_queries
):
    from monitoring.selectors import outcome_figures

    with django_assert_max_num_queries(5):
        outcome_figures([held.programme])
