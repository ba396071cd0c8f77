"""Organisation and job pages (core/views.py)."""

import pytest
from django.urls import reverse

from core.models import Organisation
from core.services import job_succeed
from tests import factories

pytestmark = pytest.mark.django_db


def organisation_form(**overrides) -> dict:
    data = {
        "name": "Naniwa Precision Co., Ltd.",
        "name_local": "浪速精密株式会社",
        "kind": "company",
        "country": "JP",
        "contact_name": "Takeshi Yamamoto",
        "contact_email": "yamamoto@naniwa.example",
        "contact_phone": "",
        "website": "",
    }
    return {**data, **overrides}


def test_home_sends_visitors_to_sign_in_and_users_to_their_programmes(client, staff):
    assert client.get("/").url == reverse("login")

    client.force_login(staff)

    assert client.get("/").url == reverse("programmes:programme.list")


def test_organisation_create_form_saves_with_a_slug_from_the_name(client, staff):
    client.force_login(staff)

    response = client.post(reverse("core:organisation.create"), organisation_form())

    assert response.status_code == 302
    assert response.url == reverse("core:organisation.list")
    organisation = Organisation.objects.get(name="Naniwa Precision Co., Ltd.")
    assert (organisation.slug, organisation.kind, organisation.country.code) == (
        "naniwa-precision-co-ltd",
        "company",
        "JP",
    )
    page = client.get(response.url).content.decode()
    assert "Organisation “Naniwa Precision Co., Ltd.” saved." in page


def test_organisation_create_form_numbers_a_slug_that_is_taken(client, staff):
    factories.OrganisationFactory(name="Naniwa Precision Co., Ltd.")
    client.force_login(staff)

    client.post(reverse("core:organisation.create"), organisation_form())

    assert set(
        Organisation.objects.filter(name="Naniwa Precision Co., Ltd.").values_list(
            "slug", flat=True
        )
    ) == {"naniwa-precision-co-ltd", "naniwa-precision-co-ltd-2"}


def test_organisation_create_form_shows_errors_and_saves_nothing(client, staff):
    client.force_login(staff)
    before = Organisation.objects.count()

    response = client.post(
        reverse("core:organisation.create"), organisation_form(name="", contact_email="not-mail")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "contact_email": ["Enter a valid email address."],
    }
    assert Organisation.objects.count() == before


def test_organisation_edit_form_changes_the_organisation_and_keeps_its_slug(client, staff):
    organisation = factories.OrganisationFactory(name="OPORA RUSSIA", country="RU")
    client.force_login(staff)

    client.post(
        reverse("core:organisation.edit", args=[organisation.slug]),
        organisation_form(name="OPORA Russia", kind="counterpart", country="RU"),
    )

    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug, organisation.contact_name) == (
        "OPORA Russia",
        "opora-russia",
        "Takeshi Yamamoto",
    )


def test_job_list_shows_people_their_own_jobs_and_staff_every_job(client, staff):
    mine = factories.UserFactory(username="lan")
    factories.JobFactory(created_by=mine, description="Lan's workbook")
    factories.JobFactory(created_by=staff, description="Staff workbook")

    client.force_login(mine)
    assert [j.description for j in client.get(reverse("core:job.list")).context["jobs"]] == [
        "Lan's workbook"
    ]

    client.force_login(staff)
    descriptions = {j.description for j in client.get(reverse("core:job.list")).context["jobs"]}
    assert descriptions == {"Lan's workbook", "Staff workbook"}


def test_job_detail_answers_the_progress_partial_to_htmx(client, staff):
    job = factories.JobFactory(created_by=staff, status="running", progress=3, total=4)
    client.force_login(staff)

    partial = client.get(reverse("core:job.detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    page = client.get(reverse("core:job.detail", args=[job.pk]))

    assert partial.content.decode().startswith('<div id="job-progress"')
    assert "75 %" in partial.content.decode()
    assert "<html" in page.content.decode()


def test_job_download_serves_the_result_file_to_its_owner(client, staff):
    job = factories.JobFactory(created_by=staff)
    job_succeed(job, filename="ceo-network.xlsx", content=b"PK workbook")
    client.force_login(staff)

    response = client.get(reverse("core:job.download", args=[job.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="ceo-network.xlsx"'
    assert b"".join(response.streaming_content) == b"PK workbook"


def test_job_download_is_not_found_before_the_file_exists(client, staff):
    job = factories.JobFactory(created_by=staff)
    client.force_login(staff)

    assert client.get(reverse("core:job.download", args=[job.pk])).status_code == 404
