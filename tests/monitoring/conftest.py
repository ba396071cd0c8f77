from datetime import timedelta
from types import SimpleNamespace

import pytest

from monitoring.services import survey_links_issue
from tests import factories


def make_meeting(programme, *, schedule=None, status="held", interpreter=None, slot=0):
    """A meeting of the programme's published schedule between an overseas company (applied
    in Russian) and a Japanese company (applied in Japanese), with an interpreter (English)."""
    schedule = schedule or factories.ScheduleFactory(programme=programme, status="published")
    overseas = factories.CompanyFactory(country="RU")
    domestic = factories.JapaneseCompanyFactory()
    factories.ApplicationFactory(programme=programme, company=overseas, language="ru")
    factories.ApplicationFactory(programme=programme, company=domestic, language="ja")
    interpreter = interpreter or factories.UserFactory(language="en", email="interp@example.org")
    activity = factories.ActivityFactory(programme=programme)
    table = factories.TableFactory(activity=activity, number=1)
    return factories.MeetingFactory(
        schedule=schedule,
        overseas=overseas,
        domestic=domestic,
        activity=activity,
        table=table,
        interpreter=interpreter,
        status=status,
        slot=slot,
    )


@pytest.fixture
def held(db, programme):
    """A held meeting with its three survey links (by kind)."""
    meeting = make_meeting(programme)
    survey_links_issue(programme)
    links = {link.respondent_kind: link for link in meeting.survey_links.all()}
    return SimpleNamespace(programme=programme, meeting=meeting, links=links)


def after(meeting, **delta):
    return meeting.ends_at + timedelta(**delta)
