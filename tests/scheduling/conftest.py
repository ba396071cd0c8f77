from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests import factories
from tests.factories import local


@pytest.fixture
def scenario(db, programme):
    return make_scenario(programme)


def make_scenario(programme):
    """Two sessions (Osaka day 1: 4 slots; Tokyo day 2: 3 slots, so slots 4..6), two selected
    overseas companies with tables 1-2, four confirmed Japanese companies, and requests that
    give every Japanese company a positive score with both overseas companies."""
    day1, day2 = programme.start_date, programme.start_date + timedelta(days=1)
    osaka = factories.VenueFactory(name="Osaka ICC", city="Osaka")
    tokyo = factories.VenueFactory(name="Tokyo Forum", city="Tokyo")
    s1 = factories.ActivityFactory(
        programme=programme, venue=osaka, title="Osaka meetings",
        starts_at=local(programme, day1, 13), ends_at=local(programme, day1, 15),
        meetings_per_day=4,
    )  # fmt: skip
    s2 = factories.ActivityFactory(
        programme=programme, venue=tokyo, title="Tokyo meetings",
        starts_at=local(programme, day2, 13), ends_at=local(programme, day2, 15),
        meetings_per_day=3,
    )  # fmt: skip
    overseas = [
        factories.OverseasParticipantFactory(
            application__programme=programme,
            application__company__legal_name=f"Saigon Parts {n}",
        ).application.company
        for n in (1, 2)
    ]
    domestic = [
        factories.DomesticParticipantFactory(
            application__programme=programme,
            application__company__legal_name=f"Naniwa Seiko {n}",
        ).application.company
        for n in (1, 2, 3, 4)
    ]
    interpreters = [factories.UserFactory(username=f"interp{n}") for n in (1, 2)]
    for n, company in enumerate(overseas):
        factories.OverseasTableFactory(
            programme=programme, company=company, number=n + 1, interpreter=interpreters[n]
        )
    for d in domestic:
        for o in overseas:
            factories.MeetingRequestFactory(
                programme=programme, company=d, target=o, preference="like"
            )
    return SimpleNamespace(
        programme=programme, sessions=[s1, s2], overseas=overseas, domestic=domestic,
        interpreters=interpreters, day1=day1, day2=day2,
    )  # fmt: skip


def code(company) -> str:
    return f"{company.country}-{company.pk}"
