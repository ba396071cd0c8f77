"""application_invite: the database's one-application-per-company constraint decides whether a
company already takes part, and its refusal is the app's clear error (see
tests/integration/test_concurrent_registry.py for two staff inviting at the same moment)."""

import pytest
from django.db import transaction

from companies.exceptions import CompanyError
from companies.models import Application, ApplicationEvent
from companies.services.applications import application_invite
from tests import factories

pytestmark = pytest.mark.django_db


def _invite(programme, company, staff):
    return application_invite(
        programme, company, by=staff, email=company.contact_email, language="ja", reason="Lists"
    )


def test_inviting_a_company_that_takes_part_is_refused_and_changes_nothing(programme, staff):
    company = factories.JapaneseCompanyFactory()
    first = _invite(programme, company, staff)

    with pytest.raises(CompanyError) as refused:
        _invite(programme, company, staff)

    assert str(refused.value.message) == f"{company} already takes part in this programme."
    assert refused.value.errors == {"company": ["Already in the programme."]}
    assert list(Application.objects.values_list("pk", flat=True)) == [first.pk]
    assert list(ApplicationEvent.objects.values_list("application", "kind")) == [
        (first.pk, "created")
    ]


def test_a_refused_invitation_leaves_the_callers_transaction_usable(programme, staff):
    taking_part = factories.JapaneseCompanyFactory()
    factories.ApplicationFactory(programme=programme, company=taking_part)
    fresh = factories.JapaneseCompanyFactory()

    with transaction.atomic():
        with pytest.raises(CompanyError):
            _invite(programme, taking_part, staff)
        invited = _invite(programme, fresh, staff)  # the same transaction goes on

    assert Application.objects.get(company=fresh) == invited
    assert invited.status == Application.Status.SELECTED
