"""What schemathesis found in the matching API (tests/api/test_fuzz_schema.py), one test each:
answers the schema did not describe, and input that reached the database as a 500."""

import pytest

from matching.models import Decision
from tests import factories
from tests.api.schema_check import answer_conforms

pytestmark = pytest.mark.django_db


def test_a_review_without_recommendation_or_frozen_scores_answers_as_documented(programme, staff):
    # The schema promised a recommendation from the set, and a time: both are empty here.
    assignment = factories.AssignmentFactory(programme=programme, application__programme=programme)

    review = answer_conforms(
        staff, "GET", "/api/v1/reviews/{id}/", path_parameters={"id": assignment.pk}
    ).json()
    listed = answer_conforms(
        staff,
        "GET",
        "/api/v1/programmes/{slug}/assignments/",
        path_parameters={"slug": programme.slug},
    ).json()

    assert (review["recommendation"], review["automatic_frozen_at"]) == ("", None)
    assert [row["recommendation"] for row in listed["results"]] == [""]


def test_a_decision_nobody_answered_yet_answers_as_documented(programme, staff):
    decision = factories.DecisionFactory(application__programme=programme)
    assert decision.response == ""

    decisions = answer_conforms(
        staff,
        "GET",
        "/api/v1/programmes/{slug}/decisions/",
        path_parameters={"slug": programme.slug},
    ).json()
    ranking = answer_conforms(
        staff, "GET", "/api/v1/programmes/{slug}/ranking/", path_parameters={"slug": programme.slug}
    ).json()

    assert [d["response"] for d in decisions["results"]] == [""]
    assert [(r["decision"]["response"], r["automatic_frozen_at"]) for r in ranking] == [("", None)]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/programmes/{slug}/invitations/", "companies"),
        ("/api/v1/programmes/{slug}/decisions/", "applications"),
    ],
)
def test_an_id_no_row_can_have_is_refused_before_it_reaches_the_database(
    programme, staff, path, field
):
    # 2**64 does not fit the database's integers: SQLite raised OverflowError (a 500).
    body = {field: [2**64], "outcome": Decision.Outcome.SELECT, "reason": ""}

    response = answer_conforms(
        staff, "POST", path, path_parameters={"slug": programme.slug}, body=body
    )

    assert response.status_code == 400
    errors = response.json()["errors"][field]
    assert errors == {"0": ["Ensure this value is less than or equal to 9223372036854775807."]}
    assert not Decision.objects.exists()
