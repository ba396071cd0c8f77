"""THE ROLE × URL PERMISSION TABLE.

One row per (URL, method): what every role gets back. Later work extends it by appending rows;
`test_every_named_route_has_a_row` fails when a view is added without one.

Roles (built by the `role_users` fixture in tests/conftest.py; the removed participants,
other_company and unassigned_adviser by the `world` below, since other tests of role_users
count the programme's participants):
    anonymous           not signed in
    staff               programme staff of the implementing agency: manage every programme
    counterpart         a counterpart organisation invited to the programme
    other_counterpart   a counterpart organisation NOT invited: cannot see the programme; it
                        takes part in a programme of its own, with data there
    removed_counterpart, removed_adviser
                        invited, given data in the programme (an applicant, a review), then
                        removed: they see nothing of it any more (404)
    adviser             an adviser invited to the programme and ASSIGNED a review
                        (world.assignment, world.candidate's application), with a declared
                        conflict of interest (world.conflict)
    unassigned_adviser  an adviser invited to the programme with NO assignment and no conflict:
                        sees what any adviser of the programme sees (criteria, pair scores,
                        its own empty review list), never the assigned adviser's review, score
                        or conflict (404)
    interpreter, reviewer, company
                        people invited to the programme with that role; the company's own
                        application is world.own_application (and world.own_selected in a
                        second programme)
    other_company       a second company (organisation of kind company) invited to the
                        programme with the company role, with an application of its own there
                        (world.other_company_application): it sees its own, never the
                        company's (404), and the company never its

A row that leaves out other_company or unassigned_adviser gives them what the company or the
adviser gets (tests/permission_table.py LIKE); rows on the company's or the assigned adviser's
own data name them.

How it runs: one test per row (its id is the row's). The world is built once for the row, and
every role is tried against it in a savepoint that is rolled back (with a client of its own,
signed in afresh, the caches emptied, the time zone and language reset), so a POST of one role
leaves nothing for the next. The test lists every role whose answer differs from the table
("company: expected 404, got 200 (page …)") and fails on the list.

Rules the table encodes:
    HTML pages: anonymous → 302 to the sign-in page; a programme the user cannot see → 404;
    one they can see but may not change → 403; staff → 200 (302 after a successful POST).
    Organisations are for agency staff (others 403). A job belongs to whoever started it
    (another user's job → 404); agency staff see every job.
    API (/api/v1/): anonymous → 401; invisible → 404; visible but not allowed → 403.
"""

import json
import re
import traceback
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django.views.generic import RedirectView

from companies.models import ImportRow
from core.models import Organisation
from core.services import api_token_create
from programmes.models import ProgrammeOrganisation, ProgrammeRole, Role
from programmes.services import programme_uninvite
from tests import factories
from tests import permission_rows_tenants as tenant_rows
from tests.companies import permission_rows as companies_rows
from tests.companies import permission_rows_mine as mine_rows
from tests.core import permission_rows as core_rows
from tests.matching import permission_rows as matching_rows
from tests.matching import permission_rows_notify as notify_rows
from tests.matching import permission_rows_results as results_rows
from tests.monitoring import permission_rows as monitoring_rows
from tests.monitoring import permission_rows_dashboards as dashboard_rows
from tests.monitoring import permission_rows_follow_ups as follow_up_rows
from tests.monitoring import permission_rows_reports as report_rows
from tests.permission_table import (
    ADMIN_LOGIN,
    API_ANONYMOUS,
    LOGIN,
    ROLES,
    Row,
    agency_only,
    api_row,
    everyone,
    job_owner,
    literal,
    own_organisation,
    programme_managers,
    programme_readers,
    row,
    signed_in,
    url,
)
from tests.programmes import permission_rows as programmes_rows
from tests.scheduling import permission_rows as scheduling_rows

# --- request bodies for the POST rows -------------------------------------------------------


def programme_form(world) -> dict:
    return {
        "kind": "ceo_network",
        "title": "CEO Network Thailand",
        "time_zone": "Asia/Tokyo",
        "start_date": "2027-02-15",
        "end_date": "2027-02-19",
        "partner_countries": ["TH"],
        "sectors": ["auto_parts"],
    }


