"""Staff booking the same slot at the same moment, on real PostgreSQL, through the service the
schedule grid calls (scheduling.services.meetings.meeting_add): of twenty attempts to put one
overseas company at its table in the same slot, each with another Japanese company, exactly
one books it; the other nineteen are refused with the rule they break, nothing saved. (The
database's own refusal under concurrent inserts, one constraint per resource, is
tests/integration/test_schedule_runs.py::
test_twenty_concurrent_bookings_of_one_resource_in_a_slot_exactly_one_succeeds.) Each thread
has its own database connection."""

import pytest
from django.db import connection

from scheduling.exceptions import MeetingRefused
from scheduling.models import Meeting
from scheduling.services import meetings as edits
from tests import factories
from tests.integration.test_concurrent_scoring import together
from tests.scheduling.conftest import make_scenario

pytestmark = pytest.mark.integration
ATTEMPTS = 20


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def test_twenty_parallel_bookings_of_one_slot_book_it_once(postgres):
    scenario = make_scenario(factories.ProgrammeFactory())
    programme = scenario.programme
    staff = factories.StaffUserFactory(username="staff")
    schedule = factories.ScheduleFactory(programme=programme)
    overseas = scenario.overseas[0]
    domestic = list(scenario.domestic) + [
        factories.DomesticParticipantFactory(
            application__programme=programme,
            application__company__legal_name=f"Kobe Gears {n}",
        ).application.company
        for n in range(ATTEMPTS - len(scenario.domestic))
    ]

    results = together(
        *[
            lambda d=d: edits.meeting_add(schedule, overseas=overseas, domestic=d, slot=0, by=staff)
            for d in domestic
        ]
    )

    booked = [r for r in results if isinstance(r, Meeting)]
    refused = [r for r in results if isinstance(r, MeetingRefused)]
    assert (len(booked), len(refused)) == (1, ATTEMPTS - 1), results
    meeting = Meeting.objects.get(schedule=schedule)  # one meeting saved, the winner's
    assert meeting == booked[0] and (meeting.overseas, meeting.slot) == (overseas, 0)
    rules = [
        f"Double booking: Saigon Parts 1 already meets {meeting.domestic.legal_name} at "
        "2027-02-15 13:00 (table 1).",
        "Double booking: table 1 is taken at 2027-02-15 13:00.",
    ]
    assert {(str(r.message), tuple(r.errors["rules"])) for r in refused} == {
        (" ".join(rules), tuple(rules))
    }
