"""Ranking, decisions, the waiting list, invitations and a selected company's answer through
/api/v1/: the ranking's JSON, decisions refused while reviews are missing (and recorded with an
override), and a decline that withdraws the application."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from companies.models import Application, ApplicationEvent
from matching.models import Decision
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status


def base(programme) -> str:
    return f"/api/v1/programmes/{programme.slug}"


def complete_review(application, adviser, scores: dict, recommendation="select"):
    assignment = factories.AssignmentFactory(
        application=application,
        adviser=adviser,
        recommendation=recommendation,
        completed_at=timezone.now(),
    )
    for criterion, value in scores.items():
        factories.ScoreFactory(assignment=assignment, criterion=criterion, value=Decimal(value))
    return assignment


@pytest.fixture
def counterpart(programme):
    org = factories.OrganisationFactory(name="VCCI Hanoi", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return org


@pytest.fixture
def reviewed(
    assessment, hanoi, make_applicant, counterpart, adviser, second_adviser, management, exports
):
    """Hanoi: two complete reviews (70.00 and 56.67). Da Nang: one of two, failing management."""
    hanoi.counterpart = counterpart
    hanoi.save()
    complete_review(hanoi, adviser, {management: "4", exports: "5"})
    complete_review(hanoi, second_adviser, {management: "2", exports: "9"}, "maybe")
    danang = make_applicant("Da Nang Electronics JSC")
    complete_review(danang, adviser, {management: "1", exports: "10"}, "reject")
    return hanoi, danang


def test_ranking_answers_totals_means_failed_criteria_and_reviews(
    api, staff, programme, reviewed, counterpart, management, exports
):
    hanoi, danang = reviewed

    response = api(staff).get(f"{base(programme)}/ranking/")

    assert response.status_code == 200
    first, second = response.json()
    assert first == {
        "position": 1,
        "application": hanoi.pk,
        "status": "eligible",
        "company": {
            "id": hanoi.company_id,
            "legal_name": "Hanoi Mechanical JSC",
            "local_name": "",
            "country": "VN",
        },
        "counterpart": {"slug": "vcci-hanoi", "name": "VCCI Hanoi"},
        "total": "63.34",
        "spread": "13.33",
        "disagreement": False,
        "means": {str(management.pk): "3.00", str(exports.pk): "7.00"},
        "failed": [],
        "passes": True,
        "reviews_done": 2,
        "reviews_missing": 0,
        "recommendations": {"select": 1, "maybe": 1},
        "decision": None,
        "automatic_frozen_at": None,
    }
    assert (second["application"], second["position"], second["total"]) == (danang.pk, 2, "46.67")
    assert second["failed"] == [{"id": management.pk, "name": "Management capability"}]
    assert (second["passes"], second["reviews_missing"], second["spread"]) == (False, 1, None)


def test_ranking_keeps_one_counterparts_applicants(api, staff, programme, reviewed, counterpart):
    hanoi, _danang = reviewed
    client = api(staff)

    kept = client.get(f"{base(programme)}/ranking/", {"counterpart": counterpart.slug})
    unknown = client.get(f"{base(programme)}/ranking/", {"counterpart": "nobody"})

    assert [row["application"] for row in kept.json()] == [hanoi.pk]
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"counterpart": ["No organisation has this slug."]}


def test_ranking_is_for_staff(api, adviser, programme, reviewed):
    response = api(adviser).get(f"{base(programme)}/ranking/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_decision_with_reviews_missing_is_refused_without_an_override(
    api, staff, programme, reviewed
):
    _hanoi, danang = reviewed

    response = api(staff).post(
        f"{base(programme)}/decisions/",
        {"applications": [danang.pk], "outcome": "select", "reason": "Strong exporter"},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reviews_missing"
    assert body["detail"].startswith("Reviews are still missing for Da Nang Electronics JSC.")
    assert body["errors"] == {"override_reason": ["Required when reviews are missing."]}
    danang.refresh_from_db()
    assert danang.status == S.ELIGIBLE
    assert not Decision.objects.exists()


def test_a_decision_with_an_override_is_recorded_and_shown_in_the_ranking(
    api, staff, programme, reviewed
):
    hanoi, danang = reviewed
    client = api(staff)

    response = client.post(
        f"{base(programme)}/decisions/",
        {
            "applications": [danang.pk, hanoi.pk],
            "outcome": "select",
            "reason": "Strong exporter",
            "override_reason": "The second adviser is ill",
        },
        format="json",
    )

    body = response.json()
    assert response.status_code == 201, body
    by_id = {row["application"]["id"]: row for row in body}
    assert by_id[danang.pk]["override_reason"] == "The second adviser is ill"
    assert by_id[hanoi.pk]["override_reason"] == ""  # its reviews were all in
    assert {row["outcome"] for row in body} == {"select"}
    danang.refresh_from_db()
    assert danang.status == S.SELECTED
    ranking = client.get(f"{base(programme)}/ranking/").json()
    assert ranking[1]["decision"] == {
        "outcome": "select",
        "reason": "Strong exporter",
        "waitlist_rank": None,
        "invited": False,
        "response": "",
    }
    listed = client.get(f"{base(programme)}/decisions/").json()
    assert listed["count"] == 2


def test_a_decision_on_an_unknown_application_names_it(api, staff, programme, reviewed):
    response = api(staff).post(
        f"{base(programme)}/decisions/",
        {"applications": [999999], "outcome": "reject", "reason": "No"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "applications": ["No application of this programme: 999999."]
    }


def test_notify_tells_each_company_once(
    api, staff, programme, make_applicant, django_capture_on_commit_callbacks
):
    selected = make_applicant("Hai Phong Castings JSC", status=S.SELECTED)
    factories.DecisionFactory(application=selected)
    client = api(staff)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"{base(programme)}/decisions/notify/")
    again = client.post(f"{base(programme)}/decisions/notify/")

    assert first.json() == {"queued": 1, "without_email": []}
    assert again.status_code == 400  # nothing left to tell: said so, nothing queued
    assert again.json()["code"] == "nothing_to_tell"
    assert [message.to for message in mail.outbox] == [[selected.email]]


def test_promotion_selects_the_first_on_the_waiting_list(
    api, staff, programme, assessment, make_applicant
):
    first = make_applicant("Chiang Mai Foods Co., Ltd.", status=S.WAITLISTED)
    factories.DecisionFactory(application=first, outcome=Decision.Outcome.WAITLIST, waitlist_rank=1)
    second = make_applicant("Udon Rice Co., Ltd.", status=S.WAITLISTED)
    factories.DecisionFactory(
        application=second, outcome=Decision.Outcome.WAITLIST, waitlist_rank=2
    )

    response = api(staff).post(
        f"{base(programme)}/waitlist/promote/", {"reason": "A place came free"}, format="json"
    )

    body = response.json()
    assert response.status_code == 200, body
    assert (body["application"]["id"], body["outcome"], body["promoted"]) == (
        first.pk,
        "select",
        True,
    )
    first.refresh_from_db()
    assert first.status == S.SELECTED


def test_invitations_list_and_invite_registry_companies(api, staff, programme):
    gear = factories.JapaneseCompanyFactory(
        legal_name="Kawachi Gear Works", industries=["auto_parts"]
    )
    factories.JapaneseCompanyFactory(legal_name="Sakai Foods", industries=["food"])
    client = api(staff)

    listed = client.get(f"{base(programme)}/invitations/", {"sector": "auto_parts"})
    invited = client.post(
        f"{base(programme)}/invitations/",
        {"companies": [gear.pk], "reason": "Buyer of gears"},
        format="json",
    )

    assert [c["legal_name"] for c in listed.json()["results"]] == ["Kawachi Gear Works"]
    assert invited.status_code == 201, invited.json()
    [decision] = invited.json()
    assert (decision["outcome"], decision["invited"]) == ("select", True)
    again = client.get(f"{base(programme)}/invitations/", {"sector": "auto_parts"})
    assert again.json()["results"] == []


@pytest.fixture
def selected(programme, make_applicant):
    member_org = factories.OrganisationFactory(name="Hai Phong Castings", country="VN")
    application = make_applicant("Hai Phong Castings JSC", status=S.SELECTED)
    application.company.organisation = member_org
    application.company.save()
    factories.DecisionFactory(application=application, notified_at=timezone.now())
    return application


def test_a_decline_withdraws_the_application(api, selected):
    member = factories.UserFactory(username="hp", organisation=selected.company.organisation)

    response = api(member).post(
        f"/api/v1/applications/{selected.pk}/participation/",
        {"response": "declined", "note": "Cannot travel in February"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 200, body
    assert (body["response"], body["response_note"]) == ("declined", "Cannot travel in February")
    selected.refresh_from_db()
    assert selected.status == S.WITHDRAWN
    event = ApplicationEvent.objects.filter(application=selected).latest("pk")
    assert event.reason == "Declined participation: Cannot travel in February"


def test_the_counterpart_may_not_answer_for_its_applicant(api, programme, selected):
    org = factories.OrganisationFactory(name="VCCI Haiphong", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role="counterpart"
    )
    selected.counterpart = org
    selected.save()
    user = factories.UserFactory(username="vcci", organisation=org)

    response = api(user).post(
        f"/api/v1/applications/{selected.pk}/participation/",
        {"response": "declined"},
        format="json",
    )

    assert response.status_code == 403
    selected.refresh_from_db()
    assert selected.status == S.SELECTED


def test_only_a_selected_company_may_answer(api, staff, hanoi):
    response = api(staff).post(
        f"/api/v1/applications/{hanoi.pk}/participation/", {"response": "confirmed"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "participation_refused"


def test_ranking_and_decisions_read_a_fixed_number_of_queries(
    api, staff, programme, assessment, make_applicant, adviser, management,
    django_assert_max_num_queries,
):  # fmt: skip
    for number in range(6):
        application = make_applicant(f"Applicant {number} JSC", status=S.WAITLISTED)
        complete_review(application, adviser, {management: "3"})
        factories.DecisionFactory(application=application, outcome=Decision.Outcome.WAITLIST)
    client = api(staff)

    with django_assert_max_num_queries(6):
        ranking = client.get(f"{base(programme)}/ranking/")
    with django_assert_max_num_queries(3):
        decisions = client.get(f"{base(programme)}/decisions/")

    assert len(ranking.json()) == 6
    assert decisions.json()["count"] == 6
