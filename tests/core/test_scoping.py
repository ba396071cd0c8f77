"""Querysets scoped by default (core/scoping.py): during a request, applications, applicant
uploads and background jobs are read only through `.visible_to(user)` (one policy per model) or
an explicit `.unscoped(reason)`; a forgotten filter raises instead of leaking. Lists, search,
exports, the API and job results show each role exactly its rows."""

import csv
import io

import pytest
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse

from companies.models import Application, ImportBatch
from core.models import Job, Organisation
from core.scoping import ScopedQuerySet, UnscopedQueryError, scoped_models
from matching.selectors import assignment_list_for_user
from programmes.models import ProgrammeOrganisation, Role
from tests import factories

pytestmark = pytest.mark.django_db

SCOPING_URLS = override_settings(ROOT_URLCONF="tests.core.urls_scoping")


@pytest.fixture
def world(programme):
    """Two counterparts of one programme, a removed one, two companies, an adviser, a reviewer,
    staff, each with rows of their own."""

    def org(name, kind=Organisation.Kind.COUNTERPART):
        return factories.OrganisationFactory(name=name, kind=kind, country="VN")

    def invite(organisation, role=Role.COUNTERPART):
        return factories.ProgrammeOrganisationFactory(
            programme=programme, organisation=organisation, role=role
        )

    a, b, removed = org("Counterpart A"), org("Counterpart B"), org("Removed counterpart")
    invite(a), invite(b)
    removed_link = invite(removed)
    company_org = org("Own company", Organisation.Kind.COMPANY)
    invite(company_org, Role.COMPANY)
    own_company = factories.CompanyFactory(legal_name="Own Company Ltd", organisation=company_org)
    other_org = org("Other company", Organisation.Kind.COMPANY)
    invite(other_org, Role.COMPANY)
    other_company = factories.CompanyFactory(legal_name="Other Company Ltd", organisation=other_org)

    rows = {
        "a": factories.ApplicationFactory(
            programme=programme,
            counterpart=a,
            company=factories.CompanyFactory(legal_name="Alpha Mekong Parts"),
        ),
        "b": factories.ApplicationFactory(
            programme=programme,
            counterpart=b,
            company=factories.CompanyFactory(legal_name="Beta Mekong Parts"),
        ),
        "removed": factories.ApplicationFactory(programme=programme, counterpart=removed),
        "own": factories.ApplicationFactory(programme=programme, company=own_company),
        "other": factories.ApplicationFactory(programme=programme, company=other_company),
    }
    ProgrammeOrganisation.objects.filter(pk=removed_link.pk).delete()

    adviser = factories.UserFactory(username="adviser")
    factories.ProgrammeRoleFactory(programme=programme, user=adviser, role=Role.ADVISER)
    reviewer = factories.UserFactory(username="reviewer")
    factories.ProgrammeRoleFactory(programme=programme, user=reviewer, role=Role.REVIEWER)
    users = {
        "staff": factories.StaffUserFactory(username="staff"),
        "a": factories.UserFactory(username="a", organisation=a),
        "b": factories.UserFactory(username="b", organisation=b),
        "removed": factories.UserFactory(username="removed", organisation=removed),
        "own": factories.UserFactory(username="own", organisation=company_org),
        "other": factories.UserFactory(username="other", organisation=other_org),
        "adviser": adviser,
        "reviewer": reviewer,
    }
    assigned = factories.AssignmentFactory(application=rows["a"], adviser=adviser)
    factories.AssignmentFactory(
        application=rows["b"], adviser=factories.UserFactory(username="another_adviser")
    )
    batches = {
        "a": factories.ImportBatchFactory(programme=programme, organisation=a),
        "b": factories.ImportBatchFactory(programme=programme, organisation=b),
        "removed": factories.ImportBatchFactory(programme=programme, organisation=removed),
    }
    return {
        "programme": programme,
        "rows": rows,
        "users": users,
        "batches": batches,
        "assigned": assigned,
    }


def ids(objects) -> set[int]:
    return {obj.pk for obj in objects}


# --- the guard ---------------------------------------------------------------------------------


@SCOPING_URLS
def test_a_forgotten_filter_in_a_view_raises(client, world):
    client.force_login(world["users"]["a"])

    with pytest.raises(UnscopedQueryError, match="companies.Application was read during a request"):
        client.get("/test-only/forgotten/")
    with pytest.raises(UnscopedQueryError):
        client.get("/test-only/forgotten-count/")


@SCOPING_URLS
@override_settings(DEBUG=False)
def test_a_forgotten_filter_is_a_server_error_in_production_not_a_page_of_rows(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["a"])

    response = client.get("/test-only/forgotten/")

    assert response.status_code == 500
    assert world["rows"]["b"].company.legal_name not in response.content.decode()


def test_the_same_query_outside_a_request_is_not_enforced(world):
    # Celery tasks, management commands, migrations and test code read every row.
    assert Application.objects.count() == 5
    assert ids(Application.objects.all()) == ids(world["rows"].values())
    assert ImportBatch.objects.filter(programme=world["programme"]).count() == 3


