"""The upload pages: upload in several encodings, preview, confirm, discard, progress of large
files, who sees what, and the template download."""

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Application, Company, ImportBatch
from companies.services import imports
from core.models import Job
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import COLUMNS, csv_bytes, jp_row, ru_row, vn_row, xlsx_bytes


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="JETRO Partner Chamber", country="JP")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="chamber", organisation=org)


@pytest.fixture
def second_counterpart(db, programme):
    org = factories.OrganisationFactory(name="Opora Russia", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="opora", organisation=org)


def list_url(programme) -> str:
    return reverse("companies:upload.list", args=[programme.slug])


def detail_url(batch) -> str:
    return reverse("companies:upload.detail", args=[batch.programme.slug, batch.pk])


def post_file(client, programme, data: bytes, filename: str, **fields):
    upload = SimpleUploadedFile(filename, data)
    return client.post(list_url(programme), {"file": upload, "encoding": "", **fields})


def confirm(client, batch):
    return client.post(reverse("companies:upload.confirm", args=[batch.programme.slug, batch.pk]))


# --- encodings, end to end ----------------------------------------------------------------


@pytest.mark.parametrize(
    "filename, data, encoding, local_names",
    [
        (
            "応募企業.csv",
            csv_bytes([jp_row(1), jp_row(2)], encoding="cp932"),
            "cp932",
            ["なにわ精工1株式会社", "なにわ精工2株式会社"],
        ),
        (
            "заявки.csv",
            csv_bytes([ru_row(1), ru_row(2)], delimiter=";", encoding="cp1251"),
            "cp1251",
            ["ООО «Ромашка 1»", "ООО «Ромашка 2»"],
        ),
        (
            "applicants.csv",
            csv_bytes([vn_row(1), jp_row(2)], encoding="utf-8-sig"),
            "utf-8",
            ["Công ty Cơ khí Sài Gòn 1", "なにわ精工2株式会社"],
        ),
        (
            "applicants.xlsx",
            xlsx_bytes([ru_row(1), vn_row(2)]),
            "",
            ["ООО «Ромашка 1»", "Công ty Cơ khí Sài Gòn 2"],
        ),
    ],
    ids=["shift_jis", "windows-1251-semicolon", "utf-8-bom", "xlsx"],
)
def test_a_counterpart_uploads_previews_and_confirms_in_each_encoding(
    client, programme, counterpart, filename, data, encoding, local_names
):
    client.force_login(counterpart)

    response = post_file(client, programme, data, filename)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(batch)
    assert (batch.encoding, batch.filename, batch.new_count) == (encoding, filename, 2)
    page = client.get(detail_url(batch)).content.decode()
    for name in local_names:
        assert name in page
    assert Application.objects.count() == 0

    response = confirm(client, batch)

    assert response.status_code == 302
    assert sorted(Company.objects.values_list("local_name", flat=True)) == sorted(local_names)
    assert set(Application.objects.values_list("counterpart", flat=True)) == {
        counterpart.organisation_id
    }


def test_the_chosen_encoding_is_used(client, programme, counterpart):
    client.force_login(counterpart)
    data = csv_bytes([ru_row(1)], delimiter=";", encoding="cp1251")

    post_file(client, programme, data, "list.csv", encoding="cp1251")

    batch = ImportBatch.objects.get()
    assert batch.encoding == "cp1251"
    assert batch.rows.get().data["contact_name"] == "Иван Петров"


# --- the whole journey ----------------------------------------------------------------------


def exported_csv(client, programme) -> str:
    url = reverse("companies:application.export", args=[programme.slug])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_counterpart_fixes_the_reported_rows_and_confirms_then_staff_see_and_others_do_not(
    client, programme, counterpart, second_counterpart
):
    staff = factories.StaffUserFactory(username="staff")
    client.force_login(counterpart)
    wrong = [jp_row(1), jp_row(2, capital="abc"), jp_row(3, country="Atlantis"), jp_row(4)]
    post_file(client, programme, csv_bytes(wrong, encoding="cp932"), "list.csv")
    batch = ImportBatch.objects.get()

    page = client.get(detail_url(batch)).content.decode()

    assert "column &quot;capital&quot;: not a number: &quot;abc&quot;" in page
    assert "column &quot;country&quot;: unknown country: &quot;Atlantis&quot;" in page
    assert "2 rows have errors." in page
    assert reverse("companies:upload.confirm", args=[programme.slug, batch.pk]) not in page
    response = client.get(detail_url(batch), {"action": "error"})
    assert [row["number"] for row in response.context["rows"]] == [3, 4]
    confirm(client, batch)
    assert Application.objects.count() == 0

    fixed = [jp_row(1), jp_row(2), jp_row(3), jp_row(4)]
    post_file(client, programme, csv_bytes(fixed, encoding="cp932"), "list-fixed.csv")
    corrected = ImportBatch.objects.get(filename="list-fixed.csv")
    assert reverse("companies:upload.confirm", args=[programme.slug, corrected.pk]) in (
        client.get(detail_url(corrected)).content.decode()
    )
    confirm(client, corrected)

    corrected.refresh_from_db()
    assert corrected.status == ImportBatch.Status.APPLIED
    page = client.get(detail_url(corrected)).content.decode()
    assert "4 new applicants, 0 updated, 0 unchanged." in page
    assert reverse("companies:application.list", args=[programme.slug]) in page

    client.force_login(staff)
    shown = client.get(reverse("companies:application.list", args=[programme.slug]))
    applications = list(shown.context["page"])
    assert len(applications) == 4
    assert {a.eligible for a in applications} == {True}
    assert {a.rule_set_name for a in applications} == {"jp-sme-basic-act-1999"}
    assert "Naniwa Seiko 1 Co., Ltd." in exported_csv(client, programme)

    client.force_login(second_counterpart)
    assert client.get(detail_url(corrected)).status_code == 404
    assert list(client.get(list_url(programme)).context["page"]) == []
    shown = client.get(reverse("companies:application.list", args=[programme.slug]))
    assert list(shown.context["page"]) == []
    assert "Naniwa Seiko" not in exported_csv(client, programme)


