"""/api/v1/programmes/<slug>/assessment/, criteria, conflicts and assignments: the round's
settings and counts, the lock, criteria through the services' validation, advisers declaring
their own conflicts, and assignments (by hand and automatic) that respect those conflicts."""

from decimal import Decimal

import pytest
from django.utils import timezone

from companies.models import Application
from matching.models import Assignment, Conflict, Criterion, Decision
from tests import factories

pytestmark = pytest.mark.django_db


def base(programme) -> str:
    return f"/api/v1/programmes/{programme.slug}"


def test_the_round_answers_its_settings_and_how_far_it_is(
    api, staff, programme, assessment, adviser, second_adviser, hanoi, make_applicant
):
    danang = make_applicant("Da Nang Electronics JSC")
    make_applicant("Hue Garments JSC", status=Application.Status.SUBMITTED)  # not in the round
    factories.AssignmentFactory(application=hanoi, adviser=adviser, completed_at=timezone.now())
    factories.AssignmentFactory(application=hanoi, adviser=second_adviser)
    factories.AssignmentFactory(application=danang, adviser=adviser)
    selected = make_applicant("Hai Phong Castings JSC", status=Application.Status.SELECTED)
    factories.DecisionFactory(application=selected, outcome=Decision.Outcome.SELECT)

    response = api(staff).get(f"{base(programme)}/assessment/")

    body = response.json()
    assert response.status_code == 200
    assert body["counts"] == {
        "applications": 3,
        "assignments": 3,
        "reviews_complete": 1,
        "selected": 1,
        "target_min": 10,
        "target_max": 20,
    }
    assert (body["reviews_per_application"], body["disagreement"]) == (2, "20.0")
    assert (body["is_locked"], body["locked_at"], body["locked_by"]) == (False, None, None)


def test_settings_are_checked_by_the_service_and_answered_by_field(api, staff, programme):
    response = api(staff).patch(
        f"{base(programme)}/assessment/", {"target_min": 12, "target_max": 8}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some settings are not valid.",
        "code": "invalid",
        "errors": {"target_max": ["The most cannot be fewer than the least."]},
    }


