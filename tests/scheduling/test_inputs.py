"""Requests, adviser pair scores, attendance and absences: who may give them, and when."""

from datetime import UTC, datetime

import pytest

from core.models import Organisation
from scheduling import selectors, services
from scheduling.exceptions import SchedulingError
from scheduling.models import Attendance, MeetingRequest, PairScore, Unavailability
from tests import factories
from tests.factories import local


def _company_user(company):
    organisation = factories.OrganisationFactory(
        name=f"{company.legal_name} org", kind=Organisation.Kind.COMPANY, country="JP"
    )
    company.organisation = organisation
    company.save(update_fields=["organisation"])
    return factories.UserFactory(organisation=organisation)


@pytest.fixture
def window(scenario):
    programme = scenario.programme
    return factories.SchedulingSettingsFactory(
        programme=programme,
        requests_open_at=local(programme, programme.start_date.replace(day=1), 9),
        requests_close_at=local(programme, programme.start_date.replace(day=8), 17),
    )


def test_a_company_answers_for_itself_within_the_window(scenario, window):
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    user = _company_user(jp)
    inside = datetime(2027, 2, 5, 3, 0, tzinfo=UTC)
    request = services.meeting_request_save(
        scenario.programme, company=jp, target=vn, preference="must", note=" Brakes ",
        by=user, now=inside,
    )  # fmt: skip
    assert (request.preference, request.note, request.by) == ("must", "Brakes", user)
    assert MeetingRequest.objects.filter(company=jp, target=vn).count() == 1  # updated, not added


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (datetime(2027, 1, 31, 23, 59, tzinfo=UTC),
         "Meeting requests open on 2027-02-01 09:00 (Asia/Tokyo)."),
        (datetime(2027, 2, 8, 8, 1, tzinfo=UTC),
         "Meeting requests closed on 2027-02-08 17:00 (Asia/Tokyo)."),
    ],
)  # fmt: skip
def test_requests_outside_the_window_are_refused_but_staff_may(scenario, window, staff, now,
                                                               message):  # fmt: skip
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    with pytest.raises(SchedulingError) as caught:
        services.meeting_request_save(scenario.programme, company=jp, target=vn,
                                      preference="no", by=_company_user(jp), now=now)  # fmt: skip
    assert (caught.value.code, str(caught.value.message)) == ("requests_closed", message)
    assert MeetingRequest.objects.get(company=jp, target=vn).preference == "like"  # unchanged
    services.meeting_request_save(scenario.programme, company=jp, target=vn, preference="no",
                                  by=staff, now=now)  # fmt: skip
    assert MeetingRequest.objects.get(company=jp, target=vn).preference == "no"


def test_requests_refused_for_another_company_an_outsider_or_the_same_side(scenario):
    programme = scenario.programme
    jp, other_jp, vn = scenario.domestic[0], scenario.domestic[1], scenario.overseas[0]
    user = _company_user(jp)
    cases = [
        ({"company": other_jp, "target": vn}, "permission_denied",
         "You may answer only for your own company."),
        ({"company": jp, "target": other_jp}, "not_participant",
         f"{other_jp} is not a participant of the other side."),
        ({"company": jp, "target": factories.CompanyFactory(legal_name="Outsider Ltd")},
         "not_participant", "Outsider Ltd is not a participant of the other side."),
        ({"company": jp, "target": vn, "preference": "maybe"}, "request_refused",
         "Choose “must meet”, “would like to meet” or “not interested”."),
    ]  # fmt: skip
    for kwargs, code, message in cases:
        kwargs = {"preference": "must", **kwargs}
        with pytest.raises(SchedulingError) as caught:
            services.meeting_request_save(programme, by=user, **kwargs)
        assert (caught.value.code, str(caught.value.message)) == (code, message)
    stranger = factories.JapaneseCompanyFactory(legal_name="Not In It KK")
    with pytest.raises(SchedulingError) as caught:
        services.meeting_request_save(programme, company=stranger, target=vn, preference="like",
                                      by=_company_user(stranger))  # fmt: skip
    assert str(caught.value.message) == "Not In It KK does not take part in this programme."


def test_pair_score_needs_a_reason_and_the_right_sides(scenario, staff):
    programme = scenario.programme
    vn, jp = scenario.overseas[0], scenario.domestic[0]
    with pytest.raises(SchedulingError) as caught:
        services.pair_score_save(programme, overseas=jp, domestic=vn, adjustment=25, by=staff)
    assert caught.value.errors == {
        "overseas": ["Not an overseas participant of this programme."],
        "domestic": ["Not a Japanese participant of this programme."],
        "adjustment": ["A whole number from -20 to 20."],
        "reason": ["Say why: the reason is shown to staff with the score."],
    }
    assert not PairScore.objects.exists()
    row = services.pair_score_save(
        programme, overseas=vn, domestic=jp, blocked=True, reason_kind="competitor",
        reason="Same customers", by=staff,
    )  # fmt: skip
    assert (row.blocked, row.reason_kind, row.by) == (True, "competitor", staff)
    assert services.pair_score_save(programme, overseas=vn, domestic=jp, by=staff) is None
    assert not PairScore.objects.exists()  # neither points nor a block: the row goes


def test_pair_table_shows_how_each_score_was_combined(scenario, staff):
    programme = scenario.programme
    vn, jp = scenario.overseas[0], scenario.domestic[0]
    MeetingRequest.objects.create(programme=programme, company=vn, target=jp, preference="must")
    services.pair_score_save(programme, overseas=vn, domestic=jp, adjustment=3,
                             reason_kind="history", reason="Long history", by=staff)  # fmt: skip
    rows = selectors.pair_table(programme)
    assert len(rows) == 8
    top = rows[0]
    assert (top["overseas"], top["domestic"]) == (vn, jp)
    assert (top["domestic_wants"], top["overseas_wants"], top["score"]) == ("like", "must", 19)
    assert top["parts"] == [("domestic_like", 4), ("overseas_must", 10), ("mutual", 2),
                            ("adviser", 3)]  # fmt: skip
    assert top["adviser"].reason == "Long history"


def test_attendance_and_absences(scenario, staff):
    programme, jp = scenario.programme, scenario.domestic[0]
    seminar = factories.SeminarFactory(programme=programme)
    assert services.attendance_set(seminar, company=jp, attending=True, by=staff) is True
    assert services.attendance_set(seminar, company=jp, attending=True, by=staff) is False
    assert Attendance.objects.filter(activity=seminar, company=jp).count() == 1
    assert services.attendance_set(seminar, company=jp, attending=False, by=staff) is True
    start = local(programme, scenario.day1, 13)
    with pytest.raises(SchedulingError) as caught:
        services.unavailability_add(programme, company=jp, starts_at=start, ends_at=start,
                                    by=staff)  # fmt: skip
    assert str(caught.value.message) == "The absence must end after it starts."
    away = services.unavailability_add(programme, company=jp, starts_at=start,
                                       ends_at=local(programme, scenario.day1, 14),
                                       reason="Customer visit", by=staff)  # fmt: skip
    assert Unavailability.objects.get() == away
