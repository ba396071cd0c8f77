"""Shared people and data of the matching API tests: a programme with two advisers, two
criteria and applicants in the assessment round."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from companies.models import Application
from programmes.models import Role
from tests import factories


@pytest.fixture
def api():
    """api(user): a client signed in as `user` (anonymous without one)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def make_adviser(programme):
    def make(username: str, last_name: str):
        user = factories.UserFactory(username=username, first_name="Ken", last_name=last_name)
        factories.ProgrammeRoleFactory(programme=programme, user=user, role=Role.ADVISER)
        return user

    return make


@pytest.fixture
def adviser(make_adviser):
    return make_adviser("tanaka", "Tanaka")


@pytest.fixture
def second_adviser(make_adviser):
    return make_adviser("suzuki", "Suzuki")


@pytest.fixture
def management(programme):
    """0–5, weight 2, failed below 2."""
    return factories.CriterionFactory(
        programme=programme,
        name="Management capability",
        scale_min=0,
        scale_max=5,
        weight=Decimal("2"),
        threshold=Decimal("2"),
        position=1,
    )


@pytest.fixture
def exports(programme):
    """0–10, weight 1."""
    return factories.CriterionFactory(
        programme=programme, name="Export readiness", scale_min=0, scale_max=10, position=2
    )


@pytest.fixture
def make_applicant(programme):
    def make(legal_name: str, **kwargs):
        company = factories.CompanyFactory(legal_name=legal_name, country="VN")
        kwargs.setdefault("status", Application.Status.ELIGIBLE)
        return factories.ApplicationFactory(
            programme=programme, company=company, eligible=True, **kwargs
        )

    return make


@pytest.fixture
def hanoi(make_applicant):
    return make_applicant("Hanoi Mechanical JSC")


@pytest.fixture
def assessment(programme):
    return factories.AssessmentFactory(programme=programme, reviews_per_application=2)
