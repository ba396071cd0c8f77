"""python manage.py import_applicants: the preview, row errors, --dry-run, the import."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from companies.models import Application, ApplicationEvent, Company, ImportBatch
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, jp_row, ru_row, vn_row, xlsx_bytes


@pytest.fixture
def counterpart_org(db, programme):
    org = factories.OrganisationFactory(name="Opora Russia", slug="opora", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return org


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_applicants", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def written() -> tuple[int, int, int, int]:
    return (
        ImportBatch.objects.count(),
        Company.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
    )


def test_the_command_imports_a_file_and_prints_the_counts(programme, counterpart_org, tmp_path):
    path = tmp_path / "заявки.csv"
    path.write_bytes(csv_bytes([ru_row(1), ru_row(2)], delimiter=";", encoding="cp1251"))

    out, err = run("--programme", programme.slug, "--organisation", "opora", str(path))

    batch = ImportBatch.objects.get()
    assert out.splitlines() == [
        "заявки.csv, encoding cp1251: 2 row(s)",
        "  new 2, update 0, unchanged 0, error 0",
        f"Imported заявки.csv: 2 new, 0 updated, 0 unchanged (upload #{batch.pk}).",
    ]
    assert err == ""
    assert batch.status == ImportBatch.Status.APPLIED
    assert set(Application.objects.values_list("counterpart__slug", flat=True)) == {"opora"}
    assert sorted(Company.objects.values_list("local_name", flat=True)) == [
        "ООО «Ромашка 1»",
        "ООО «Ромашка 2»",
    ]


def test_row_errors_are_printed_and_the_command_exits_1_writing_nothing(
    programme, counterpart_org, tmp_path
):
    path = tmp_path / "applicants.xlsx"
    path.write_bytes(
        xlsx_bytes([vn_row(1), vn_row(2, capital="abc"), vn_row(3, country="Atlantis")])
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "import_applicants", "--programme", programme.slug, "--organisation", "opora",
            str(path), stdout=out, stderr=err,
        )  # fmt: skip

    assert failed.value.returncode == 1  # manage.py exits with it
    assert str(failed.value) == (
        "2 row(s) with errors: nothing was imported. Correct the file and run the command again."
    )
    assert "  new 1, update 0, unchanged 0, error 2" in out.getvalue()
    assert err.getvalue().splitlines() == [
        'row 3, column "capital": not a number: "abc"',
        'row 4, column "country": unknown country: "Atlantis"; use a two-letter code such as '
        "RU, VN or TH",
    ]
    assert written() == (0, 0, 0, 0)


def test_dry_run_prints_the_preview_and_writes_nothing_at_all(
    programme, counterpart_org, tmp_path, settings
):
    path = tmp_path / "applicants.csv"
    path.write_bytes(csv_bytes([jp_row(1)], encoding="cp932"))

    out, _err = run(
        "--programme", programme.slug, "--organisation", "opora", "--dry-run", str(path)
    )

    assert out.splitlines() == [
        "applicants.csv, encoding cp932: 1 row(s)",
        "  new 1, update 0, unchanged 0, error 0",
        "Dry run: nothing was written.",
    ]
    assert written() == (0, 0, 0, 0)
    assert not Path(settings.PRIVATE_MEDIA_ROOT, "imports").exists()  # no stored file either


def test_running_the_same_file_twice_changes_nothing(programme, counterpart_org, tmp_path):
    path = tmp_path / "applicants.csv"
    path.write_bytes(csv_bytes([ru_row(1)]))
    run("--programme", programme.slug, "--organisation", "opora", str(path))
    before = written()

    out, _err = run("--programme", programme.slug, "--organisation", "opora", str(path))

    assert "  new 0, update 0, unchanged 1, error 0" in out
    assert "  note: The same file was imported on " in out
    assert written()[1:] == before[1:]


@pytest.mark.parametrize(
    "programme_slug, organisation, message",
    [
        ("nope", "opora", 'No programme with the slug "nope".'),
        (None, "nobody", 'No organisation with the slug "nobody".'),
    ],
)
def test_unknown_programme_or_organisation_is_a_clear_error(
    programme, counterpart_org, tmp_path, programme_slug, organisation, message
):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([ru_row(1)]))

    with pytest.raises(CommandError) as failed:
        run("--programme", programme_slug or programme.slug, "--organisation", organisation,
            str(path))  # fmt: skip

    assert str(failed.value) == message


def test_an_organisation_that_is_not_a_counterpart_of_the_programme_is_refused(
    programme, counterpart_org, tmp_path
):
    factories.OrganisationFactory(name="Thai Chamber", slug="thai-chamber", country="TH")
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([ru_row(1)]))

    with pytest.raises(CommandError) as failed:
        run("--programme", programme.slug, "--organisation", "thai-chamber", str(path))

    assert str(failed.value) == (
        f"a.csv: Thai Chamber is not a counterpart organisation of “{programme.title}”."
    )
    assert written() == (0, 0, 0, 0)


def test_an_unreadable_file_is_a_clear_error(programme, counterpart_org, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"")

    with pytest.raises(CommandError) as failed:
        run("--programme", programme.slug, "--organisation", "opora", str(path))

    assert str(failed.value) == "a.csv: The file is empty."
