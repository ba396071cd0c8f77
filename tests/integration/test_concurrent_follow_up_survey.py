"""Twenty submissions of the same follow-up survey at the same moment, on real PostgreSQL:
exactly one answer is recorded (one note on the case, one return sales row, one status
change); the other nineteen are refused as already answered. Each thread has its own
database connection."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from monitoring.exceptions import AlreadyAnswered
from monitoring.models import FollowUp, FollowUpNote, FollowUpSurvey, ReturnSale
from monitoring.services import follow_up_survey_answer, survey_answer, survey_links_issue
from monitoring.tokens import follow_up_token_for
from tests import factories
from tests.integration.test_concurrent_scoring import together
from tests.monitoring.conftest import make_meeting

pytestmark = pytest.mark.integration
SUBMISSIONS = 20
STATUSES = ["contacted", "visit_made", "negotiating", "agreement_signed", "dropped"]


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def test_twenty_parallel_submissions_give_exactly_one_answer(postgres):
    programme = factories.ProgrammeFactory()
    meeting = make_meeting(programme)
    survey_links_issue(programme)
    for link in meeting.survey_links.all():
        survey_answer(link, took_place=True, level=3)
    survey = FollowUpSurvey.objects.get(
        follow_up__meeting=meeting, respondent_kind="japanese", months=3
    )
    token = follow_up_token_for(survey.pk)
    when = datetime.datetime.combine(survey.due_date, datetime.time(12), tzinfo=programme.tzinfo)

    def submit(index):
        from monitoring.services import follow_up_survey_resolve

        return follow_up_survey_answer(
            follow_up_survey_resolve(token),  # each submission reads the survey itself
            status=STATUSES[index % len(STATUSES)],
            sales_amount=str(1000 + index),
            sales_currency="JPY",
            comment=f"submission {index}",
            now=when,
        )

    results = together(*[lambda i=i: submit(i) for i in range(SUBMISSIONS)])

    answered = [r for r in results if isinstance(r, FollowUpSurvey)]
    refused = [r for r in results if isinstance(r, AlreadyAnswered)]
    assert len(answered) == 1, results
    assert len(refused) == SUBMISSIONS - 1, results
    survey.refresh_from_db()
    winner = answered[0]
    assert survey.answered_at == when and survey.status == winner.status
    assert FollowUpNote.objects.filter(follow_up=survey.follow_up).count() == 1
    sale = ReturnSale.objects.get()
    assert sale == survey.return_sale and sale.amount == survey.sales_amount
    assert sale.amount in {Decimal(1000 + i) for i in range(SUBMISSIONS)}
    case = FollowUp.objects.get()
    assert case.status == winner.status
