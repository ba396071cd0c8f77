"""Twenty confirmations of the same applicant upload at the same moment, on real PostgreSQL,
through the API as a counterpart's tools would send them: exactly one imports (200), the other
nineteen are refused with a clear answer (400, code ``invalid_state``, "This upload cannot be
confirmed: it is Imported."), and every applicant is imported once. Each thread has its own
database connection. (tests/integration/test_concurrent_uploads.py races the service itself:
two uploads of the same applicants, and five confirmations of one upload.)"""

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from companies.models import Application, ApplicationEvent, Company, ImportBatch
from companies.services import imports
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.integration.test_concurrent_scoring import together

pytestmark = pytest.mark.integration
CONFIRMATIONS = 20
ROWS = 5
REFUSED = {
    "detail": "This upload cannot be confirmed: it is Imported.",
    "code": "invalid_state",
    "errors": {},
}


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def test_twenty_parallel_confirmations_of_one_upload_import_it_once(postgres):
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name="VCCI Da Nang", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    user = factories.UserFactory(username="vcci-dn", organisation=org)
    batch = imports.import_upload(
        programme,
        organisation=org,
        by=user,
        filename="list.csv",
        data=csv_bytes([vn_row(n) for n in range(1, ROWS + 1)]),
    )
    assert (batch.status, batch.new_count) == ("preview", ROWS)
    companies_before = Company.objects.count()
    url = reverse("api:upload.confirm", args=[batch.pk])

    def confirm():
        client = APIClient()
        client.force_authenticate(user)
        response = client.post(url)
        return response.status_code, response.json()

    results = together(*(confirm for _ in range(CONFIRMATIONS)))

    assert not [r for r in results if isinstance(r, Exception)], results
    imported = [body for code, body in results if code == 200]
    refused = [body for code, body in results if code != 200]
    assert len(imported) == 1, results
    assert imported[0]["status"] == "applied" and imported[0]["id"] == batch.pk
    assert [code for code, _body in results].count(400) == CONFIRMATIONS - 1, results
    assert all(body == REFUSED for body in refused), refused
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Application.objects.filter(programme=programme).count() == ROWS
    assert ApplicationEvent.objects.filter(kind="imported").count() == ROWS
    assert Company.objects.count() == companies_before + ROWS
