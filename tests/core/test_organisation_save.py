"""organisation_save: the database's unique short name (slug) decides, and a clash is the app's
clear error (see tests/integration/test_concurrent_registry.py for saves at the same moment)."""

import pytest
from django.db import transaction

from core.exceptions import ApplicationError
from core.models import Organisation
from core.services import organisation_save
from tests import factories

pytestmark = pytest.mark.django_db


def _organisation(**fields) -> Organisation:
    return Organisation(kind=Organisation.Kind.COUNTERPART, country="VN", **fields)


def test_a_short_name_that_is_taken_is_refused_with_the_field_named(staff):
    factories.OrganisationFactory(name="Hanoi Trade", slug="hanoi-trade")

    with transaction.atomic():
        with pytest.raises(ApplicationError) as refused:
            organisation_save(_organisation(name="Another", slug="hanoi-trade"), by=staff)
        Organisation.objects.count()  # the caller's transaction goes on

    assert str(refused.value.message) == "Organisation with this Short name already exists."
    assert refused.value.errors == {"slug": ["Organisation with this Short name already exists."]}
    assert refused.value.code == "duplicate"
    assert not Organisation.objects.filter(name="Another").exists()


def test_renaming_to_a_short_name_that_is_taken_is_refused(staff):
    factories.OrganisationFactory(name="Hanoi Trade", slug="hanoi-trade")
    other = factories.OrganisationFactory(name="Da Nang Trade", slug="da-nang-trade")

    other.slug = "hanoi-trade"
    with pytest.raises(ApplicationError):
        organisation_save(other, by=staff)

    assert Organisation.objects.get(pk=other.pk).slug == "da-nang-trade"


def test_a_short_name_made_from_the_name_is_numbered_when_taken(staff):
    factories.OrganisationFactory(name="Hanoi Trade", slug="hanoi-trade")

    saved = organisation_save(_organisation(name="Hanoi Trade"), by=staff)

    assert saved.slug == "hanoi-trade-2"
