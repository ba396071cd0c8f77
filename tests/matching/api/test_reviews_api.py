"""/api/v1/reviews/: an adviser's own reviews with their running totals, scoring through the
API, and the refusals (another adviser's review, staff scoring, a score off the scale, a locked
round) in the one error shape."""

from decimal import Decimal

import pytest
from django.utils import timezone

from matching.models import Assignment, Score
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(hanoi, adviser, management, exports):
    """Hanoi assigned to the adviser, who gave 4 / 5 for management and 5 / 10 for exports."""
    assignment = factories.AssignmentFactory(application=hanoi, adviser=adviser)
    factories.ScoreFactory(assignment=assignment, criterion=management, value=Decimal("4"))
    factories.ScoreFactory(assignment=assignment, criterion=exports, value=Decimal("5"))
    return assignment


def url(assignment: Assignment) -> str:
    return f"/api/v1/reviews/{assignment.pk}/"


def test_adviser_lists_only_their_own_reviews_with_scores_and_running_total(
    api, review, second_adviser, staff, hanoi, management, exports
):
    others = factories.AssignmentFactory(application=hanoi, adviser=second_adviser)

    response = api(review.adviser).get("/api/v1/reviews/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == review.pk
    assert row["application"]["company"]["legal_name"] == "Hanoi Mechanical JSC"
    assert row["scores"] == {str(management.pk): "4.00", str(exports.pk): "5.00"}
    # 100 × (2 × 4/5 + 1 × 5/10) / 3
    assert row["total"] == "70.00"
    assert (row["recommendation"], row["complete"]) == ("", False)
    staff_ids = [r["id"] for r in api(staff).get("/api/v1/reviews/").json()["results"]]
    assert sorted(staff_ids) == sorted([review.pk, others.pk])


def test_reviews_of_a_programme_are_for_its_advisers_and_staff(api, review, programme):
    interpreter = factories.UserFactory(username="yamada")
    factories.ProgrammeRoleFactory(programme=programme, user=interpreter, role=Role.INTERPRETER)
    query = {"programme": programme.slug}

    mine = api(review.adviser).get("/api/v1/reviews/", query)
    refused = api(interpreter).get("/api/v1/reviews/", query)

    assert [row["id"] for row in mine.json()["results"]] == [review.pk]
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_detail_shows_the_criteria_and_the_company_record(api, review, management, exports):
    response = api(review.adviser).get(url(review))

    body = response.json()
    assert response.status_code == 200
    assert [c["name"] for c in body["criteria"]] == ["Management capability", "Export readiness"]
    assert body["criteria"][0]["threshold"] == "2.00"
    assert body["application"]["company"]["employees"] == 80
    assert (body["automatic"], body["locked"]) == ({}, False)


def test_another_advisers_review_is_not_found(api, review, second_adviser):
    response = api(second_adviser).patch(url(review), {"comment": "Mine now"}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}
    assert api(second_adviser).get(url(review)).status_code == 404


def test_staff_read_a_review_but_may_not_score_it(api, review, staff, exports):
    client = api(staff)

    assert client.get(url(review)).status_code == 200
    response = client.patch(url(review), {"scores": {str(exports.pk): 9}}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Score.objects.get(assignment=review, criterion=exports).value == Decimal("5")


def test_a_score_off_the_scale_is_refused_with_where_and_nothing_is_saved(
    api, review, management, exports
):
    body = {"scores": {str(management.pk): 1, str(exports.pk): 11}, "recommendation": "select"}

    response = api(review.adviser).patch(url(review), body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some scores are not valid; nothing was saved.",
        "code": "out_of_scale",
        "errors": {
            f"scores.{exports.pk}": [
                "Export readiness is scored from 0 to 10; 11 is outside the scale."
            ]
        },
    }
    review.refresh_from_db()
    assert review.recommendation == ""
    assert Score.objects.get(assignment=review, criterion=management).value == Decimal("4")


def test_an_unknown_criterion_is_named_in_the_errors(api, review):
    response = api(review.adviser).patch(url(review), {"scores": {"999999": 3}}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"scores.999999": ["No such criterion in this programme."]}


def test_patch_completes_the_review_once_everything_is_given(api, review, management, exports):
    client = api(review.adviser)

    response = client.patch(
        url(review),
        {"scores": {str(exports.pk): "7.5"}, "recommendation": "maybe", "comment": " Solid. "},
        format="json",
    )

    body = response.json()
    assert response.status_code == 200, body
    assert body["scores"] == {str(management.pk): "4.00", str(exports.pk): "7.50"}
    assert (body["recommendation"], body["comment"], body["complete"]) == ("maybe", "Solid.", True)
    # 100 × (2 × 4/5 + 1 × 7.5/10) / 3
    assert body["total"] == "78.33"
    review.refresh_from_db()
    assert review.completed_at is not None


def test_put_replaces_the_whole_review(api, review, management, exports):
    review.recommendation = "select"
    review.comment = "Old comment"
    review.save()

    response = api(review.adviser).put(
        url(review), {"scores": {str(management.pk): 3}}, format="json"
    )

    body = response.json()
    assert response.status_code == 200, body
    assert body["scores"] == {str(management.pk): "3.00"}
    assert (body["recommendation"], body["comment"], body["complete"]) == ("", "", False)
    assert not Score.objects.filter(assignment=review, criterion=exports).exists()


def test_a_locked_round_refuses_scores(api, review, assessment, staff, management):
    assessment.locked_at = timezone.now()
    assessment.locked_by = staff
    assessment.save()
    client = api(review.adviser)

    response = client.patch(url(review), {"scores": {str(management.pk): 1}}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "round_locked"
    assert body["detail"].startswith("The assessment round was locked on ")
    assert client.get(url(review)).json()["locked"] is True
    assert Score.objects.get(assignment=review, criterion=management).value == Decimal("4")


def test_review_list_reads_a_fixed_number_of_queries(
    api, adviser, make_applicant, management, exports, django_assert_max_num_queries
):
    for number in range(6):
        assignment = factories.AssignmentFactory(
            application=make_applicant(f"Applicant {number} JSC"), adviser=adviser
        )
        factories.ScoreFactory(assignment=assignment, criterion=management)
        factories.ScoreFactory(assignment=assignment, criterion=exports)
    client = api(adviser)

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/reviews/")

    assert response.json()["count"] == 6


def test_a_score_that_is_not_a_number_is_named_in_the_errors(api, review, management):
    response = api(review.adviser).patch(
        url(review), {"scores": {str(management.pk): [4]}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {f"scores.{management.pk}": ["Give a number."]}
