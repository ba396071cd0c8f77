"""Applicant uploads confirmed at the same moment, on real PostgreSQL: uploading again changes
nothing, even when the two confirms overlap. Each thread has its own database connection."""

import pytest
from django.db import connection

from companies.exceptions import UploadError
from companies.models import Application, Company, ImportBatch
from companies.services import imports
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.integration.test_concurrent_scoring import together

pytestmark = pytest.mark.integration
ROUNDS = 4


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def _counterpart(n: int):
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name=f"VCCI {n}", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return programme, factories.UserFactory(username=f"vcci-{n}", organisation=org)


def _upload(programme, user, data: bytes) -> ImportBatch:
    return imports.import_upload(
        programme, organisation=user.organisation, by=user, filename="list.csv", data=data
    )


def _rows(programme) -> tuple[int, int]:
    applications = Application.objects.filter(programme=programme)
    companies = Company.objects.filter(applications__programme=programme).distinct()
    return companies.count(), applications.count()


def _two_uploads_at_once(n: int) -> None:
    programme, user = _counterpart(n)
    data = csv_bytes([vn_row(1), vn_row(2), vn_row(3)])
    # Two people upload the same list and both see three new applicants.
    first, second = _upload(programme, user, data), _upload(programme, user, data)
    assert (first.new_count, second.new_count) == (3, 3)

    results = together(
        lambda: imports.import_confirm(first, by=user),
        lambda: imports.import_confirm(second, by=user),
    )

    applied = [r for r in results if isinstance(r, ImportBatch)]
    refused = [r for r in results if isinstance(r, UploadError)]
    assert (len(applied), len(refused)) == (1, 1), (n, results)
    assert refused[0].code == "stale_preview", (n, refused[0].message)
    assert str(refused[0].message).startswith("Some applicants changed after this preview")
    assert _rows(programme) == (3, 3), n
    statuses = sorted(ImportBatch.objects.filter(programme=programme).values_list("status"))
    assert statuses == [("applied",), ("preview",)], n


def test_two_uploads_of_the_same_new_applicants_confirmed_at_once_import_them_once(postgres):
    for n in range(ROUNDS):
        _two_uploads_at_once(n)


def test_one_upload_confirmed_several_times_at_once_is_imported_once(postgres):
    programme, user = _counterpart(0)
    batch = _upload(programme, user, csv_bytes([vn_row(1), vn_row(2)]))

    results = together(*(lambda: imports.import_confirm(batch, by=user) for _ in range(5)))

    applied = [r for r in results if isinstance(r, ImportBatch)]
    refused = [r for r in results if isinstance(r, UploadError)]
    assert (len(applied), len(refused)) == (1, 4), results
    assert {r.code for r in refused} == {"invalid_state"}
    assert {str(r.message) for r in refused} == {"This upload cannot be confirmed: it is Imported."}
    assert _rows(programme) == (2, 2)
