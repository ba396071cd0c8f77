"""Check-then-insert writes racing on real PostgreSQL: a company invited twice at once, and
organisations saved at once under the same name or short name. The loser gets the app's clear
error (or, for a short name made up from the name, the next free one), never a 500."""

import pytest
from django.db import connection

from companies.exceptions import CompanyError
from companies.models import Application
from companies.services.applications import application_invite
from core.exceptions import ApplicationError
from core.models import Organisation
from core.services import organisation_save
from tests import factories
from tests.integration.test_concurrent_scoring import together

pytestmark = pytest.mark.integration
THREADS = 6


@pytest.fixture
def postgres(services_up, transactional_db):
    assert connection.vendor == "postgresql"


def test_a_company_invited_by_several_staff_at_once_takes_part_once(postgres):
    programme = factories.ProgrammeFactory()
    company = factories.JapaneseCompanyFactory()
    staff = [factories.StaffUserFactory(username=f"staff-{n}") for n in range(THREADS)]

    results = together(
        *(
            lambda by=by: application_invite(
                programme,
                company,
                by=by,
                email=company.contact_email,
                language="ja",
                reason="From the registry",
            )  # fmt: skip
            for by in staff
        )
    )

    invited = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, CompanyError)]
    assert (len(invited), len(refused)) == (1, THREADS - 1), results
    assert {str(r.message) for r in refused} == {f"{company} already takes part in this programme."}
    assert all(r.errors == {"company": ["Already in the programme."]} for r in refused)
    application = Application.objects.get(programme=programme, company=company)
    assert application.pk == invited[0].pk
    assert application.events.count() == 1


def _organisation(**fields) -> Organisation:
    return Organisation(kind=Organisation.Kind.COUNTERPART, country="VN", **fields)


def test_organisations_of_the_same_name_saved_at_once_each_get_a_short_name(postgres):
    results = together(
        *(
            lambda n=n: organisation_save(
                _organisation(name="Hanoi Trade Office", contact_name=f"Person {n}"), by=None
            )
            for n in range(THREADS)
        )
    )

    assert all(isinstance(r, Organisation) for r in results), results
    slugs = sorted(Organisation.objects.values_list("slug", flat=True))
    assert slugs == sorted(["hanoi-trade-office"] + [f"hanoi-trade-office-{n}"
                                                     for n in range(2, THREADS + 1)])  # fmt: skip
    assert sorted(r.slug for r in results) == slugs


def test_organisations_given_the_same_short_name_at_once_save_one(postgres):
    results = together(
        *(
            lambda n=n: organisation_save(
                _organisation(name=f"Hanoi Trade Office {n}", slug="hanoi-trade"), by=None
            )
            for n in range(THREADS)
        )
    )

    saved = [r for r in results if isinstance(r, Organisation)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert (len(saved), len(refused)) == (1, THREADS - 1), results
    assert {str(r.message) for r in refused} == {
        "Organisation with this Short name already exists."
    }
    assert all(
        r.errors == {"slug": ["Organisation with this Short name already exists."]} for r in refused
    )
    assert list(Organisation.objects.values_list("name", flat=True)) == [saved[0].name]
