"""The scheduling input API: requests (own only, window, outsiders), pair scores and blocks,
the pair table, attendance, absences and settings, with the one error shape."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from programmes.models import Role
from scheduling.models import Attendance, MeetingRequest, PairScore, Unavailability
from tests import factories
from tests.scheduling.test_request_pages import company_user


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(name, programme, *args):
    return reverse(f"api:{name}", args=[programme.slug, *args])


def test_a_company_lists_only_its_own_requests(scenario):
    programme = scenario.programme
    jp = scenario.domestic[0]

    response = api(company_user(programme, jp)).get(url("request.list", programme))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {(r["company"]["id"], r["target"]["id"]) for r in body["results"]} == {
        (jp.pk, o.pk) for o in scenario.overseas
    }


def test_another_companys_request_is_not_found(scenario):
    programme = scenario.programme
    jp, other = scenario.domestic[0], scenario.domestic[1]
    theirs = MeetingRequest.objects.filter(company=other).first()
    client = api(company_user(programme, jp))

    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(url("request.detail", programme, theirs.pk), {})
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert MeetingRequest.objects.get(pk=theirs.pk).preference == "like"


def test_a_company_creates_a_request_and_may_not_name_another_company(scenario):
    programme = scenario.programme
    vn, jp = scenario.overseas[0], scenario.domestic[0]
    client = api(company_user(programme, vn))

    created = client.post(
        url("request.list", programme),
        {"target": jp.pk, "preference": "must", "note": "Distributor wanted"},
        format="json",
    )
    for_another = client.post(
        url("request.list", programme),
        {"company": scenario.overseas[1].pk, "target": jp.pk, "preference": "no"},
        format="json",
    )

    assert created.status_code == 201
    row = MeetingRequest.objects.get(company=vn, target=jp)
    assert (row.preference, row.note) == ("must", "Distributor wanted")
    assert created.json()["preference"] == "must"
    assert for_another.status_code == 404
    assert not MeetingRequest.objects.filter(company=scenario.overseas[1]).exists()


def test_a_request_about_a_company_outside_the_programme_or_the_same_side_is_404(scenario):
    programme = scenario.programme
    client = api(company_user(programme, scenario.domestic[0]))
    outsider = factories.CompanyFactory(legal_name="Outsider JSC")

    for target in (outsider, scenario.domestic[1]):
        response = client.post(
            url("request.list", programme), {"target": target.pk, "preference": "must"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 404
    assert not MeetingRequest.objects.filter(target=outsider).exists()


def test_requests_after_the_window_closed_are_refused_with_403_and_the_date(scenario):
    programme = scenario.programme
    factories.SchedulingSettingsFactory(
        programme=programme,
        requests_open_at=datetime(2026, 1, 1, tzinfo=UTC),
        requests_close_at=datetime(2026, 1, 31, 8, 0, tzinfo=UTC),
    )
    jp = scenario.domestic[0]
    client = api(company_user(programme, jp))
    mine = MeetingRequest.objects.filter(company=jp).first()

    created = client.post(
        url("request.list", programme),
        {"target": scenario.overseas[0].pk, "preference": "no"},
        format="json",
    )
    changed = client.patch(url("request.detail", programme, mine.pk), {"preference": "no"})
    deleted = client.delete(url("request.detail", programme, mine.pk))

    expected = {
        "detail": "Meeting requests closed on 2026-01-31 17:00 (Asia/Tokyo).",
        "code": "requests_closed",
        "errors": {},
    }
    assert (created.status_code, created.json()) == (403, expected)
    assert (changed.status_code, changed.json()) == (403, expected)
    assert deleted.status_code == 403
    assert MeetingRequest.objects.filter(company=jp, preference="like").count() == 2


def test_a_counterpart_sees_nothing_of_the_requests(scenario):
    programme = scenario.programme
    organisation = factories.OrganisationFactory(name="Opora Russia")
    factories.ProgrammeOrganisationFactory(programme=programme, organisation=organisation)
    counterpart = factories.UserFactory(organisation=organisation)

    response = api(counterpart).get(url("request.list", programme))

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Meeting requests are read by the companies that made them and by staff."
    )


def test_an_adviser_blocks_a_pair_and_the_pair_table_excludes_it(scenario):
    programme = scenario.programme
    adviser = factories.UserFactory()
    factories.ProgrammeRoleFactory(programme=programme, user=adviser, role=Role.ADVISER)
    vn, jp = scenario.overseas[0], scenario.domestic[0]
    client = api(adviser)
    client.post(
        url("pair_score.list", programme),
        {"overseas": vn.pk, "domestic": jp.pk, "adjustment": 3, "reason_kind": "history",
         "reason": "Ten years of exports"},
        format="json",
    )  # fmt: skip

    blocked = client.post(
        url("block.list", programme),
        {"overseas": vn.pk, "domestic": jp.pk, "reason": "Both supply Honda"},
        format="json",
    )
    pairs = client.get(url("pair.list", programme), {"company": jp.pk}).json()["results"]

    assert blocked.status_code == 201
    row = PairScore.objects.get(overseas=vn, domestic=jp)
    assert (row.adjustment, row.blocked, row.reason_kind) == (3, True, "competitor")
    pair = next(p for p in pairs if p["overseas"]["id"] == vn.pk)
    assert (pair["score"], pair["excluded"], pair["blocked"]) == (0, "blocked", True)
    other = next(p for p in pairs if p["overseas"]["id"] == scenario.overseas[1].pk)
    assert (other["score"], other["parts"]) == (4, [{"term": "domestic_like", "points": 4}])


def test_a_pair_score_out_of_range_is_refused_by_field(scenario, staff):
    response = api(staff).post(
        url("pair_score.list", scenario.programme),
        {"overseas": scenario.overseas[0].pk, "domestic": scenario.domestic[0].pk,
         "adjustment": 50, "reason": "x"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "adjustment": ["Ensure this value is less than or equal to 20."]
    }
    assert not PairScore.objects.exists()


def test_a_reviewer_reads_the_pair_table_and_changes_nothing(scenario):
    programme = scenario.programme
    reviewer = factories.UserFactory()
    factories.ProgrammeRoleFactory(programme=programme, user=reviewer, role=Role.REVIEWER)
    client = api(reviewer)

    assert client.get(url("pair.list", programme)).status_code == 200
    refused = client.post(
        url("pair_score.list", programme),
        {"overseas": scenario.overseas[0].pk, "domestic": scenario.domestic[0].pk,
         "adjustment": 1, "reason": "x"},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert client.patch(url("scheduling_settings", programme), {}).status_code == 403
    assert not PairScore.objects.exists()


def test_staff_record_attendance_and_an_absence(scenario, staff):
    programme = scenario.programme
    seminar = factories.SeminarFactory(programme=programme)
    vn = scenario.overseas[0]
    client = api(staff)

    attended = client.post(
        url("attendance.list", programme),
        {"activity": seminar.pk, "company": vn.pk, "attending": True},
        format="json",
    )
    absence = client.post(
        url("unavailability.list", programme),
        {"company": vn.pk, "starts_at": "2027-02-15T13:00:00+09:00",
         "ends_at": "2027-02-15T14:00:00+09:00", "reason": "Factory visit"},
        format="json",
    )  # fmt: skip
    backwards = client.post(
        url("unavailability.list", programme),
        {"company": vn.pk, "starts_at": "2027-02-15T14:00:00Z", "ends_at": "2027-02-15T13:00:00Z"},
        format="json",
    )

    assert attended.json() == {
        "activity": seminar.pk, "company": vn.pk, "attending": True, "changed": True,
    }  # fmt: skip
    assert Attendance.objects.filter(activity=seminar, company=vn).exists()
    assert absence.status_code == 201
    assert Unavailability.objects.get().starts_at == datetime(2027, 2, 15, 4, 0, tzinfo=UTC)
    assert (backwards.status_code, backwards.json()["detail"]) == (
        400, "The absence must end after it starts.",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"requests_open_at": "2027-02-01T00:00:00Z", "requests_close_at": "2027-01-01T00:00:00Z"},
         {"requests_close_at": ["Requests must close after they open."]}),
        ({"domestic_min_meetings": 4, "domestic_max_meetings": 3},
         {"domestic_max_meetings": ["The most meetings (3) cannot be fewer than the least (4)."]}),
    ],
)  # fmt: skip
def test_contradictory_settings_are_refused_by_field(scenario, staff, change, errors):
    response = api(staff).patch(
        url("scheduling_settings", scenario.programme), change, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The scheduling settings were not saved.",
        "code": "invalid",
        "errors": errors,
    }


def test_the_request_list_reads_in_a_fixed_number_of_queries(
    scenario, staff, django_assert_max_num_queries
):
    programme = scenario.programme
    for _n in range(40):
        company = factories.DomesticParticipantFactory(
            application__programme=programme
        ).application.company
        factories.MeetingRequestFactory(
            programme=programme, company=company, target=scenario.overseas[0]
        )

    with django_assert_max_num_queries(8):
        response = api(staff).get(url("request.list", programme))

    assert response.json()["count"] == 48
