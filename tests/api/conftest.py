import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def api_client():
    """A client nobody is signed in on."""
    return APIClient()


@pytest.fixture
def client_for(db):
    """client_for(user): an API client authenticated as `user` (no session or token lookups)."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def staff_api(client_for, staff):
    return client_for(staff)


@pytest.fixture
def venue(db):
    return factories.VenueFactory(name="Osaka International Convention Center", city="Osaka")
