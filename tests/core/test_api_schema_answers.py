"""What schemathesis found about the API as a whole (tests/api/test_fuzz_schema.py): answers
that come from the machinery rather than a view, and the schema of the error shape."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import Job
from tests import factories
from tests.api.schema_check import answer_conforms

pytestmark = pytest.mark.django_db


def test_an_api_address_no_route_matches_answers_the_json_error_shape(client, staff):
    # An id that is not a number matches no route: Django's HTML 404 page was the answer.
    client.force_login(staff)

    api = client.get("/api/v1/jobs/null,null/")
    page = client.get("/programmes/no/such/page/")

    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_page_past_the_last_answers_404_as_documented(staff):
    # DRF's pagination answers it ("Invalid page."); the schema did not list 404.
    response = answer_conforms(staff, "GET", "/api/v1/jobs/", query={"page": 2})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found", "errors": {}}


def test_a_call_without_credentials_answers_401_as_documented():
    response = answer_conforms(None, "GET", "/api/v1/jobs/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_errors_of_a_field_of_several_parts_answer_in_the_documented_shape(programme, staff):
    # The schema said: a list of texts per field; a list's messages come by position.
    response = answer_conforms(
        staff,
        "POST",
        "/api/v1/programmes/{slug}/decisions/",
        path_parameters={"slug": programme.slug},
        body={"applications": ["x"], "outcome": "select", "reason": ""},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"applications": {"0": ["A valid integer is required."]}}


def test_a_job_result_downloads_under_the_type_of_its_file(staff):
    # The schema promised application/octet-stream; the programme workbook is XLSX.
    job = Job.objects.create(
        kind="programme_export",
        description="Workbook",
        created_by=staff,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result_filename="ceo-network.xlsx",
    )
    job.result_file.save("ceo-network.xlsx", ContentFile(b"PK\x03\x04"))

    response = answer_conforms(
        staff, "GET", "/api/v1/jobs/{id}/download/", path_parameters={"id": job.pk}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]


def test_a_nul_character_in_the_query_is_refused_400(client, staff):
    # PostgreSQL refused the exchange-rate filter with it in: a 500 (found by schemathesis).
    api = answer_conforms(staff, "GET", "/api/v1/exchange-rates/", query={"currency": "J\x00PY"})
    client.force_login(staff)
    page = client.get("/programmes/?q=a%00b")
    ordinary = client.get("/programmes/?q=ab")

    assert api.status_code == 400
    assert api.json() == {
        "detail": "The address contains a character that is not allowed.",
        "code": "invalid",
        "errors": {},
    }
    assert page.status_code == 400
    assert ordinary.status_code == 200


def test_a_body_of_a_type_the_api_does_not_read_answers_415_as_documented(staff):
    # DRF's parsers answer it (also for a multipart body too broken to read); undocumented.
    programme = factories.ProgrammeFactory()

    response = answer_conforms(
        staff,
        "PATCH",
        "/api/v1/programmes/{slug}/",
        path_parameters={"slug": programme.slug},
        body="title: x",
        media_type="text/plain",
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