def activity_form(world) -> dict:
    return {
        "kind": "seminar",
        "title": "Seminar: Japanese production management",
        "venue": world.activity.venue_id,
        "day": "2027-02-16",
        "start_time": "10:00",
        "end_time": "12:00",
    }


def activity_edit_form(world) -> dict:
    return {
        "kind": "business_meetings",
        "title": "Business meetings, Osaka",
        "venue": world.activity.venue_id,
        "day": "2027-02-15",
        "start_time": "13:00",
        "end_time": "18:00",
        "meeting_minutes": 30,
        "break_minutes": 0,
        "meetings_per_day": 10,
        "tables": 3,
    }


def invite_form(world) -> dict:
    return {"form": "user", "user-user": world.newcomer.pk, "user-role": "adviser"}


def organisation_form(world) -> dict:
    return {"name": "Naniwa Precision Co., Ltd.", "kind": "company", "country": "JP"}


def organisation_edit_form(world) -> dict:
    return {"name": "Opora Russia", "kind": "counterpart", "country": "RU"}


def api_activity(world) -> dict:
    return {
        "programme": world.programme.slug,
        "kind": "seminar",
        "title": "Seminar: Japanese production management",
        "venue": world.activity.venue_id,
        "starts_at": "2027-02-16T10:00:00",
        "ends_at": "2027-02-16T12:00:00",
    }


# --- THE TABLE: HTML pages ------------------------------------------------------------------

P = "programme.slug"
A = "activity.pk"

