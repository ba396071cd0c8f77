"""Private files (core/storage.py, core/files.py): uploaded applicant lists and job results are
stored outside MEDIA_ROOT under random names, no URL serves MEDIA_ROOT (not even with DEBUG),
and only the views that check who asks hand them out, as attachments under their own names."""

import importlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, get_resolver, resolve, reverse
from rest_framework.test import APIClient

from companies.imports import template_csv
from companies.services.imports import import_upload
from core.models import Job
from core.services import job_succeed
from core.storage import move_legacy_files
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK = b"PK\x03\x04 the CEO Network workbook"


@pytest.fixture
def finished_job(role_users):
    job = factories.JobFactory(created_by=role_users["counterpart"])
    job_succeed(job, filename="ceo-network-2027.xlsx", content=WORKBOOK)
    return job


@pytest.fixture
def upload(role_users, programme):
    counterpart = role_users["counterpart"]
    return import_upload(
        programme,
        organisation=counterpart.organisation,
        by=counterpart,
        filename="opora-applicants.csv",
        data=template_csv(),
    )


@pytest.fixture
def second_counterpart(programme):
    """A counterpart organisation invited to the same programme, with an upload of its own."""
    organisation = factories.OrganisationFactory(name="Kadin Indonesia", country="ID")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=organisation, role=Role.COUNTERPART
    )
    user = factories.UserFactory(username="kadin", organisation=organisation)
    import_upload(
        programme, organisation=organisation, by=user, filename="kadin.csv", data=template_csv()
    )
    return user


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def debug_urlconf():
    """config.urls as it is built with DEBUG on (the demo runs so); rebuilt as it was after."""
    import config.urls

    with override_settings(DEBUG=True):
        importlib.reload(config.urls)
        clear_url_caches()
        yield get_resolver()
    importlib.reload(config.urls)
    clear_url_caches()


# --- stored privately, under random names ---------------------------------------------------


def test_a_job_result_is_stored_outside_media_root_under_a_random_name(settings, finished_job):
    stored = Path(finished_job.result_file.path)

    assert finished_job.result_filename == "ceo-network-2027.xlsx"
    assert "ceo-network" not in finished_job.result_file.name
    assert finished_job.result_file.name.startswith("jobs/")
    assert finished_job.result_file.name.endswith(".xlsx")
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert stored.read_bytes() == WORKBOOK


def test_an_upload_is_stored_outside_media_root_under_a_random_name(settings, upload):
    stored = Path(upload.file.path)

    assert upload.filename == "opora-applicants.csv"
    assert "opora" not in upload.file.name
    assert upload.file.name.startswith("imports/")
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert stored.read_bytes() == template_csv()


def test_two_uploads_of_the_same_file_get_different_names(role_users, programme, upload):
    again = import_upload(
        programme,
        organisation=upload.organisation,
        by=role_users["counterpart"],
        filename="opora-applicants.csv",
        data=template_csv(),
    )

    assert again.file.name != upload.file.name


def test_a_private_file_has_no_url(finished_job, upload):
    with pytest.raises(ValueError, match="no public URL"):
        finished_job.result_file.url  # noqa: B018
    with pytest.raises(ValueError, match="no public URL"):
        upload.file.url  # noqa: B018


# --- MEDIA_ROOT is never served -------------------------------------------------------------


def test_no_url_serves_media_root_even_with_debug(settings, debug_urlconf, client, staff):
    # A file where Django would serve media from (as files were stored before).
    default_storage.save("jobs/2026/11/ceo-network.xlsx", ContentFile(WORKBOOK))
    media = f"/{settings.MEDIA_URL.strip('/')}/jobs/2026/11/ceo-network.xlsx"

    with pytest.raises(Resolver404):
        resolve(media)
    assert client.get(media).status_code == 404
    client.force_login(staff)
    assert client.get(media).status_code == 404


def test_no_url_serves_a_private_file_by_its_stored_name_even_with_debug(
    settings, debug_urlconf, client, finished_job, upload
):
    for name in (finished_job.result_file.name, upload.file.name):
        for prefix in (settings.MEDIA_URL.strip("/"), "private"):
            response = client.get(f"/{prefix}/{name}")
            assert response.status_code == 404, name
            assert WORKBOOK not in response.content


