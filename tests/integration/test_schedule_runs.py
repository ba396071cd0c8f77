"""Schedules on real PostgreSQL: the database refuses double-booking under concurrent writes,
and a schedule run goes through the broker to a live worker."""

import pytest
from django.db import IntegrityError, connection

from scheduling import services
from scheduling.models import Meeting, ScheduleRun
from tests import factories
from tests.integration.test_concurrent_scoring import together
from tests.integration.test_worker import wait_for
from tests.scheduling.conftest import make_scenario

pytestmark = pytest.mark.integration
ATTEMPTS = 20


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def _setup():
    programme = factories.ProgrammeFactory()
    session = factories.ActivityFactory(programme=programme, meetings_per_day=10)
    schedule = factories.ScheduleFactory(programme=programme)
    overseas = [factories.CompanyFactory() for _ in range(ATTEMPTS)]
    domestic = [factories.JapaneseCompanyFactory() for _ in range(ATTEMPTS)]
    tables = [factories.TableFactory(activity=session, number=n + 1) for n in range(ATTEMPTS)]
    interpreters = [factories.UserFactory() for _ in range(ATTEMPTS)]
    return session, schedule, overseas, domestic, tables, interpreters


def _attempt(session, schedule, *, overseas, domestic, table, interpreter=None):
    slot = session.slots()[3]

    def create():
        return Meeting.objects.create(
            schedule=schedule, overseas=overseas, domestic=domestic, activity=session,
            table=table, slot=3, starts_at=slot.starts_at, ends_at=slot.ends_at,
            interpreter=interpreter,
        )  # fmt: skip

    return create


@pytest.mark.parametrize("shared", ["overseas", "domestic", "table", "interpreter"])
def test_twenty_concurrent_bookings_of_one_resource_in_a_slot_exactly_one_succeeds(
    postgres, shared
):
    session, schedule, overseas, domestic, tables, interpreters = _setup()
    calls = []
    for n in range(ATTEMPTS):
        calls.append(
            _attempt(
                session,
                schedule,
                overseas=overseas[0] if shared == "overseas" else overseas[n],
                domestic=domestic[0] if shared == "domestic" else domestic[n],
                table=tables[0] if shared == "table" else tables[n],
                interpreter=interpreters[0] if shared == "interpreter" else interpreters[n],
            )
        )
    results = together(*calls)
    booked = [r for r in results if isinstance(r, Meeting)]
    refused = [r for r in results if isinstance(r, IntegrityError)]
    assert len(booked) == 1 and len(refused) == ATTEMPTS - 1, results
    name = {
        "overseas": "meeting_overseas_once_per_slot",
        "domestic": "meeting_domestic_once_per_slot",
        "table": "meeting_table_once_per_slot",
        "interpreter": "meeting_interpreter_once_per_slot",
    }[shared]
    assert all(name in str(error) for error in refused), refused[0]
    assert Meeting.objects.filter(schedule=schedule).count() == 1


def test_a_schedule_run_goes_through_the_worker_with_progress(celery_worker):
    scenario = make_scenario(factories.ProgrammeFactory())
    staff = factories.StaffUserFactory(username="staff")
    run = services.schedule_run_start(scenario.programme, by=staff, time_limit=20)
    finished = wait_for(
        lambda: ScheduleRun.objects.filter(pk=run.pk, status__in=["succeeded", "failed"]).first()
    )
    assert finished.status == "succeeded", finished.message
    job = finished.job
    assert (job.status, job.progress, job.total) == ("succeeded", 4, 4)
    assert job.worker.startswith("integration@")
    assert finished.schedule.meetings.count() == 8
    assert finished.schedule.quality["ratio"] == 1.0
