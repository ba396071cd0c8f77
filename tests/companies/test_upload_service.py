"""companies.services.imports: preview, confirm (all or nothing), discard, ownership, jobs."""

from decimal import Decimal

import pytest

from companies import selectors
from companies.exceptions import UploadError
from companies.models import Application, ApplicationEvent, Company, ImportBatch, ImportRow
from companies.services import imports
from core.models import Job
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import COLUMNS, csv_bytes, vn_row


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="vcci", organisation=org)


@pytest.fixture
def second_counterpart(db, programme):
    org = factories.OrganisationFactory(name="Opora Russia", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="opora", organisation=org)


def upload(programme, user, data: bytes, filename: str = "applicants.csv", **kwargs):
    return imports.import_upload(
        programme,
        organisation=user.organisation,
        by=user,
        filename=filename,
        data=data,
        **kwargs,
    )


def written() -> tuple[int, int, int]:
    return Company.objects.count(), Application.objects.count(), ApplicationEvent.objects.count()


def test_upload_previews_every_row_and_writes_nothing_before_confirm(programme, counterpart):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1), vn_row(2), vn_row(3)]))

    assert batch.status == ImportBatch.Status.PREVIEW
    assert (batch.row_count, batch.new_count, batch.error_count) == (3, 3, 0)
    assert list(batch.rows.values_list("number", "action")) == [(2, "new"), (3, "new"), (4, "new")]
    assert batch.rows.get(number=2).data["legal_name"] == "Saigon Precision 1 Co., Ltd."
    assert batch.encoding == "utf-8"
    assert batch.file.read().startswith(b"registration_number,")
    assert written() == (0, 0, 0)


def test_confirm_writes_exactly_the_previewed_rows(programme, counterpart):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1), vn_row(2, employees="300")]))

    batch = imports.import_confirm(batch, by=counterpart)

    assert batch.status == ImportBatch.Status.APPLIED
    assert written() == (2, 2, 2)
    applications = Application.objects.order_by("company__legal_name")
    assert [a.company.legal_name for a in applications] == [
        "Saigon Precision 1 Co., Ltd.",
        "Saigon Precision 2 Co., Ltd.",
    ]
    first, second = applications
    assert first.counterpart == counterpart.organisation
    assert first.source == Application.Source.UPLOAD
    assert first.company.capital == Decimal("15000000000")
    assert first.company.registration_number == "0310000001"
    assert first.company.local_name == "Công ty Cơ khí Sài Gòn 1"
    assert str(first.company.figures_date) == "2025-12-31"
    assert (first.company.employees, second.company.employees) == (80, 300)
    assert first.rule_set_name == "vn-decree-80-2021"
    assert first.eligible is True and first.status == Application.Status.ELIGIBLE
    assert list(batch.rows.values_list("company__legal_name", flat=True)) == [
        "Saigon Precision 1 Co., Ltd.",
        "Saigon Precision 2 Co., Ltd.",
    ]
    event = ApplicationEvent.objects.get(application=first)
    assert (event.kind, event.reason) == ("imported", "Imported from applicants.csv, row 2")