@SCOPING_URLS
def test_scoped_unscoped_and_instance_reads_pass_the_guard(client, world):
    rows = world["rows"]
    client.force_login(world["users"]["a"])

    scoped = client.get("/test-only/scoped/").json()["ids"]
    unscoped = client.get("/test-only/unscoped/").json()["ids"]
    through = client.get(f"/test-only/through/{world['programme'].pk}/").json()["ids"]

    assert scoped == [rows["a"].pk]
    assert set(unscoped) == ids(rows.values())
    assert set(through) == ids(rows.values())


def test_unscoped_needs_a_reason():
    with pytest.raises(ValueError, match="needs the reason"):
        Application.objects.unscoped("  ")


def test_every_scoped_model_keeps_its_scoped_default_manager_and_a_plain_base_manager():
    labels = {model._meta.label for model in scoped_models()}

    assert labels >= {"companies.Application", "companies.ImportBatch", "core.Job"}
    for model in (Application, ImportBatch, Job):
        assert model._default_manager is model.objects
        assert issubclass(model.objects._queryset_class, ScopedQuerySet)
        # Forward foreign keys (assignment.application) read through the base manager.
        assert not issubclass(model._base_manager._queryset_class, ScopedQuerySet)
        assert model._base_manager._queryset_class is models.QuerySet


# --- one policy per model: each role exactly its rows -----------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", {"a", "b", "removed", "own", "other"}),
        ("a", {"a"}),
        ("b", {"b"}),
        ("removed", set()),
        ("own", {"own"}),
        ("other", {"other"}),
        ("adviser", set()),  # advisers read their assignments, not the applicant list
        ("reviewer", set()),
    ],
)
def test_applications_visible_to_each_role(world, who, expected):
    rows = world["rows"]

    visible = Application.objects.visible_to(world["users"][who])

    assert ids(visible) == {rows[key].pk for key in expected}


def test_an_adviser_reads_only_the_applications_assigned_to_them(world):
    adviser = world["users"]["adviser"]

    assignments = assignment_list_for_user(adviser, world["programme"])

    assert [a.application_id for a in assignments] == [world["rows"]["a"].pk]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", {"a", "b", "removed"}),
        ("a", {"a"}),
        ("b", {"b"}),
        ("removed", set()),
        ("own", set()),
        ("adviser", set()),
    ],
)
def test_uploads_visible_to_each_role(world, who, expected):
    batches = world["batches"]

    visible = ImportBatch.objects.visible_to(world["users"][who])

    assert ids(visible) == {batches[key].pk for key in expected}


def test_jobs_visible_to_their_starter_and_staff_only(world):
    users = world["users"]
    mine = factories.JobFactory(created_by=users["a"])
    theirs = factories.JobFactory(created_by=users["b"])

    assert ids(Job.objects.visible_to(users["a"])) == {mine.pk}
    assert ids(Job.objects.visible_to(users["staff"])) >= {mine.pk, theirs.pk}
    assert ids(Job.objects.visible_to(users["reviewer"])) == set()


def test_nobody_signed_in_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for model in (Application, ImportBatch, Job):
        assert list(model.objects.visible_to(AnonymousUser())) == []


# --- pages, search, exports, the API and job results -------------------------------------------


def test_the_applicant_list_and_its_search_show_a_counterpart_only_its_rows(client, world):
    programme, rows = world["programme"], world["rows"]
    client.force_login(world["users"]["a"])
    url = reverse("companies:application.list", args=[programme.slug])

    listed = client.get(url).context["page"].object_list
    searched = client.get(url, {"q": "Mekong"}).context["page"].object_list

    assert ids(listed) == {rows["a"].pk}
    assert ids(searched) == {rows["a"].pk}


def test_a_counterparts_export_holds_only_its_rows(client, world):
    programme, rows = world["programme"], world["rows"]
    client.force_login(world["users"]["b"])

    response = client.get(
        reverse("companies:application.export", args=[programme.slug]), {"format": "csv"}
    )

    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["id"] for row in exported] == [str(rows["b"].pk)]


def test_the_api_lists_a_company_only_its_own_applications(client, world):
    client.force_login(world["users"]["own"])

    response = client.get(reverse("api:application.list"))

    assert [row["id"] for row in response.json()["results"]] == [world["rows"]["own"].pk]


def test_the_upload_list_shows_a_counterpart_only_its_uploads(client, world):
    client.force_login(world["users"]["a"])

    response = client.get(reverse("companies:upload.list", args=[world["programme"].slug]))

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        reverse("companies:upload.detail", args=[world["programme"].slug, world["batches"]["a"].pk])
        in content
    )
    assert (
        reverse("companies:upload.detail", args=[world["programme"].slug, world["batches"]["b"].pk])
        not in content
    )


def test_another_users_job_result_is_not_found(client, world):
    users = world["users"]
    job = factories.JobFactory(created_by=users["b"], status=Job.Status.SUCCEEDED)
    client.force_login(users["a"])

    assert client.get(reverse("core:job.detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job.download", args=[job.pk])).status_code == 404
    assert client.get(reverse("api:job.detail", args=[job.pk])).status_code == 404
    client.force_login(users["b"])
    assert client.get(reverse("core:job.detail", args=[job.pk])).status_code == 200


def test_the_admin_site_is_left_to_agency_staff_unguarded(client, world):
    # Django's admin reads the default manager itself (lists, foreign-key widgets).
    admin = factories.StaffUserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("admin:companies_application_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 5
