"""/api/v1/ uploads: upload (multipart), read the preview, confirm, discard; scoping."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from companies.models import Application, Company, ImportBatch
from core.models import Job
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, jp_row, ru_row, vn_row, xlsx_bytes


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", slug="vcci", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="vcci", organisation=org)


@pytest.fixture
def second_counterpart(db, programme):
    org = factories.OrganisationFactory(name="Opora Russia", slug="opora", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="opora", organisation=org)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_upload(client, programme, data: bytes, filename: str = "applicants.csv", **fields):
    return client.post(
        reverse("api:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile(filename, data), **fields},
        format="multipart",
    )


def test_upload_answers_201_with_the_preview_and_confirm_imports_it(programme, counterpart):
    client = api(counterpart)

    response = post_upload(client, programme, csv_bytes([vn_row(1), vn_row(2, capital="abc"),
                                                         vn_row(3)]))  # fmt: skip

    body = response.json()
    assert response.status_code == 201, body
    batch = ImportBatch.objects.get()
    assert body["id"] == batch.pk
    assert body["status"] == "preview"
    assert body["organisation"]["slug"] == "vcci"
    assert body["counts"] == {"rows": 3, "new": 2, "update": 0, "unchanged": 0, "error": 1}
    assert body["job"] is None
    assert body["rows_url"] == f"http://testserver/api/v1/uploads/{batch.pk}/"

    detail = client.get(reverse("api:upload.detail", args=[batch.pk]), {"action": "error"})
    assert detail.status_code == 200
    assert detail.json()["rows"]["count"] == 1
    assert detail.json()["rows"]["results"] == [
        {
            "number": 3,
            "action": "error",
            "data": detail.json()["rows"]["results"][0]["data"],
            "errors": [{"column": "capital", "message": 'column "capital": not a number: "abc"'}],
            "changes": {},
            "company": None,
        }
    ]

    refused = client.post(reverse("api:upload.confirm", args=[batch.pk]))
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "1 row has errors. Correct the file and upload it again: nothing is imported "
        "until every row is valid.",
        "code": "rows_invalid",
        "errors": {},
    }
    assert Company.objects.count() == 0

    fixed = post_upload(client, programme, csv_bytes([vn_row(1), vn_row(2), vn_row(3)]))
    confirmed = client.post(reverse("api:upload.confirm", args=[fixed.json()["id"]]))
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "applied"
    assert Application.objects.filter(counterpart=counterpart.organisation).count() == 3


@pytest.mark.parametrize(
    "filename, data, encoding",
    [
        ("a.csv", csv_bytes([jp_row(1)], encoding="cp932"), "cp932"),
        ("b.csv", csv_bytes([ru_row(1)], delimiter=";", encoding="cp1251"), "cp1251"),
        ("c.csv", csv_bytes([vn_row(1)], encoding="utf-8-sig"), "utf-8"),
        ("d.xlsx", xlsx_bytes([ru_row(1)]), ""),
    ],
)
def test_upload_reads_each_encoding(programme, counterpart, filename, data, encoding):
    response = post_upload(api(counterpart), programme, data, filename)

    assert response.status_code == 201
    assert (response.json()["encoding"], response.json()["counts"]["new"]) == (encoding, 1)


def test_a_bad_file_answers_400_with_the_message_under_file(programme, counterpart):
    response = post_upload(api(counterpart), programme, b"%PDF-1.7\n", "list.csv")

    assert response.status_code == 400
    message = (
        '"list.csv" is not a CSV or Excel file: it seems to be a PDF document. Upload the '
        "applicant list as .xlsx or .csv."
    )
    assert response.json() == {"detail": message, "code": "invalid_file",
                               "errors": {"file": [message]}}  # fmt: skip
    assert ImportBatch.objects.count() == 0


def test_an_unknown_encoding_is_refused(programme, counterpart):
    response = post_upload(api(counterpart), programme, csv_bytes([vn_row(1)]), encoding="koi8-r")

    assert response.status_code == 400
    assert response.json()["errors"] == {"encoding": ['"koi8-r" is not a valid choice.']}


def test_staff_name_the_counterpart_and_a_counterpart_cannot_name_another(
    programme, counterpart, second_counterpart
):
    staff = api(factories.StaffUserFactory(username="staff"))
    data = csv_bytes([vn_row(1)])

    missing = post_upload(staff, programme, data)
    stranger = factories.OrganisationFactory(name="Uninvited", slug="uninvited")
    not_invited = post_upload(staff, programme, data, organisation=stranger.slug)
    chosen = post_upload(staff, programme, data, organisation="opora")
    ignored = post_upload(api(counterpart), programme, data, organisation="opora")

    assert (missing.status_code, missing.json()["errors"]) == (
        400,
        {"organisation": ["This field is required."]},
    )
    assert (not_invited.status_code, not_invited.json()["errors"]) == (
        400,
        {"organisation": ["Not a counterpart organisation of this programme."]},
    )
    assert chosen.json()["organisation"]["slug"] == "opora"
    assert ignored.json()["organisation"]["slug"] == "vcci"


def test_another_counterpart_gets_404_for_an_upload_it_does_not_own(
    programme, counterpart, second_counterpart
):
    batch_id = post_upload(api(counterpart), programme, csv_bytes([vn_row(1)])).json()["id"]
    other = api(second_counterpart)

    assert other.get(reverse("api:upload.detail", args=[batch_id])).status_code == 404
    assert other.post(reverse("api:upload.confirm", args=[batch_id])).status_code == 404
    assert other.post(reverse("api:upload.discard", args=[batch_id])).status_code == 404
    listed = other.get(reverse("api:upload.list", args=[programme.slug]))
    assert listed.json()["count"] == 0
    assert ImportBatch.objects.get().status == "preview"


def test_discard_answers_the_discarded_upload(programme, counterpart):
    client = api(counterpart)
    batch_id = post_upload(client, programme, csv_bytes([vn_row(1)])).json()["id"]

    response = client.post(reverse("api:upload.discard", args=[batch_id]))

    assert (response.status_code, response.json()["status"]) == (200, "discarded")
    again = client.post(reverse("api:upload.discard", args=[batch_id]))
    assert again.json()["detail"] == "This upload cannot be discarded: it is Discarded."


def test_a_large_upload_answers_202_with_its_job(
    programme, counterpart, django_capture_on_commit_callbacks
):
    client = api(counterpart)
    data = csv_bytes([vn_row(n) for n in range(1, 1401)])

    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, programme, data)

    assert response.status_code == 202
    assert response.json()["status"] == "reading"
    assert response.json()["job"]["kind"] == "companies.import_preview"
    detail = client.get(response.json()["rows_url"]).json()
    assert detail["status"] == "preview"
    assert detail["counts"]["new"] == 1400
    assert len(detail["rows"]["results"]) == 100 and detail["rows"]["next"].endswith("page=2")

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("api:upload.confirm", args=[detail["id"]]))

    assert (confirmed.status_code, confirmed.json()["status"]) == (202, "applying")
    assert Job.objects.get(pk=confirmed.json()["job"]["id"]).status == Job.Status.SUCCEEDED
    assert ImportBatch.objects.get().status == "applied"
    assert Application.objects.count() == 1400


def test_the_list_is_scoped_and_paginated(programme, counterpart, second_counterpart):
    post_upload(api(counterpart), programme, csv_bytes([vn_row(1)]))
    post_upload(api(second_counterpart), programme, csv_bytes([ru_row(1)]))

    mine = api(counterpart).get(reverse("api:upload.list", args=[programme.slug])).json()
    everyone = api(factories.StaffUserFactory(username="staff")).get(
        reverse("api:upload.list", args=[programme.slug])
    )

    assert [b["organisation"]["slug"] for b in mine["results"]] == ["vcci"]
    assert sorted(b["organisation"]["slug"] for b in everyone.json()["results"]) == [
        "opora",
        "vcci",
    ]