def test_confirm_is_refused_while_a_row_has_errors(programme, counterpart):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1), vn_row(2, capital="abc")]))
    error = batch.rows.get(action=ImportRow.Action.ERROR)
    assert (error.number, error.errors) == (
        3,
        [{"column": "capital", "message": 'column "capital": not a number: "abc"'}],
    )

    with pytest.raises(UploadError) as refused:
        imports.import_confirm(batch, by=counterpart)

    assert str(refused.value.message) == (
        "1 row has errors. Correct the file and upload it again: nothing is imported until "
        "every row is valid."
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert written() == (0, 0, 0)


def test_import_rolls_back_when_one_row_fails_at_the_database(programme, counterpart):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1), vn_row(2), vn_row(3)]))
    # The third row breaks a database constraint only at import time (employees >= 0).
    last = batch.rows.get(number=4)
    ImportRow.objects.filter(pk=last.pk).update(data={**last.data, "employees": -5})

    with pytest.raises(UploadError) as failed:
        imports.import_confirm(batch, by=counterpart)

    assert str(failed.value.message).startswith(
        "The import failed and nothing was changed: the database refused a row ("
    )
    assert written() == (0, 0, 0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.message == str(failed.value.message)
    assert not batch.rows.filter(company__isnull=False).exists()


def test_import_is_refused_when_an_applicant_changed_after_the_preview(programme, counterpart):
    imports.import_confirm(upload(programme, counterpart, csv_bytes([vn_row(1)])), by=counterpart)
    second = upload(
        programme, counterpart, csv_bytes([vn_row(1, capital="16000000000"), vn_row(2)])
    )
    assert list(second.rows.values_list("action", flat=True)) == ["update", "new"]
    Company.objects.filter(registration_number="0310000001").update(capital=Decimal("1"))
    before = written()

    with pytest.raises(UploadError) as refused:
        imports.import_confirm(second, by=counterpart)

    assert str(refused.value.message) == (
        "Some applicants changed after this preview (rows 2). Nothing was imported: upload the "
        "file again to see the current differences."
    )
    assert written() == before
    assert Company.objects.get(registration_number="0310000001").capital == Decimal("1")


def test_reupload_of_the_same_file_changes_nothing(programme, counterpart):
    data = csv_bytes([vn_row(1), vn_row(2, hiring_countries="KH; LA")], columns=[*COLUMNS,
                     "hiring_countries"])  # fmt: skip
    imports.import_confirm(upload(programme, counterpart, data), by=counterpart)
    before = written()
    stamps = sorted(Company.objects.values_list("updated_at", flat=True)) + sorted(
        Application.objects.values_list("updated_at", flat=True)
    )

    again = upload(programme, counterpart, data)

    assert list(again.rows.values_list("action", flat=True)) == ["unchanged", "unchanged"]
    assert again.notices[-1].startswith("The same file was imported on ")
    imports.import_confirm(again, by=counterpart)
    again.refresh_from_db()
    assert again.status == ImportBatch.Status.APPLIED
    assert written() == before
    assert (
        sorted(Company.objects.values_list("updated_at", flat=True))
        + sorted(Application.objects.values_list("updated_at", flat=True))
        == stamps
    )


def test_update_rows_show_old_and_new_and_apply_them(programme, counterpart):
    imports.import_confirm(upload(programme, counterpart, csv_bytes([vn_row(1)])), by=counterpart)
    changed = vn_row(1, capital="16000000000", contact_email="new@saigon-precision.example")

    batch = upload(programme, counterpart, csv_bytes([changed]))
    row = batch.rows.get()

    assert (row.action, row.changes) == (
        "update",
        {
            "capital": ["15000000000", "16000000000"],
            "contact_email": ["an1@saigon-precision.example", "new@saigon-precision.example"],
        },
    )
    imports.import_confirm(batch, by=counterpart)
    company = Company.objects.get()
    assert company.capital == Decimal("16000000000")
    assert company.contact_email == "new@saigon-precision.example"
    event = ApplicationEvent.objects.filter(changes__has_key="capital").get()
    assert event.reason == "Updated from applicants.csv, row 2"
    assert Application.objects.get().eligibility_checked_at >= event.at


def test_a_row_matches_by_registration_number_before_the_name(programme, counterpart):
    imports.import_confirm(upload(programme, counterpart, csv_bytes([vn_row(1)])), by=counterpart)

    batch = upload(programme, counterpart, csv_bytes([vn_row(1, legal_name="Saigon Renamed JSC")]))

    assert batch.rows.get().changes == {
        "legal_name": ["Saigon Precision 1 Co., Ltd.", "Saigon Renamed JSC"]
    }


def test_a_column_left_out_of_the_file_changes_nothing(programme, counterpart):
    imports.import_confirm(upload(programme, counterpart, csv_bytes([vn_row(1)])), by=counterpart)
    fewer = [c for c in COLUMNS if c not in ("sales", "local_name")]

    batch = upload(programme, counterpart, csv_bytes([vn_row(1)], columns=fewer))

    assert batch.rows.get().action == ImportRow.Action.UNCHANGED


def test_the_organisation_column_is_ignored_and_the_uploader_owns_the_rows(
    programme, counterpart, second_counterpart
):
    other = second_counterpart.organisation.slug
    data = csv_bytes([vn_row(1, organisation=other)], columns=[*COLUMNS, "organisation"])

    batch = upload(programme, counterpart, data)
    imports.import_confirm(batch, by=counterpart)

    assert batch.notices == [
        'column "organisation" is ignored: the uploading organisation owns every row'
    ]
    assert Application.objects.get().counterpart == counterpart.organisation
    assert not selectors.application_list_for_user(second_counterpart, programme).exists()


def test_a_second_counterpart_sees_none_of_the_first_ones_uploads_or_applicants(
    programme, counterpart, second_counterpart
):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1)]))
    imports.import_confirm(batch, by=counterpart)

    assert not selectors.import_batch_list_for_user(second_counterpart, programme).exists()
    assert not selectors.application_list_for_user(second_counterpart, programme).exists()
    assert not selectors.company_list_for_user(second_counterpart).exists()
    assert selectors.application_list_for_user(counterpart, programme).count() == 1