# --- the upload page ------------------------------------------------------------------------


def test_staff_choose_the_counterpart_that_owns_the_rows(
    client, programme, counterpart, second_counterpart
):
    factories.OrganisationFactory(name="Not Invited Chamber")
    client.force_login(factories.StaffUserFactory(username="staff"))

    response = post_file(client, programme, csv_bytes([vn_row(1)]), "a.csv")

    form = response.context["form"]
    assert form.errors == {"organisation": ["This field is required."]}
    assert [o.name for o in form.fields["organisation"].queryset] == [
        "JETRO Partner Chamber",
        "Opora Russia",
    ]
    response = post_file(
        client, programme, csv_bytes([vn_row(1)]), "a.csv",
        organisation=second_counterpart.organisation.slug,
    )  # fmt: skip
    assert response.status_code == 302
    assert ImportBatch.objects.get().organisation == second_counterpart.organisation


def test_a_counterpart_is_not_offered_an_owner_and_always_owns_its_rows(
    client, programme, counterpart, second_counterpart
):
    client.force_login(counterpart)
    assert "organisation" not in client.get(list_url(programme)).context["form"].fields

    post_file(
        client, programme, csv_bytes([vn_row(1)]), "a.csv",
        organisation=second_counterpart.organisation.slug,
    )  # fmt: skip

    assert ImportBatch.objects.get().organisation == counterpart.organisation


def test_the_list_shows_staff_every_upload_and_a_counterpart_its_own(
    client, programme, counterpart, second_counterpart, django_assert_max_num_queries
):
    for user in (counterpart, second_counterpart, counterpart):
        factories.ImportBatchFactory(
            programme=programme, organisation=user.organisation, uploaded_by=user,
            filename=f"{user.username}.csv",
        )  # fmt: skip
    client.force_login(counterpart)
    assert [b.filename for b in client.get(list_url(programme)).context["page"]] == [
        "chamber.csv",
        "chamber.csv",
    ]

    client.force_login(factories.StaffUserFactory(username="staff"))
    with django_assert_max_num_queries(12):
        response = client.get(list_url(programme))
    assert len(response.context["page"]) == 3
    assert "Opora Russia" in response.content.decode()


def test_the_preview_page_costs_the_same_queries_for_a_hundred_rows(
    client, programme, counterpart, django_assert_max_num_queries
):
    client.force_login(counterpart)
    post_file(client, programme, csv_bytes([vn_row(n) for n in range(1, 151)]), "a.csv")
    batch = ImportBatch.objects.get()

    with django_assert_max_num_queries(12):
        response = client.get(detail_url(batch))

    assert len(response.context["rows"]) == 100


def test_upload_times_are_shown_in_the_programme_time_zone(client, programme, counterpart):
    batch = factories.ImportBatchFactory(programme=programme, organisation=counterpart.organisation)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=datetime(2027, 1, 10, 0, 30, tzinfo=UTC)
    )
    client.force_login(counterpart)

    assert programme.time_zone == "Asia/Tokyo"
    assert "2027-01-10 09:30" in client.get(list_url(programme)).content.decode()
    assert "2027-01-10 09:30" in client.get(detail_url(batch)).content.decode()


def test_the_preview_is_filtered_by_action_and_paginated_by_hundred(client, programme, counterpart):
    rows = [vn_row(n) for n in range(1, 151)]
    rows[9]["capital"] = "abc"  # row 11
    client.force_login(counterpart)
    post_file(client, programme, csv_bytes(rows), "a.csv")
    batch = ImportBatch.objects.get()

    first = client.get(detail_url(batch))
    second = client.get(detail_url(batch), {"page": 2})
    errors = client.get(detail_url(batch), {"action": "error"})

    assert [r["number"] for r in first.context["rows"]] == list(range(2, 102))
    assert [r["number"] for r in second.context["rows"]] == list(range(102, 152))
    assert [(r["number"], r["action"]) for r in errors.context["rows"]] == [(11, "error")]
    assert "Page 1 of 2" in first.content.decode()
    assert "?action=error&amp;page=" not in errors.content.decode()  # one page only