def test_staff_change_the_settings(api, staff, programme, assessment):
    response = api(staff).patch(
        f"{base(programme)}/assessment/", {"reviews_per_application": 3}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["reviews_per_application"] == 3
    assessment.refresh_from_db()
    assert assessment.reviews_per_application == 3


def test_a_locked_round_refuses_new_criteria_until_unlocked(api, staff, programme):
    client = api(staff)
    criterion = {"name": "Export readiness", "scale_min": 0, "scale_max": 5}

    locked = client.post(f"{base(programme)}/assessment/lock/")
    refused = client.post(f"{base(programme)}/criteria/", criterion, format="json")
    unlocked = client.post(f"{base(programme)}/assessment/unlock/")
    created = client.post(f"{base(programme)}/criteria/", criterion, format="json")

    assert (locked.json()["is_locked"], locked.json()["locked_by"]["username"]) == (True, "staff")
    assert refused.status_code == 400
    assert refused.json()["code"] == "round_locked"
    assert unlocked.json()["is_locked"] is False
    assert created.status_code == 201


def test_criteria_are_created_changed_and_deleted_by_staff(api, staff, programme, adviser):
    client = api(staff)

    created = client.post(
        f"{base(programme)}/criteria/",
        {"name": "Management capability", "scale_min": 1, "scale_max": 5, "threshold": "2.5"},
        format="json",
    ).json()
    changed = client.patch(f"/api/v1/criteria/{created['id']}/", {"weight": "1.5"}, format="json")
    read_by_adviser = api(adviser).get(f"{base(programme)}/criteria/")
    deleted = client.delete(f"/api/v1/criteria/{created['id']}/")

    assert (created["programme"], created["source"], created["threshold"]) == (
        programme.slug,
        "manual",
        "2.50",
    )
    assert changed.json()["weight"] == "1.50"
    assert [c["name"] for c in read_by_adviser.json()] == ["Management capability"]
    assert deleted.status_code == 204
    assert not Criterion.objects.filter(pk=created["id"]).exists()


def test_criterion_errors_come_from_the_service_by_field(api, staff, programme):
    response = api(staff).post(
        f"{base(programme)}/criteria/",
        {"name": "Growth", "scale_min": 5, "scale_max": 5, "source": "exports"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["scale_max"] == ["The highest score must be above the lowest."]
    assert "auto_rule" in errors


def test_advisers_read_criteria_but_may_not_add_them(api, adviser, programme, management):
    client = api(adviser)

    assert client.get(f"/api/v1/criteria/{management.pk}/").json()["name"] == (
        "Management capability"
    )
    response = client.post(f"{base(programme)}/criteria/", {"name": "Mine"}, format="json")
    assert response.status_code == 403


def test_an_adviser_declares_their_own_conflict_and_loses_the_assignment(
    api, adviser, programme, hanoi
):
    factories.AssignmentFactory(application=hanoi, adviser=adviser)

    response = api(adviser).post(
        f"{base(programme)}/conflicts/",
        {"company": hanoi.company_id, "reason": "My brother runs it"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201, body
    assert (body["adviser"]["id"], body["company"]["legal_name"], body["reason"]) == (
        adviser.pk,
        "Hanoi Mechanical JSC",
        "My brother runs it",
    )
    assert not Assignment.objects.filter(adviser=adviser, application=hanoi).exists()


def test_an_adviser_may_not_declare_a_conflict_for_another(
    api, adviser, second_adviser, programme, hanoi
):
    response = api(adviser).post(
        f"{base(programme)}/conflicts/",
        {"adviser": second_adviser.pk, "company": hanoi.company_id, "reason": "Rival"},
        format="json",
    )

    assert response.status_code == 403
    assert not Conflict.objects.exists()


def test_staff_name_the_adviser_of_a_conflict(api, staff, programme, hanoi):
    response = api(staff).post(
        f"{base(programme)}/conflicts/",
        {"company": hanoi.company_id, "reason": "Former employer"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"adviser": ["Name the adviser."]}


def test_advisers_see_and_withdraw_only_their_own_conflicts(
    api, adviser, second_adviser, programme, hanoi
):
    own = factories.ConflictFactory(programme=programme, adviser=adviser, company=hanoi.company)
    other = factories.ConflictFactory(programme=programme, adviser=second_adviser)
    client = api(adviser)

    listed = client.get(f"{base(programme)}/conflicts/").json()["results"]
    hidden = client.delete(f"/api/v1/conflicts/{other.pk}/")
    withdrawn = client.delete(f"/api/v1/conflicts/{own.pk}/")

    assert [c["id"] for c in listed] == [own.pk]
    assert hidden.status_code == 404
    assert withdrawn.status_code == 204
    assert list(Conflict.objects.all()) == [other]


def test_assigning_an_adviser_with_a_conflict_is_refused(api, staff, adviser, programme, hanoi):
    factories.ConflictFactory(programme=programme, adviser=adviser, company=hanoi.company)

    response = api(staff).post(
        f"{base(programme)}/assignments/",
        {"application": hanoi.pk, "adviser": adviser.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"adviser": ["Conflict of interest declared."]}
    assert not Assignment.objects.exists()


def test_staff_assign_by_hand_and_take_it_back(api, staff, adviser, programme, hanoi):
    client = api(staff)

    created = client.post(
        f"{base(programme)}/assignments/",
        {"application": hanoi.pk, "adviser": adviser.pk},
        format="json",
    )
    body = created.json()
    deleted = client.delete(f"/api/v1/assignments/{body['id']}/")

    assert created.status_code == 201, body
    assert (body["method"], body["adviser"]["username"], body["application"]["id"]) == (
        "manual",
        "tanaka",
        hanoi.pk,
    )
    assert deleted.status_code == 204
    assert not Assignment.objects.exists()


def test_automatic_assignment_respects_a_declared_conflict(
    api, staff, adviser, second_adviser, programme, assessment, hanoi, make_applicant
):
    danang = make_applicant("Da Nang Electronics JSC")
    factories.ConflictFactory(programme=programme, adviser=adviser, company=hanoi.company)

    response = api(staff).post(f"{base(programme)}/assignments/auto/")

    body = response.json()
    assert response.status_code == 200, body
    assert (body["created"], body["applications"], body["short"]) == (3, 2, {str(hanoi.pk): 1})
    assert body["loads"] == {"Ken Tanaka": 1, "Ken Suzuki": 2}
    pairs = set(Assignment.objects.values_list("application_id", "adviser_id"))
    assert pairs == {(hanoi.pk, second_adviser.pk), (danang.pk, adviser.pk),
                     (danang.pk, second_adviser.pk)}  # fmt: skip


def test_assignment_list_is_for_staff(api, adviser, staff, programme, hanoi):
    factories.AssignmentFactory(application=hanoi, adviser=adviser)

    refused = api(adviser).get(f"{base(programme)}/assignments/")
    listed = api(staff).get(f"{base(programme)}/assignments/")

    assert refused.status_code == 403
    assert [row["adviser"]["username"] for row in listed.json()["results"]] == ["tanaka"]


def test_weights_are_answered_as_decimal_strings(api, staff, management):
    body = api(staff).get(f"/api/v1/criteria/{management.pk}/").json()

    assert (body["weight"], body["scale_max"]) == ("2.00", 5)
    assert Decimal(body["weight"]) == management.weight


def test_assignment_and_conflict_lists_read_a_fixed_number_of_queries(
    api, staff, programme, make_applicant, make_adviser, django_assert_max_num_queries
):
    for number in range(6):
        application = make_applicant(f"Applicant {number} JSC")
        adviser = make_adviser(f"adviser{number}", f"Adviser{number}")
        factories.AssignmentFactory(application=application, adviser=adviser, assigned_by=staff)
        factories.ConflictFactory(programme=programme, adviser=adviser, declared_by=staff)
    client = api(staff)

    with django_assert_max_num_queries(3):
        assignments = client.get(f"{base(programme)}/assignments/")
    with django_assert_max_num_queries(3):
        conflicts = client.get(f"{base(programme)}/conflicts/")

    assert assignments.json()["count"] == conflicts.json()["count"] == 6