def test_the_same_company_from_two_counterparts_is_two_applicants_each_owned(
    programme, counterpart, second_counterpart
):
    imports.import_confirm(upload(programme, counterpart, csv_bytes([vn_row(1)])), by=counterpart)

    batch = upload(programme, second_counterpart, csv_bytes([vn_row(1)]))

    assert batch.rows.get().action == ImportRow.Action.NEW  # it does not see the first's row


def test_an_organisation_not_invited_as_counterpart_cannot_own_an_upload(programme, counterpart):
    stranger = factories.OrganisationFactory(name="Uninvited Chamber", country="TH")

    with pytest.raises(UploadError) as refused:
        imports.import_upload(
            programme, organisation=stranger, by=None, filename="a.csv", data=csv_bytes([vn_row(1)])
        )

    assert str(refused.value.message) == (
        f"Uninvited Chamber is not a counterpart organisation of “{programme.title}”."
    )
    assert ImportBatch.objects.count() == 0


def test_values_beyond_what_the_database_holds_are_row_errors_in_the_preview(
    programme, counterpart
):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1, employees="3000000000")]))

    assert batch.rows.get().errors == [
        {"column": "employees", "message": 'column "employees": too large: at most 2147483647'}
    ]


def test_numbers_and_dates_as_people_write_them_are_understood(programme, counterpart):
    rows = [
        vn_row(1, capital="1,2 млн", currency="RUB"),
        vn_row(2, employees="３００"),
        vn_row(3, figures_date="31.12.2025"),
        vn_row(4, figures_date="2025年3月31日"),
    ]

    batch = upload(programme, counterpart, csv_bytes(rows))

    assert batch.error_count == 0
    data = {row.number: row.data for row in batch.rows.all()}
    assert data[2]["capital"] == "1200000"
    assert data[3]["employees"] == 300
    assert (data[4]["figures_date"], data[5]["figures_date"]) == ("2025-12-31", "2025-03-31")


def test_discard_drops_the_preview_and_a_discarded_upload_cannot_be_confirmed(
    programme, counterpart
):
    batch = upload(programme, counterpart, csv_bytes([vn_row(1)]))

    imports.import_discard(batch, by=counterpart)

    batch.refresh_from_db()
    assert (batch.status, batch.rows.count()) == (ImportBatch.Status.DISCARDED, 0)
    with pytest.raises(UploadError) as refused:
        imports.import_confirm(batch, by=counterpart)
    assert str(refused.value.message) == "This upload cannot be confirmed: it is Discarded."
    assert written() == (0, 0, 0)


def test_a_large_file_is_read_and_applied_by_background_jobs(
    programme, counterpart, django_capture_on_commit_callbacks
):
    rows = [vn_row(n) for n in range(1, 1401)]
    data = csv_bytes(rows)
    assert len(data) > imports.INLINE_BYTES

    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(programme, counterpart, data)
        assert batch.status == ImportBatch.Status.READING  # queued for the worker
    batch.refresh_from_db()
    reading = batch.job

    assert batch.status == ImportBatch.Status.PREVIEW
    assert (reading.status, reading.progress, reading.total) == (Job.Status.SUCCEEDED, 1400, 1400)
    assert reading.message == ("1400 rows: 1400 new, 0 to update, 0 unchanged, 0 with errors.")
    assert written() == (0, 0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        batch = imports.import_confirm(batch, by=counterpart)
        assert batch.status == ImportBatch.Status.APPLYING
    batch.refresh_from_db()

    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.job.kind == "companies.import_apply" and batch.job.status == Job.Status.SUCCEEDED
    assert written() == (1400, 1400, 1400)