def test_update_rows_show_the_old_and_new_value(client, programme, counterpart):
    imports.import_confirm(
        imports.import_upload(
            programme, organisation=counterpart.organisation, by=counterpart, filename="a.csv",
            data=csv_bytes([vn_row(1)]),
        ),
        by=counterpart,
    )  # fmt: skip
    client.force_login(counterpart)
    post_file(client, programme, csv_bytes([vn_row(1, employees="95")]), "b.csv")
    batch = ImportBatch.objects.get(filename="b.csv")

    response = client.get(detail_url(batch))

    assert response.context["rows"][0]["changes"] == [
        {"column": "employees", "old": "80", "new": "95"}
    ]
    assert "<strong>employees</strong>: 80 → 95" in response.content.decode()


def test_discard_writes_nothing_and_returns_to_the_list(client, programme, counterpart):
    client.force_login(counterpart)
    post_file(client, programme, csv_bytes([vn_row(1)]), "a.csv")
    batch = ImportBatch.objects.get()

    response = client.post(reverse("companies:upload.discard", args=[programme.slug, batch.pk]))

    assert response["Location"] == list_url(programme)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED
    assert Company.objects.count() == 0
    assert "This upload was discarded; nothing was imported." in (
        client.get(detail_url(batch)).content.decode()
    )


# --- large files: the job path with its progress ---------------------------------------------


def test_a_large_file_is_read_in_the_background_and_the_page_shows_the_result(
    client, programme, counterpart, django_capture_on_commit_callbacks
):
    data = csv_bytes([vn_row(n) for n in range(1, 1401)])
    assert len(data) > imports.INLINE_BYTES
    client.force_login(counterpart)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, programme, data, "big.csv")

    batch = ImportBatch.objects.get()
    assert response["Location"] == detail_url(batch)
    assert batch.job.status == Job.Status.SUCCEEDED
    assert batch.status == ImportBatch.Status.PREVIEW
    page = client.get(detail_url(batch)).content.decode()
    assert "All rows (1400)" in page
    assert "Confirm and import 1400 rows" in page

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, batch)

    batch.refresh_from_db()
    assert (batch.status, batch.job.kind) == (ImportBatch.Status.APPLIED, "companies.import_apply")
    assert Application.objects.filter(counterpart=counterpart.organisation).count() == 1400


def test_while_a_job_runs_the_page_shows_its_progress_polled_by_htmx(
    client, programme, counterpart
):
    job = factories.JobFactory(
        created_by=counterpart, status=Job.Status.RUNNING, progress=500, total=1400
    )
    batch = factories.ImportBatchFactory(
        programme=programme, organisation=counterpart.organisation,
        status=ImportBatch.Status.READING, job=job,
    )  # fmt: skip
    client.force_login(counterpart)

    page = client.get(detail_url(batch)).content.decode()
    partial = client.get(detail_url(batch), headers={"HX-Request": "true"})

    assert '<progress max="100" value="36"' in page
    assert f'hx-get="{detail_url(batch)}" hx-trigger="every 1s"' in page
    assert "500 of 1400 rows" in partial.content.decode()
    assert "<html" not in partial.content.decode()

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEW)
    done = client.get(detail_url(batch), headers={"HX-Request": "true"})
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


# --- the template ---------------------------------------------------------------------------


def test_the_templates_download_and_read_back_without_errors(client, programme, counterpart):
    from openpyxl import load_workbook

    client.force_login(counterpart)
    csv_template = client.get(reverse("companies:upload.template", args=["csv"]))
    xlsx_template = client.get(reverse("companies:upload.template", args=["xlsx"]))

    assert csv_template["Content-Disposition"] == ('attachment; filename="applicants-template.csv"')
    assert csv_template.content.startswith(b"\xef\xbb\xbfregistration_number (")
    book = load_workbook(io.BytesIO(xlsx_template.content))
    assert book.sheetnames == ["Applicants", "Guide"]
    assert book["Applicants"]["B1"].value == "legal_name (会社名 / Наименование)"
    post_file(client, programme, csv_template.content, "template.csv")
    assert ImportBatch.objects.get().new_count == 1  # the example row


def test_a_file_with_only_the_required_columns_is_enough(client, programme, counterpart):
    required = ["legal_name", "country", "sector", "legal_form", "contact_name", "contact_email"]
    client.force_login(counterpart)

    post_file(client, programme, csv_bytes([vn_row(1)], columns=required), "a.csv")

    batch = ImportBatch.objects.get()
    assert (batch.new_count, batch.error_count) == (1, 0)
    assert set(COLUMNS) > set(batch.rows.get().data)
