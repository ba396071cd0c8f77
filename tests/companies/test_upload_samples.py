"""The sample files of docs/samples/ do what docs/uploads.md says they do."""

import importlib.util
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Application, ImportBatch
from programmes.models import Role
from tests import factories

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="Partner Chamber", country="JP")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="chamber", organisation=org)


def upload(client, programme, name: str) -> ImportBatch:
    data = (SAMPLES / name).read_bytes()
    client.post(
        reverse("companies:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile(name, data), "encoding": ""},
    )
    return ImportBatch.objects.get(filename=name)


def test_the_csv_samples_are_what_make_samples_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    make_samples.HERE = tmp_path

    make_samples.main()

    for name in (
        "applicants-jp-shift_jis.csv",
        "applicants-jp-shift_jis-corrected.csv",
        "applicants-ru-windows-1251.csv",
    ):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_the_shift_jis_sample_reports_three_wrong_rows_and_the_corrected_one_imports(
    client, programme, counterpart
):
    client.force_login(counterpart)

    wrong = upload(client, programme, "applicants-jp-shift_jis.csv")

    assert (wrong.encoding, wrong.new_count, wrong.error_count) == ("cp932", 2, 3)
    assert {
        row.number: [error["column"] for error in row.errors]
        for row in wrong.rows.filter(action="error")
    } == {4: ["capital"], 5: ["contact_email"], 6: ["sector", "figures_date"]}

    corrected = upload(client, programme, "applicants-jp-shift_jis-corrected.csv")
    assert (corrected.new_count, corrected.error_count) == (5, 0)
    client.post(reverse("companies:upload.confirm", args=[programme.slug, corrected.pk]))
    assert sorted(Application.objects.values_list("company__local_name", flat=True)) == sorted(
        ["株式会社なにわ精工", "神田ソフトウェア株式会社", "京都織物有限会社",
         "名古屋ロジスティクス株式会社", "大阪フードサービス"]
    )  # fmt: skip


def test_the_russian_and_xlsx_samples_read_without_errors(client, programme, counterpart):
    client.force_login(counterpart)

    russian = upload(client, programme, "applicants-ru-windows-1251.csv")
    workbook = upload(client, programme, "applicants-vn-th.xlsx")

    assert (russian.encoding, russian.new_count, russian.error_count) == ("cp1251", 4, 0)
    assert (workbook.new_count, workbook.error_count) == (4, 0)
    assert workbook.notices == [
        'column "organisation" is ignored: the uploading organisation owns every row'
    ]