HTML_ROWS = [
    # config/urls.py
    row("home", "GET", everyone(302)),  # to the sign-in page, or to the programme list
    row("healthz", "GET", everyone(200)),
    row("set_language", "POST", everyone(302), data=lambda w: {"language": "en", "next": "/"}),
    row("set_language", "GET", everyone(405)),
    row("login", "GET", everyone(200)),
    # A wrong password answers the form again with the error (200), for everyone alike.
    row(
        "login",
        "POST",
        everyone(200),
        data=lambda w: {"username": "staff", "password": "not-the-password"},
    ),
    row("logout", "POST", everyone(302)),
    # None of the role users is a Django is_staff user; see test_admin_index_opens_for_django_staff
    row("admin:index", "GET", everyone(ADMIN_LOGIN)),
    row("admin:index", "POST", everyone(ADMIN_LOGIN)),
    # The API schema and its docs are for signed-in users only (docs/security.md).
    row("api-schema", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    row("api-docs", "GET", signed_in(200)),
    # programmes/urls.py
    row("programmes:programme.list", "GET", signed_in(200)),
    row("programmes:programme.create", "GET", agency_only(200)),
    row("programmes:programme.create", "POST", agency_only(302), data=programme_form),
    row("programmes:programme.detail", "GET", programme_readers(200), P),
    row("programmes:programme.edit", "GET", programme_managers(200), P),
    row("programmes:programme.edit", "POST", programme_managers(302), P, data=programme_form),
    row(
        "programmes:programme.transition",
        "POST",
        programme_managers(302),
        P,
        data=lambda w: {"status": "recruiting"},
    ),
    row("programmes:programme.transition", "GET", signed_in(405), P),
    row("programmes:programme.export", "POST", programme_readers(302), P),
    row("programmes:programme.participants", "GET", programme_managers(200), P),
    row("programmes:programme.participants", "POST", programme_managers(302), P, data=invite_form),
    row(
        "programmes:programme.participant.remove",
        "POST",
        programme_managers(302),
        P,
        literal("organisation"),
        "organisation_link.pk",
        label=" (organisation)",
    ),
    row(
        "programmes:programme.participant.remove",
        "POST",
        programme_managers(302),
        P,
        literal("person"),
        "person_grant.pk",
        label=" (person)",
    ),
    row("programmes:activity.create", "GET", programme_managers(200), P),
    row("programmes:activity.create", "POST", programme_managers(302), P, data=activity_form),
    row("programmes:activity.detail", "GET", programme_readers(200), P, A),
    row("programmes:activity.edit", "GET", programme_managers(200), P, A),
    row("programmes:activity.edit", "POST", programme_managers(302), P, A, data=activity_edit_form),
    row("programmes:activity.delete", "POST", programme_managers(302), P, A),
    # core/urls.py
    row("core:job.list", "GET", signed_in(200)),
    row("core:job.detail", "GET", job_owner(200), "job.pk"),
    row("core:job.download", "GET", job_owner(200), "job.pk"),
    row("core:job.download", "GET", job_owner(404), "empty_job.pk", label=" (no file yet)"),
    row("core:job.download", "POST", signed_in(405), "job.pk"),
    row("core:organisation.list", "GET", agency_only(200)),
    row("core:organisation.create", "GET", agency_only(200)),
    row("core:organisation.create", "POST", agency_only(302), data=organisation_form),
    row("core:organisation.edit", "GET", agency_only(200), "organisation.slug"),
    row(
        "core:organisation.edit",
        "POST",
        agency_only(302),
        "organisation.slug",
        data=organisation_edit_form,
    ),
]

# --- THE TABLE: API (/api/v1/) --------------------------------------------------------------
# Append rows with api_row(name in the "api" namespace, method, expectations, *world attributes,
# data=JSON body). Signed-in roles authenticate with a token (Authorization: Token ...).

API_ROWS = [
    # Anyone may exchange a password for a new token (201); throttled per address.
    api_row(
        "auth.token",
        "POST",
        everyone(201),
        data=lambda w: {"username": "staff", "password": "secret-pass-123"},
    ),
    api_row("me", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row("organisation.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row(
        "organisation.list",
        "POST",
        agency_only(201, anonymous=API_ANONYMOUS),
        data=organisation_form,
    ),
    api_row("organisation.detail", "GET", own_organisation(200, 200), "organisation.slug"),
    api_row(
        "organisation.detail",
        "PATCH",
        own_organisation(200, 403),
        "organisation.slug",
        data=lambda w: {"contact_name": "Irina Sokolova"},
    ),
    api_row(
        "organisation.detail",
        "PUT",
        own_organisation(200, 403),
        "organisation.slug",
        data=organisation_edit_form,
    ),
    api_row("job.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row("job.detail", "GET", job_owner(200, anonymous=API_ANONYMOUS), "job.pk"),
    api_row("job.download", "GET", job_owner(200, anonymous=API_ANONYMOUS), "job.pk"),
    api_row(
        "job.download",
        "GET",
        job_owner(404, anonymous=API_ANONYMOUS),
        "empty_job.pk",
        label=" (no file yet)",
    ),
    api_row("job.download", "POST", signed_in(405, anonymous=API_ANONYMOUS), "job.pk"),
    api_row("programme.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row(
        "programme.list",
        "POST",
        agency_only(201, anonymous=API_ANONYMOUS),
        data=lambda w: {**programme_form(w), "title": "Created through the API"},
    ),
    api_row("programme.detail", "GET", programme_readers(200, anonymous=API_ANONYMOUS), P),
    api_row(
        "programme.detail",
        "PATCH",
        programme_managers(200, anonymous=API_ANONYMOUS),
        P,
        data=lambda w: {"title": "Renamed through the API"},
    ),
    api_row(
        "programme.detail",
        "PUT",
        programme_managers(200, anonymous=API_ANONYMOUS),
        P,
        data=lambda w: {**programme_form(w), "title": "Replaced through the API"},
    ),
    api_row(
        "programme.transition",
        "POST",
        programme_managers(200, anonymous=API_ANONYMOUS),
        P,
        data=lambda w: {"status": "recruiting"},
    ),
    api_row("programme.participants", "GET", programme_managers(200, anonymous=API_ANONYMOUS), P),
    api_row("programme.export", "POST", programme_readers(202, anonymous=API_ANONYMOUS), P),
    api_row("activity.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row("activity.list", "POST", agency_only(201, anonymous=API_ANONYMOUS), data=api_activity),
    api_row("activity.detail", "GET", programme_readers(200, anonymous=API_ANONYMOUS), A),
    api_row(
        "activity.detail",
        "PATCH",
        programme_managers(200, anonymous=API_ANONYMOUS),
        A,
        data=lambda w: {"title": "Renamed session"},
    ),
    api_row(
        "activity.detail",
        "PUT",
        programme_managers(200, anonymous=API_ANONYMOUS),
        A,
        data=lambda w: {**api_activity(w), "title": "Replaced session"},
    ),
    api_row("activity.detail", "DELETE", programme_managers(204, anonymous=API_ANONYMOUS), A),
    api_row("activity.slots", "GET", programme_readers(200, anonymous=API_ANONYMOUS), A),
    api_row("venue.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row(
        "venue.list",
        "POST",
        agency_only(201, anonymous=API_ANONYMOUS),
        data=lambda w: {"name": "MyDome Osaka", "city": "Osaka"},
    ),
]

TABLE = (
    HTML_ROWS
    + API_ROWS
    + companies_rows.HTML_ROWS
    + companies_rows.API_ROWS
    + mine_rows.HTML_ROWS
    + matching_rows.HTML_ROWS
    + matching_rows.API_ROWS
    + scheduling_rows.HTML_ROWS
    + scheduling_rows.API_ROWS
    + tenant_rows.HTML_ROWS
    + tenant_rows.API_ROWS
    + programmes_rows.HTML_ROWS
    + notify_rows.HTML_ROWS
    + results_rows.HTML_ROWS
    + monitoring_rows.HTML_ROWS
    + monitoring_rows.API_ROWS
    + follow_up_rows.HTML_ROWS
    + follow_up_rows.API_ROWS
    + report_rows.HTML_ROWS
    + report_rows.API_ROWS
    + dashboard_rows.HTML_ROWS
    + dashboard_rows.API_ROWS
    + core_rows.HTML_ROWS
    + core_rows.API_ROWS
)


# --- the world every row is requested against -----------------------------------------------


@pytest.fixture
def world(role_users, programme):
    activity = factories.ActivityFactory(programme=programme)
    factories.TableFactory(activity=activity, number=1)
    job = factories.JobFactory(created_by=role_users["counterpart"])
    job.result_file.save("ceo-network.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=True)
    counterpart_org = role_users["counterpart"].organisation
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    applicant = factories.CompanyFactory(legal_name="Hanoi Mechanical JSC", country="VN")
    application = factories.ApplicationFactory(
        programme=programme, company=applicant, counterpart=counterpart_org
    )
    own_company = factories.CompanyFactory(
        legal_name="Company Role Co., Ltd.", organisation=role_users["company"].organisation
    )
    batch = factories.ImportBatchFactory(
        programme=programme, organisation=counterpart_org, uploaded_by=role_users["counterpart"]
    )
    factories.ImportRowFactory(batch=batch, number=2, action=ImportRow.Action.NEW)
    batch.file.save("applicants.csv", ContentFile(b"legal_name,country\n"), save=True)
    own_company_obj = own_company
    organisation_link = ProgrammeOrganisation.objects.get(
        programme=programme, organisation=counterpart_org
    )
    person_grant = ProgrammeRole.objects.get(
        programme=programme, role="adviser", user=role_users["adviser"]
    )
    return SimpleNamespace(
        **_removed_participants_world(programme, role_users),
        **_other_counterpart_world(role_users),
        **_other_company_world(programme, role_users),
        **matching_rows.world(programme, role_users, counterpart_org, own_company_obj),
        **scheduling_rows.world(programme, role_users, activity, applicant, own_company),
        **monitoring_rows.world(programme, role_users),
        **follow_up_rows.world(programme, role_users),
        **report_rows.world(programme, role_users),
        **core_rows.world(role_users),
        form=form,
        question=factories.QuestionFactory(form=form),
        application=application,
        own_application=factories.ApplicationFactory(programme=programme, company=own_company),
        applicant=applicant,
        duplicate=factories.CompanyFactory(legal_name="Hanoi Mechanical J.S.C.", country="VN"),
        batch=batch,
        rule_set=factories.RuleSetFactory(name="programme-rule"),
        rate=factories.ExchangeRateFactory(),
        users=role_users,
        programme=programme,
        activity=activity,
        job=job,
        empty_job=factories.JobFactory(created_by=role_users["counterpart"]),
        organisation=role_users["counterpart"].organisation,
        organisation_link=organisation_link,
        person_grant=person_grant,
        newcomer=factories.UserFactory(username="newcomer"),
    )


def _removed_participants_world(programme, users) -> dict:
    """A counterpart that put an applicant forward and uploaded a list, and an adviser assigned
    a review with a conflict on record, both then removed from the programme. Adds their users
    to `users`."""
    staff = users["staff"]
    removed_org = factories.OrganisationFactory(name="Removed Counterpart", country="VN")
    users["removed_counterpart"] = factories.UserFactory(
        username="removed", organisation=removed_org
    )
    users["removed_adviser"] = factories.UserFactory(username="removed-adviser")
    link = factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=removed_org, role="counterpart"
    )
    grant = factories.ProgrammeRoleFactory(
        programme=programme, user=users["removed_adviser"], role="adviser"
    )
    application = factories.ApplicationFactory(
        programme=programme,
        company=factories.CompanyFactory(legal_name="Saigon Plastics JSC", country="VN"),
        counterpart=removed_org,
        status="eligible",
        eligible=True,
    )
    batch = factories.ImportBatchFactory(
        programme=programme, organisation=removed_org, uploaded_by=users["removed_counterpart"]
    )
    assignment = factories.AssignmentFactory(
        application=application, adviser=users["removed_adviser"]
    )
    conflict = factories.ConflictFactory(
        programme=programme,
        adviser=users["removed_adviser"],
        company=factories.CompanyFactory(legal_name="Hue Textiles JSC", country="VN"),
        declared_by=users["removed_adviser"],
    )
    programme_uninvite(link, by=staff)
    programme_uninvite(grant, by=staff)
    return {
        "removed_application": application,
        "removed_batch": batch,
        "removed_assignment": assignment,
        "removed_conflict": conflict,
    }


def _other_counterpart_world(users) -> dict:
    """The uninvited counterpart's own data, in its own programme: an applicant, an upload and
    a job. Its 404s on world.programme are then a counterpart's with data of its own."""
    other = users["other_counterpart"]
    link = factories.ProgrammeOrganisationFactory(
        programme=factories.ProgrammeFactory(slug="ceo-network-thailand", title="CEO Network TH"),
        organisation=other.organisation,
        role="counterpart",
    )
    application = factories.ApplicationFactory(
        programme=link.programme,
        company=factories.CompanyFactory(legal_name="Siam Gears Co., Ltd.", country="TH"),
        counterpart=other.organisation,
    )
    batch = factories.ImportBatchFactory(
        programme=link.programme, organisation=other.organisation, uploaded_by=other
    )
    job = factories.JobFactory(created_by=other)
    job.result_file.save("ceo-network-th.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=True)
    return {
        "other_programme": link.programme,
        "other_application": application,
        "other_batch": batch,
        "other_job": job,
    }


def _sign_in(client, user) -> None:
    """What Client.force_login leaves behind, a session of `user` in the client's cookie,
    without the user_logged_in signal (last_login, the audit log, django-axes' bookkeeping),
    which took a fifth of the table's time and has nothing to do with who may open what."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def _other_company_world(programme, users) -> dict:
    """A second company and a second adviser, each of an organisation of its own, invited as
    role_users invites "company" and "adviser" (added to `users`; built here rather than in
    role_users, whose other users' tests count the programme's participants). The other
    company's own company and application in world.programme: what it reaches there is its
    own, never the company role's (world.own_application). The unassigned adviser has no
    assignment and no conflict."""
    for role, base, kind in (
        ("other_company", Role.COMPANY, Organisation.Kind.COMPANY),
        ("unassigned_adviser", Role.ADVISER, Organisation.Kind.ADVISERS),
    ):
        org = factories.OrganisationFactory(name=f"{role} org", kind=kind, country="JP")
        users[role] = factories.UserFactory(username=role.replace("_", "-"), organisation=org)
        factories.ProgrammeRoleFactory(programme=programme, user=users[role], role=base)
    company = factories.CompanyFactory(
        legal_name="Other Company K.K.",
        country="JP",
        organisation=users["other_company"].organisation,
    )
    application = factories.ApplicationFactory(programme=programme, company=company)
    return {"other_company": company, "other_company_application": application}


def _request(client, table_row: Row, role: str, world):
    path = table_row.path(world)
    data = table_row.data(world) if table_row.data else None
    headers = {}
    if role != "anonymous":
        user = world.users[role]
        if table_row.api:
            _token, key = api_token_create(user, name="permission table", by=user)
            headers["HTTP_AUTHORIZATION"] = f"Token {key}"
        else:
            _sign_in(client, user)
    method = table_row.method.lower()
    if table_row.api:
        body = json.dumps(data) if data is not None else ""
        return client.generic(
            table_row.method, path, body, content_type="application/json", **headers
        )
    if method == "get":
        return client.get(path, data, **headers)
    return getattr(client, method)(path, data or {}, **headers)


@pytest.mark.parametrize("table_row", TABLE, ids=[table_row.id for table_row in TABLE])
def test_each_url_answers_each_role_as_the_table_says(world, table_row):
    """The world is built once for the row; every role is tried against it in a savepoint
    that is rolled back, so what one role changes (a POST, a token, a sign-in failure) is gone
    before the next. Every role that gets something else than the table says is listed."""
    mismatches = []
    for role in ROLES:
        mismatch = _mismatch(table_row, role, world)
        if mismatch:
            mismatches.append(f"{role}: {mismatch}")

    assert mismatches == [], "\n".join(mismatches)


def _mismatch(table_row: Row, role: str, world) -> str:
    """What `role` gets from `table_row` when the table says otherwise ("" when it agrees).
    Nothing of the request is left behind: its writes are rolled back, the caches (rate
    limits) emptied, the time zone and language it activated reset, and each role has a
    client of its own."""
    expected = table_row.expect[role]
    for cache in caches.all():
        cache.clear()
    try:
        with transaction.atomic():
            response = _request(Client(), table_row, role, world)
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - reported with the role, like any mismatch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return f"expected {expected}, raised {exc!r} ({where.filename}:{where.lineno})"
    finally:
        timezone.deactivate()
        translation.deactivate()
    return _compare(table_row, role, expected, response)


def _compare(table_row: Row, role: str, expected, response) -> str:
    status = response.status_code
    location = response.get("Location", "")
    got = f"{status} → {location}" if location else str(status)
    body = _summary(response)
    login_bounce = f"{reverse('login')}?next="
    if expected == LOGIN:
        agrees = status == 302 and location.startswith(login_bounce)
    elif expected == ADMIN_LOGIN:
        agrees = status == 302 and location.startswith("/admin/login/")
    else:
        agrees = status == expected
    if not agrees:
        return f"expected {expected}, got {got} ({body})"
    if expected == 302 and role != "anonymous" and location.startswith(login_bounce):
        return f"expected 302 elsewhere than the sign-in page, got {got}"
    if table_row.api and status in API_ERROR_CODES:
        try:
            error = response.json()
        except ValueError:
            return f"expected a JSON error body, got {body}"
        if set(error) != {"detail", "code", "errors"} or error["code"] != API_ERROR_CODES[status]:
            return f"expected the error shape with code {API_ERROR_CODES[status]!r}, got {error}"
    return ""


def _summary(response) -> str:
    """A page's title, or the start of any other body: enough to tell which answer came."""
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the database
        # connection (a close() of our own would, on PostgreSQL, inside the savepoint).
        response.getvalue()
        return response.get("Content-Type", "")
    text = response.content[:2000].decode(errors="replace")
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    return f"page “{title[1].strip()}”" if title else text[:300]


API_ERROR_CODES = {401: "not_authenticated", 403: "permission_denied", 404: "not_found"}


# --- what the look-alike roles find on the pages they may open --------------------------------
# The table proves who may open what; a list answers 200 to the company and the other company
# alike, and to both advisers. These prove each gets its own rows only.


def _read(world, role: str, name: str, *args, api: bool = False):
    """`role`'s GET of `name` (in the "api" namespace when `api`): the page's text, or the
    ids of the API list's results."""
    path = url(f"api:{name}" if api else name, *args)
    response = _request(Client(), Row(name, "GET", path, {}, api=api), role, world)
    assert response.status_code == 200, (role, name, response.status_code)
    if api:
        return {item["id"] for item in response.json()["results"]}
    return response.content.decode()


def test_the_other_company_finds_its_own_applications_never_the_company_s(world):
    own, others = world.other_company_application, world.own_application

    mine = _read(world, "other_company", "companies:application.mine")
    applications = _read(world, "other_company", "application.list", api=True)
    companies = _read(world, "other_company", "company.list", api=True)

    assert (own.company.legal_name in mine, others.company.legal_name in mine) == (True, False)
    assert applications == {own.pk}
    assert companies == {own.company_id}


def test_the_company_finds_none_of_the_other_company_s_applications(world):
    mine = _read(world, "company", "companies:application.mine")
    applications = _read(world, "company", "application.list", api=True)

    assert "Other Company K.K." not in mine
    assert world.own_application.company.legal_name in mine
    assert applications == {world.own_application.pk, world.own_selected.pk}


def _declared(conflicts_page: str) -> str:
    """The conflicts page down to the form to declare one (whose choices are every company
    of the round): the declared conflicts."""
    return conflicts_page.split("conflict-form")[0]


def test_the_unassigned_adviser_finds_none_of_the_assigned_adviser_s_reviews_or_conflicts(world):
    candidate, conflicted = world.candidate.company.legal_name, world.conflicted.legal_name

    pages = {
        role: (
            _read(world, role, "matching:review.list", "programme.slug"),
            _read(world, role, "review.list", api=True),
            _declared(_read(world, role, "matching:conflict.list", "programme.slug")),
            _read(world, role, "conflict.list", "programme.slug", api=True),
        )
        for role in ("adviser", "unassigned_adviser")
    }

    reviews, api_reviews, conflicts, api_conflicts = pages["unassigned_adviser"]
    assert (candidate in reviews, api_reviews) == (False, set())
    assert (conflicted in conflicts, api_conflicts) == (False, set())
    reviews, api_reviews, conflicts, api_conflicts = pages["adviser"]
    assert (candidate in reviews, api_reviews) == (True, {world.assignment.pk})
    assert (conflicted in conflicts, api_conflicts) == (True, {world.conflict.pk})


def test_the_table_has_an_expectation_for_every_role():
    for table_row in TABLE:
        assert set(table_row.expect) == set(ROLES), table_row.id


def test_the_table_has_no_duplicate_rows():
    ids = [table_row.id for table_row in TABLE]
    assert len(ids) == len(set(ids))


# --- the table covers every route -----------------------------------------------------------


def _routes(patterns, namespace: str = ""):
    """(namespace, name or None, pattern) for every view under `patterns`; names carry their
    namespaces ("programmes:programme.detail")."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield namespace, name, pattern


def _is_left_out(namespace: str, name: str | None, pattern: URLPattern) -> bool:
    """Admin internals beyond admin:index, and static/media files (served, or redirected to)."""
    if namespace.startswith("admin:"):
        return name != "admin:index"
    callback = pattern.callback
    if f"{callback.__module__}.{callback.__name__}" == "django.views.static.serve":
        return True
    view_class = getattr(callback, "view_class", None)
    target = getattr(callback, "view_initkwargs", {}).get("url") or ""
    return view_class is RedirectView and target.startswith(f"/{settings.STATIC_URL.strip('/')}/")


def _routes_to_cover():
    return [
        (name, pattern)
        for namespace, name, pattern in _routes(get_resolver("config.urls").url_patterns)
        if not _is_left_out(namespace, name, pattern)
    ]


def test_every_route_has_a_name():
    unnamed = [str(pattern.pattern) for name, pattern in _routes_to_cover() if name is None]

    assert unnamed == []


def test_every_named_route_has_a_row(world):
    covered = {resolve(table_row.path(world).split("?")[0]).view_name for table_row in TABLE}
    routes = {name for name, _pattern in _routes_to_cover() if name}

    assert sorted(routes - covered) == []


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def test_every_method_a_route_answers_has_a_row(client, world):
    """A route is covered method by method: every method without a row must be refused (405)
    even to staff, so a view that quietly accepts PUT or DELETE cannot go untested."""
    rows_by_route: dict[str, dict[str, Row]] = {}
    for table_row in TABLE:
        view_name = resolve(table_row.path(world).split("?")[0]).view_name
        rows_by_route.setdefault(view_name, {}).setdefault(table_row.method, table_row)
    client.force_login(world.users["staff"])
    _token, key = api_token_create(world.users["staff"], name="methods", by=world.users["staff"])
    answered = []
    for view_name, rows in sorted(rows_by_route.items()):
        example = next(iter(rows.values()))
        path = example.path(world).split("?")[0]
        for method in METHODS:
            if method in rows:
                continue
            headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if example.api else {}
            response = client.generic(method, path, "", content_type="application/json", **headers)
            if response.status_code != 405:
                answered.append(f"{method} {view_name} → {response.status_code}")

    assert answered == [], "\n".join(answered)


def test_admin_index_opens_for_django_staff(client, db):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:index")).status_code == 200
