import pytest

from companies.models import Application
from programmes.models import Role
from tests import factories


@pytest.fixture
def adviser(programme):
    return factories.ProgrammeRoleFactory(programme=programme, role=Role.ADVISER).user


@pytest.fixture
def make_adviser(programme):
    def make(**fields):
        return factories.ProgrammeRoleFactory(
            programme=programme, role=Role.ADVISER, user=factories.UserFactory(**fields)
        ).user

    return make


@pytest.fixture
def make_eligible(programme):
    """An application of the round (eligible), optionally for a given company."""

    def make(**fields):
        return factories.ApplicationFactory(
            programme=programme, status=Application.Status.ELIGIBLE, eligible=True, **fields
        )

    return make
