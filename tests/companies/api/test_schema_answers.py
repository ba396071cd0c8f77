"""What schemathesis found in the companies API (tests/api/test_fuzz_schema.py): answers the
schema did not describe."""

import pytest

from companies.services import imports
from programmes.models import Role
from tests import factories
from tests.api.schema_check import answer_conforms
from tests.companies.upload_files import csv_bytes, vn_row

pytestmark = pytest.mark.django_db


def test_a_company_without_website_or_e_mail_answers_as_documented(staff):
    # The schema promised an address in both (format uri, email); they are empty here.
    company = factories.CompanyFactory(website="", contact_email="")

    detail = answer_conforms(
        staff, "GET", "/api/v1/companies/{id}/", path_parameters={"id": company.pk}
    ).json()
    listed = answer_conforms(staff, "GET", "/api/v1/companies/").json()

    assert (detail["website"], detail["contact_email"]) == ("", "")
    assert [(c["website"], c["contact_email"]) for c in listed["results"]] == [("", "")]


def test_an_uploaded_list_downloads_under_the_type_of_its_name(programme, staff):
    # The schema promised application/octet-stream; a CSV list answers text/csv.
    org = factories.OrganisationFactory(name="VCCI Hanoi", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    counterpart = factories.UserFactory(username="vcci", organisation=org)
    batch = imports.import_upload(
        programme, organisation=org, by=counterpart, filename="applicants.csv",
        data=csv_bytes([vn_row(1)]),
    )  # fmt: skip

    response = answer_conforms(
        staff, "GET", "/api/v1/uploads/{id}/download/", path_parameters={"id": batch.pk}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == ["text/csv"]
    assert response.content.startswith(b"registration_number,")
