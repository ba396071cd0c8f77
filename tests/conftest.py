import pytest

from core.models import Organisation
from programmes.models import Role
from tests import factories


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    # The integration suite shares files with a worker process, so it keeps its own MEDIA_ROOT.
    if request.node.get_closest_marker("integration") is None:
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory()


@pytest.fixture
def staff(db):
    return factories.StaffUserFactory(username="staff")


@pytest.fixture
def role_users(db, programme):
    """One user per role, each invited to `programme` the way the application invites them,
    plus a counterpart of another country who was not invited."""
    counterpart_org = factories.OrganisationFactory(name="Opora Russia", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=counterpart_org, role=Role.COUNTERPART
    )
    other_org = factories.OrganisationFactory(name="Other Counterpart", country="TH")
    users = {
        "staff": factories.StaffUserFactory(username="staff"),
        "counterpart": factories.UserFactory(username="counterpart", organisation=counterpart_org),
        "other_counterpart": factories.UserFactory(username="other", organisation=other_org),
    }
    for role in ("adviser", "interpreter", "reviewer", "company"):
        kind = {
            "adviser": Organisation.Kind.ADVISERS,
            "interpreter": Organisation.Kind.INTERPRETERS,
            "reviewer": Organisation.Kind.MINISTRY,
            "company": Organisation.Kind.COMPANY,
        }[role]
        org = factories.OrganisationFactory(name=f"{role} org", kind=kind, country="JP")
        user = factories.UserFactory(username=role, organisation=org)
        factories.ProgrammeRoleFactory(programme=programme, user=user, role=role)
        users[role] = user
    return users


@pytest.fixture(autouse=True)
def _reset_current_time_zone():
    """Reset the active time zone and language after each test, so a test that activates one
    (as programme views do) cannot decide how the next test renders times and messages."""
    yield
    from django.utils import timezone, translation

    timezone.deactivate()
    # Likewise the language: a page read in Japanese leaves it active in this thread.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _builtin_rule_sets(request):
    """The shipped SME rule sets come with a data migration; a transactional test flushes the
    tables afterwards, so put them back for every test that uses the database."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker is not None:
        request.getfixturevalue("db")
    else:
        return
    from companies.models import RuleSet
    from companies.services.companies import builtin_rule_sets_sync

    if not RuleSet.objects.filter(builtin=True).exists():
        builtin_rule_sets_sync()
