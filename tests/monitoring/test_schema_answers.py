"""What schemathesis found in the monitoring API (tests/api/test_fuzz_schema.py)."""

import pytest

from tests import factories
from tests.api.schema_check import answer_conforms

pytestmark = pytest.mark.django_db


def test_a_report_of_a_programme_nobody_can_see_answers_404_as_documented(staff):
    factories.ProgrammeFactory(slug="visible")

    response = answer_conforms(
        staff, "POST", "/api/v1/reports/", body={"scope": "programme", "programme": "hidden"}
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "No such programme."