# --- job results: the owner and agency staff only -------------------------------------------


def test_the_job_owner_downloads_the_result_as_an_attachment_with_its_name(
    client, role_users, finished_job
):
    client.force_login(role_users["counterpart"])

    response = client.get(reverse("core:job.download", args=[finished_job.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ceo-network-2027.xlsx"'
    assert response["Content-Type"] == XLSX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert content(response) == WORKBOOK


def test_agency_staff_download_any_job_result(client, role_users, finished_job):
    client.force_login(role_users["staff"])

    response = client.get(reverse("core:job.download", args=[finished_job.pk]))

    assert response.status_code == 200
    assert content(response) == WORKBOOK


@pytest.mark.parametrize("role", ["other_counterpart", "adviser", "company"])
def test_nobody_else_downloads_a_job_result(client, role_users, finished_job, role):
    client.force_login(role_users[role])

    response = client.get(reverse("core:job.download", args=[finished_job.pk]))

    assert response.status_code == 404
    assert WORKBOOK not in response.content


def test_an_anonymous_caller_is_sent_to_sign_in_for_a_job_result(client, finished_job):
    response = client.get(reverse("core:job.download", args=[finished_job.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_api_serves_a_job_result_to_its_owner_only(role_users, finished_job):
    path = reverse("api:job.download", args=[finished_job.pk])

    owner = api_client(role_users["counterpart"]).get(path, HTTP_ACCEPT=XLSX)
    other = api_client(role_users["other_counterpart"]).get(path)
    anonymous = api_client().get(path)

    assert owner.status_code == 200
    assert owner["Content-Disposition"] == 'attachment; filename="ceo-network-2027.xlsx"'
    assert owner["X-Content-Type-Options"] == "nosniff"
    assert content(owner) == WORKBOOK
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


def test_the_job_page_links_to_the_checked_download(client, role_users, finished_job):
    client.force_login(role_users["counterpart"])

    page = client.get(reverse("core:job.detail", args=[finished_job.pk])).content.decode()

    assert f'href="{reverse("core:job.download", args=[finished_job.pk])}"' in page
    assert finished_job.result_file.name not in page


# --- uploads: the counterpart whose upload it is, and agency staff --------------------------


def upload_path(upload) -> str:
    return reverse("companies:upload.download", args=[upload.programme.slug, upload.pk])


@pytest.mark.parametrize("role", ["counterpart", "staff"])
def test_the_uploader_and_staff_download_the_original_file(client, role_users, upload, role):
    client.force_login(role_users[role])

    response = client.get(upload_path(upload))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="opora-applicants.csv"'
    assert response["Content-Type"] == "text/csv"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert content(response) == template_csv()


def test_another_counterpart_of_the_programme_cannot_download_an_upload(
    client, upload, second_counterpart
):
    client.force_login(second_counterpart)

    response = client.get(upload_path(upload))

    assert response.status_code == 404
    assert template_csv() not in response.content


@pytest.mark.parametrize(("role", "status"), [("other_counterpart", 404), ("adviser", 403)])
def test_people_who_do_not_upload_cannot_download_an_upload(
    client, role_users, upload, role, status
):
    client.force_login(role_users[role])

    response = client.get(upload_path(upload))

    assert response.status_code == status
    assert template_csv() not in response.content


def test_an_anonymous_caller_is_sent_to_sign_in_for_an_upload(client, upload):
    response = client.get(upload_path(upload))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_api_serves_an_upload_to_its_counterpart_only(role_users, upload, second_counterpart):
    listed = api_client(role_users["counterpart"]).get(
        reverse("api:upload.list", args=[upload.programme.slug])
    )
    download_url = listed.json()["results"][0]["download_url"]
    assert download_url == f"http://testserver/api/v1/uploads/{upload.pk}/download/"

    owner = api_client(role_users["counterpart"]).get(download_url)
    other = api_client(second_counterpart).get(download_url)
    anonymous = api_client().get(download_url)

    assert owner.status_code == 200
    assert owner["Content-Disposition"] == 'attachment; filename="opora-applicants.csv"'
    assert content(owner) == template_csv()
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


def test_the_upload_page_links_to_the_checked_download(client, role_users, upload):
    client.force_login(role_users["counterpart"])

    page = client.get(
        reverse("companies:upload.detail", args=[upload.programme.slug, upload.pk])
    ).content.decode()

    assert f'href="{upload_path(upload)}"' in page
    assert upload.file.name not in page


def test_an_upload_without_a_kept_file_has_no_download(client, role_users, programme):
    batch = factories.ImportBatchFactory(
        programme=programme, organisation=role_users["counterpart"].organisation
    )
    client.force_login(role_users["counterpart"])

    assert client.get(upload_path(batch)).status_code == 404
    api = api_client(role_users["counterpart"])
    assert api.get(reverse("api:upload.detail", args=[batch.pk])).json()["download_url"] is None


# --- files stored before private storage ----------------------------------------------------


def legacy_job(user) -> Job:
    """A job whose result was stored the old way: under MEDIA_ROOT, by its own name."""
    name = default_storage.save("jobs/2026/11/ceo-network.xlsx", ContentFile(WORKBOOK))
    return factories.JobFactory(created_by=user, result_file=name)


def test_a_result_stored_before_is_still_served_under_its_name(client, role_users):
    job = legacy_job(role_users["counterpart"])
    client.force_login(role_users["counterpart"])

    response = client.get(reverse("core:job.download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ceo-network.xlsx"'
    assert content(response) == WORKBOOK


def test_the_migration_moves_results_stored_before_into_private_storage(
    settings, role_users, django_capture_on_commit_callbacks
):
    job = legacy_job(role_users["counterpart"])

    with django_capture_on_commit_callbacks(execute=True):
        move_legacy_files(
            Job, field="result_file", folder="jobs", name_field="result_filename", using="default"
        )

    job.refresh_from_db()
    assert job.result_filename == "ceo-network.xlsx"
    assert "ceo-network" not in job.result_file.name
    assert Path(job.result_file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert job.result_file.read() == WORKBOOK
    assert not default_storage.exists("jobs/2026/11/ceo-network.xlsx")


def test_the_migration_leaves_files_already_private_alone(finished_job):
    before = (finished_job.result_file.name, finished_job.result_filename)

    move_legacy_files(
        Job, field="result_file", folder="jobs", name_field="result_filename", using="default"
    )

    finished_job.refresh_from_db()
    assert (finished_job.result_file.name, finished_job.result_filename) == before


# --- the admin links to the checked views ---------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_links_a_job_result_to_the_checked_download(admin_client, finished_job):
    page = admin_client.get(reverse("admin:core_job_change", args=[finished_job.pk]))

    assert page.status_code == 200
    assert f'href="{reverse("core:job.download", args=[finished_job.pk])}"' in page.text
    assert finished_job.result_file.name not in page.text


def test_the_admin_links_an_upload_to_the_checked_download(admin_client, upload):
    page = admin_client.get(reverse("admin:companies_importbatch_change", args=[upload.pk]))

    assert page.status_code == 200
    assert f'href="{upload_path(upload)}"' in page.text
    assert upload.file.name not in page.text


# --- ministry reports: whoever may read every programme they cover -------------------------


@pytest.fixture
def ready_report(programme, django_capture_on_commit_callbacks):
    from monitoring.services.reports import report_request
    from tests.monitoring.test_reports import answered

    answered(programme)
    staff = factories.StaffUserFactory(username="report-staff")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(by=staff, programme=programme, language="en")
    report.refresh_from_db()
    assert report.status == "ready", report.message
    return report


def test_a_report_is_stored_outside_media_root_under_a_random_name(settings, ready_report):
    stored = Path(ready_report.file.path)

    assert ready_report.file.name.startswith("reports/")
    assert ready_report.programme.slug not in ready_report.file.name
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)


def test_a_report_is_served_as_an_attachment_to_its_programmes_reviewer_only(client, ready_report):
    from tests.monitoring.test_reports import reviewer_of

    path = reverse("monitoring:report.download", args=[ready_report.pk])
    client.force_login(reviewer_of(ready_report.programme, "meti"))

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{ready_report.filename}"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert content(response).startswith(b"%PDF-")

    client.force_login(reviewer_of(factories.ProgrammeFactory(), "other-ministry"))
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path)["Location"].startswith(reverse("login"))
