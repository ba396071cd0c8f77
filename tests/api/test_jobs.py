from core.models import Job
from tests import factories


def test_export_starts_a_job_that_produces_a_download(
    client_for, role_users, programme, django_capture_on_commit_callbacks
):
    factories.ActivityFactory(programme=programme)
    api = client_for(role_users["reviewer"])

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/programmes/{programme.slug}/export/")

    assert response.status_code == 202
    started = response.json()
    assert started["kind"] == "programme_export"
    assert started["status"] == "queued"
    assert started["download_url"] is None
    job = Job.objects.get(pk=started["id"])
    assert job.created_by == role_users["reviewer"]

    # The eager Celery task ran when the request's transaction committed.
    finished = api.get(f"/api/v1/jobs/{job.pk}/").json()
    assert finished["status"] == "succeeded"
    assert finished["percent"] == 100
    assert finished["message"] == "1 activity exported."
    assert finished["download_url"] == f"http://testserver/api/v1/jobs/{job.pk}/download/"
    assert finished["finished_at"] is not None

    # An API client fetches it with the same credentials, as an attachment.
    download = api.get(finished["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{programme.slug}.xlsx"'
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_export_of_an_invisible_programme_is_404(client_for, role_users):
    hidden = factories.ProgrammeFactory(slug="hidden")

    response = client_for(role_users["counterpart"]).post(
        f"/api/v1/programmes/{hidden.slug}/export/"
    )

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_users_see_only_their_own_jobs(client_for, role_users):
    mine = factories.JobFactory(created_by=role_users["adviser"], total=4, progress=1)
    theirs = factories.JobFactory(created_by=role_users["counterpart"])
    api = client_for(role_users["adviser"])

    listed = api.get("/api/v1/jobs/").json()

    assert [j["id"] for j in listed["results"]] == [mine.pk]
    assert listed["results"][0]["percent"] == 25
    assert api.get(f"/api/v1/jobs/{theirs.pk}/").status_code == 404


def test_staff_see_every_job(staff_api, db):
    jobs = factories.JobFactory.create_batch(3)

    listed = staff_api.get("/api/v1/jobs/").json()

    assert sorted(j["id"] for j in listed["results"]) == sorted(j.pk for j in jobs)
