"""The audit log (core/audit.py): every recorded action leaves exactly one event with who,
what, which object, which programme and from where; nothing secret is written; the log is
append-only for everyone in the application (and, on PostgreSQL, in the database); agency
staff filter and export it."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from companies.exceptions import UploadError
from companies.models import Company, ImportBatch
from companies.services import imports
from core.audit import audit_record
from core.models import AuditEvent, AuditLogAppendOnly
from core.services import api_token_create
from matching.models import Decision
from matching.services.decisions.record import decision_record
from matching.services.reviews import review_save
from monitoring.models import Report
from programmes.models import Role
from scheduling.models import Schedule
from scheduling.services import meetings as edits
from scheduling.services.publishing import schedule_publish
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.scheduling.conftest import make_scenario

pytestmark = pytest.mark.django_db

A = AuditEvent.Action
PASSWORD = "secret-pass-123"
ADDRESS = "203.0.113.7"
BROWSER = "Mozilla/5.0 (audit test)"


def events(action=None):
    found = AuditEvent.objects.order_by("id")
    return list(found.filter(action=action) if action else found)


def only(action) -> AuditEvent:
    found = events(action)
    assert len(found) == 1, [(e.action, e.username, e.detail) for e in found]
    return found[0]


def everything_written() -> str:
    """Every value of every event, as one text: to look for what must never be there."""
    return json.dumps(list(AuditEvent.objects.values()), default=str)


def same_object(event: AuditEvent, obj) -> bool:
    return (event.content_type, event.object_id) == (
        ContentType.objects.get_for_model(obj),
        str(obj.pk),
    )


@pytest.fixture
def counterpart(programme):
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="vcci", organisation=org)


# --- signing in and out ---------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_the_users_address_and_browser(client, staff):
    response = client.post(
        reverse("login"),
        {"username": "staff", "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )

    assert response.status_code == 302
    event = only(A.LOGIN)
    assert (event.actor, event.username, event.ip_address, event.user_agent) == (
        staff,
        "staff",
        ADDRESS,
        BROWSER,
    )
    assert (event.method, event.path) == ("POST", reverse("login"))
    assert [e.action for e in events()] == [A.LOGIN]


def test_a_failed_sign_in_keeps_the_name_typed_and_never_the_password(client, staff):
    typed = "Wr0ng-and-very-secret-password"
    client.post(reverse("login"), {"username": "staff", "password": typed}, REMOTE_ADDR=ADDRESS)

    event = only(A.LOGIN_FAILED)
    assert (event.actor, event.username, event.ip_address) == (None, "staff", ADDRESS)
    assert event.detail == {}
    written = everything_written()
    assert typed not in written and PASSWORD not in written
    assert "*****" not in written  # not even Django's masked copy of the credentials


def test_signing_out_is_recorded(client, staff):
    client.force_login(staff)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)

    event = only(A.LOGOUT)
    assert (event.actor, event.ip_address) == (staff, ADDRESS)


def test_the_api_token_exchange_is_a_sign_in_and_records_no_token(staff):
    api = APIClient()
    answer = api.post(
        "/api/v1/auth/token/",
        {"username": "staff", "password": PASSWORD, "name": "Sync script"},
        format="json",
        REMOTE_ADDR=ADDRESS,
    )
    assert answer.status_code == 201
    token = answer.json()["token"]

    login, created = only(A.LOGIN), only(A.TOKEN_CREATED)
    assert (login.actor, login.ip_address, login.detail) == (staff, ADDRESS, {"via": "api"})
    assert (created.actor, created.object_repr, created.ip_address) == (
        staff,
        "Sync script",
        ADDRESS,
    )
    written = everything_written()
    assert token not in written and token[:10] not in written and PASSWORD not in written

    api.post(
        "/api/v1/auth/token/", {"username": "staff", "password": "not-it-at-all"}, format="json"
    )
    failed = only(A.LOGIN_FAILED)
    assert (failed.actor, failed.username, failed.path) == (None, "staff", "/api/v1/auth/token/")
    assert "not-it-at-all" not in everything_written()


def test_creating_and_revoking_a_token_on_the_page_is_recorded_without_its_secret(client, staff):
    client.force_login(staff)
    page = client.post(reverse("core:token.list"), {"name": "Reporting"}, REMOTE_ADDR=ADDRESS)
    secret = page.context["created"]["secret"]
    token = page.context["created"]["token"]

    created = only(A.TOKEN_CREATED)
    assert same_object(created, token)
    assert (created.actor, created.object_repr, created.ip_address) == (staff, "Reporting", ADDRESS)
    assert secret not in everything_written() and secret[:10] not in everything_written()

    client.post(reverse("core:token.revoke", args=[token.pk]))
    client.post(reverse("core:token.revoke", args=[token.pk]))  # revoking again changes nothing
    revoked = only(A.TOKEN_REVOKED)
    assert same_object(revoked, token) and revoked.actor == staff


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_forwarded_address_is_recorded(client, staff):
    client.post(
        reverse("login"),
        {"username": "staff", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.5",
    )
    assert only(A.LOGIN).ip_address == "203.0.113.5"


# --- refused accesses -----------------------------------------------------------------------


def test_a_page_refused_to_a_signed_in_user_is_recorded_but_not_a_404(client, counterpart):
    client.force_login(counterpart)
    assert client.get(reverse("core:audit.list"), REMOTE_ADDR=ADDRESS).status_code == 403
    assert client.get("/no-such-page/").status_code == 404

    event = only(A.ACCESS_REFUSED)
    assert (event.actor, event.ip_address, event.method, event.path, event.detail) == (
        counterpart,
        ADDRESS,
        "GET",
        reverse("core:audit.list"),
        {"status": 403},
    )


def test_an_anonymous_visitor_sent_to_sign_in_is_not_a_refusal(client):
    assert client.get(reverse("core:audit.list")).status_code == 302
    assert events(A.ACCESS_REFUSED) == []


def test_api_refusals_401_and_403_are_recorded(counterpart):
    api = APIClient()
    assert api.get("/api/v1/me/", REMOTE_ADDR=ADDRESS).status_code == 401
    anonymous = only(A.ACCESS_REFUSED)
    assert (anonymous.actor, anonymous.ip_address, anonymous.detail) == (
        None,
        ADDRESS,
        {"status": 401},
    )

    _token, secret = api_token_create(counterpart, name="script", by=counterpart)
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    answer = api.post("/api/v1/organisations/", {"name": "X"}, format="json")
    assert answer.status_code == 403
    refused = events(A.ACCESS_REFUSED)[-1]
    assert (refused.actor, refused.path, refused.detail) == (
        counterpart,
        "/api/v1/organisations/",
        {"status": 403},
    )
    assert secret not in everything_written()


# --- imports --------------------------------------------------------------------------------


def _upload(programme, user, rows=2):
    return imports.import_upload(
        programme,
        organisation=user.organisation,
        by=user,
        filename="applicants.csv",
        data=csv_bytes([vn_row(n) for n in range(1, rows + 1)]),
    )


def test_a_confirmed_import_is_recorded_once_with_its_programme_and_address(
    client, programme, counterpart
):
    batch = _upload(programme, counterpart)
    client.force_login(counterpart)

    client.post(
        reverse("companies:upload.confirm", args=[programme.slug, batch.pk]), REMOTE_ADDR=ADDRESS
    )

    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED
    event = only(A.IMPORT)
    assert same_object(event, batch)
    assert (event.actor, event.programme, event.ip_address, event.method) == (
        counterpart,
        programme.slug,
        ADDRESS,
        "POST",
    )
    assert event.detail == {
        "file": "applicants.csv",
        "rows": 2,
        "new": 2,
        "organisation": counterpart.organisation.slug,
    }


def test_an_import_that_rolls_back_leaves_no_import_event(programme, counterpart):
    batch = _upload(programme, counterpart)
    # Inside a caller's transaction that fails afterwards: the import and its event go together.
    with pytest.raises(RuntimeError), transaction.atomic():
        imports.import_confirm(batch, by=counterpart)
        assert only(A.IMPORT)  # written in the import's transaction...
        raise RuntimeError("the caller fails after the import")
    assert events(A.IMPORT) == []  # ...and gone with it
    assert Company.objects.count() == 0

    # An import refused half-way (the database refuses a row) leaves none either.
    last = batch.rows.get(number=3)
    type(last).objects.filter(pk=last.pk).update(data={**last.data, "employees": -5})
    with pytest.raises(UploadError):
        imports.import_confirm(batch, by=counterpart)
    assert events(A.IMPORT) == []


# --- scores and decisions -------------------------------------------------------------------


@pytest.fixture
def adviser(programme):
    return factories.ProgrammeRoleFactory(programme=programme, role=Role.ADVISER).user


def test_saving_an_advisers_scores_is_recorded(programme, adviser):
    assignment = factories.AssignmentFactory(application__programme=programme, adviser=adviser)
    quality = factories.CriterionFactory(programme=programme, name="Quality", scale_max=5)

    review_save(assignment, by=adviser, scores={quality.pk: "4.5"}, recommendation="maybe")

    event = only(A.SCORE_CHANGE)
    assert same_object(event, assignment)
    assert (event.actor, event.programme) == (adviser, programme.slug)
    assert event.detail == {"scores": {str(quality.pk): "4.5"}, "recommendation": "maybe"}


def test_a_refused_score_leaves_no_event(programme, adviser):
    assignment = factories.AssignmentFactory(application__programme=programme, adviser=adviser)
    quality = factories.CriterionFactory(programme=programme, name="Quality", scale_max=5)
    with pytest.raises(Exception, match="not valid"):
        review_save(assignment, by=adviser, scores={quality.pk: "9"})
    assert events(A.SCORE_CHANGE) == []


def test_each_decision_is_recorded_once_per_applicant(programme, staff):
    factories.AssessmentFactory(
        programme=programme, reviews_per_application=1, target_min=1, target_max=5
    )
    applications = [
        factories.ApplicationFactory(programme=programme, status="eligible", eligible=True)
        for _ in range(2)
    ]

    decision_record(
        programme,
        applications=applications,
        outcome="waitlist",
        reason="Good, not yet",
        by=staff,
        override_reason="The fair is next week",
    )

    recorded = events(A.DECISION)
    decisions = Decision.objects.filter(application__in=applications).order_by("application")
    assert len(recorded) == 2
    for event, decision in zip(recorded, decisions, strict=True):
        assert same_object(event, decision)
        assert (event.actor, event.programme, event.object_repr) == (
            staff,
            programme.slug,
            str(decision.application.company),
        )
        assert event.detail == {
            "outcome": "waitlist",
            "application": decision.application_id,
            "reviews_missing": True,
        }


# --- schedules ------------------------------------------------------------------------------


def test_schedule_edits_and_publication_are_recorded_once_each(client, programme, staff):
    scenario = make_scenario(programme)
    schedule = factories.ScheduleFactory(programme=programme)
    o, d = scenario.overseas, scenario.domestic
    first = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    assert only(A.SCHEDULE_EDIT).detail == {"edit": "add", "meetings": [first.pk], "slot": 0}

    client.force_login(staff)
    move = reverse("scheduling:meeting.move", args=[programme.slug, schedule.pk, first.pk])
    client.post(move, {"slot": "2", "day": "0"}, REMOTE_ADDR=ADDRESS)
    moved = events(A.SCHEDULE_EDIT)[-1]
    assert moved.detail["edit"] == "move" and moved.detail["slot"] == 2
    assert (moved.actor, moved.ip_address, moved.programme) == (staff, ADDRESS, programme.slug)
    assert same_object(moved, schedule)

    edits.meeting_cancel(first, by=staff)
    edits.meeting_cancel(first, by=staff)  # already cancelled: nothing changes, nothing recorded
    assert [e.detail["edit"] for e in events(A.SCHEDULE_EDIT)] == ["add", "move", "mark"]
    assert events(A.SCHEDULE_EDIT)[-1].detail["status"] == "cancelled"

    schedule_publish(schedule, by=staff)
    published = only(A.SCHEDULE_PUBLISH)
    assert same_object(published, schedule)
    assert (published.actor, published.programme) == (staff, programme.slug)


# --- exports and downloads ------------------------------------------------------------------


def test_an_application_export_is_recorded_with_its_format_and_row_count(client, programme, staff):
    factories.ApplicationFactory(programme=programme)
    client.force_login(staff)

    response = client.get(
        reverse("companies:application.export", args=[programme.slug]),
        {"format": "csv"},
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == 200
    event = only(A.EXPORT)
    assert (event.actor, event.programme, event.ip_address) == (staff, programme.slug, ADDRESS)
    assert event.detail["format"] == "csv" and event.detail["rows"] == 1
    assert event.detail["file"].startswith(f"{programme.slug}-applications-")


def test_an_agenda_download_is_recorded(client, programme, staff):
    scenario = make_scenario(programme)
    schedule = factories.ScheduleFactory(programme=programme)
    company = scenario.overseas[0]
    edits.meeting_add(schedule, overseas=company, domestic=scenario.domestic[0], slot=0, by=staff)
    schedule_publish(schedule, by=staff)
    client.force_login(staff)

    response = client.get(
        reverse("scheduling:agenda.company.ics", args=[programme.slug, company.pk]),
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == 200
    event = only(A.EXPORT)
    assert same_object(event, Schedule.objects.get(pk=schedule.pk))
    assert (event.actor, event.programme, event.ip_address) == (staff, programme.slug, ADDRESS)
    assert event.detail["agenda"] == "company" and event.detail["subject"] == company.pk
    assert event.detail["file"].endswith(".ics")


def _ready_report(programme, staff) -> Report:
    report = Report(scope=Report.Scope.PROGRAMME, programme=programme, filename="report.pdf")
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 audit"), save=False)
    report.status = Report.Status.READY
    report.created_by = staff
    report.save()
    report.programmes.add(programme)
    return report


def test_a_report_download_is_recorded_on_the_page_and_the_api(client, programme, staff):
    report = _ready_report(programme, staff)
    client.force_login(staff)

    page = client.get(reverse("monitoring:report.download", args=[report.pk]), REMOTE_ADDR=ADDRESS)
    assert page.status_code == 200
    event = only(A.REPORT_DOWNLOAD)
    assert same_object(event, report)
    assert (event.actor, event.programme, event.ip_address, event.detail) == (
        staff,
        programme.slug,
        ADDRESS,
        {"file": "report.pdf"},
    )

    api = APIClient()
    api.force_authenticate(staff)
    assert api.get(f"/api/v1/reports/{report.pk}/download/").status_code == 200
    assert len(events(A.REPORT_DOWNLOAD)) == 2
    assert events(A.REPORT_DOWNLOAD)[-1].path == f"/api/v1/reports/{report.pk}/download/"


# --- what is written ------------------------------------------------------------------------


def test_secret_keys_of_the_detail_are_never_written(staff):
    event = audit_record(
        A.EXPORT,
        actor=staff,
        detail={
            "file": "x.csv",
            "password": "hunter2-hunter2",
            "api_token": "abc",
            "nested": {"session_key": "s", "kept": 1},
        },
    )
    event.refresh_from_db()
    assert event.detail == {"file": "x.csv", "nested": {"kept": 1}}
    assert "hunter2" not in everything_written()


def test_an_unknown_action_is_refused(staff):
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record("coffee", actor=staff)


# --- append-only ----------------------------------------------------------------------------


@pytest.fixture
def event(staff):
    return audit_record(A.EXPORT, actor=staff, detail={"file": "x.csv"})


def test_an_event_cannot_be_saved_again(event):
    event.username = "someone-else"
    with pytest.raises(AuditLogAppendOnly):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).username == "staff"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AuditLogAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_updated_or_deleted_in_bulk(event):
    with pytest.raises(AuditLogAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AuditLogAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogAppendOnly):
        AuditEvent.objects.bulk_update([event], ["username"])
    with pytest.raises(AuditLogAppendOnly):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"username": "x"})
    assert AuditEvent.objects.get(pk=event.pk).username == "staff"


def test_deleting_the_user_keeps_their_events_and_name(event, staff):
    staff.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor, kept.username) == (None, "staff")


def test_the_admin_shows_events_read_only(client, event):
    superuser = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    base = "admin:core_auditevent"
    assert client.get(reverse(f"{base}_changelist")).status_code == 200
    assert client.get(reverse(f"{base}_add")).status_code == 403
    change = client.get(reverse(f"{base}_change", args=[event.pk]))
    assert change.status_code == 200 and 'name="username"' not in change.content.decode()
    assert client.post(reverse(f"{base}_change", args=[event.pk]), {}).status_code == 403
    assert client.post(reverse(f"{base}_delete", args=[event.pk]), {"post": "yes"}).status_code == (
        403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_on_postgresql_the_database_refuses_to_change_or_delete_an_event(event, staff):
    for sql in (
        "UPDATE core_auditevent SET username = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    # The one change let through: the actor set to nothing when the user is deleted.
    staff.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor_id, kept.username, kept.detail) == (None, "staff", {"file": "x.csv"})


# --- the staff page -------------------------------------------------------------------------


def _event(at, **fields) -> AuditEvent:
    fields.setdefault("action", A.EXPORT)
    return AuditEvent.objects.create(at=dt.datetime.fromisoformat(at), **fields)


@pytest.fixture
def logged(db):
    return {
        "old": _event("2026-03-01T10:00:00+00:00", username="akiko", programme="osaka-2026"),
        "login": _event(
            "2026-03-05T23:59:00+00:00", action=A.LOGIN, username="boris", ip_address=ADDRESS
        ),
        "new": _event(
            "2026-03-09T08:00:00+00:00",
            username="akiko.tanaka",
            programme="hanoi-2026",
            object_repr='=HYPERLINK("http://evil.example","click")',
            detail={"note": "@SUM(A1)"},
        ),
    }


def _listed(client, **params) -> list[int]:
    response = client.get(reverse("core:audit.list"), params)
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].object_list]


def test_the_audit_page_lists_newest_first_and_filters(client, staff, logged):
    client.force_login(staff)  # a sign-in too, the newest event
    signed_in = events(A.LOGIN)[-1].pk
    old, login, new = logged["old"].pk, logged["login"].pk, logged["new"].pk
    assert _listed(client) == [signed_in, new, login, old]
    assert _listed(client, action="login", user="boris") == [login]
    assert _listed(client, user="AKIKO") == [new, old]
    assert _listed(client, programme="hanoi") == [new]
    assert _listed(client, date_from="2026-03-02", date_to="2026-03-05") == [login]
    assert _listed(client, date_to="2026-03-01") == [old]
    assert _listed(client, ip=ADDRESS) == [login]
    page = client.get(reverse("core:audit.list"), {"user": "boris"}).content.decode()
    assert "boris" in page and ADDRESS in page and "akiko" not in page


def test_a_bad_filter_is_shown_and_left_out(client, staff, logged):
    client.force_login(staff)
    response = client.get(reverse("core:audit.list"), {"ip": "not-an-address", "user": "boris"})
    assert response.context["form"].errors["ip"] == ["Enter a valid IPv4 or IPv6 address."]
    assert [e.pk for e in response.context["page"].object_list] == [logged["login"].pk]


def test_the_csv_export_has_the_filtered_rows_with_formulas_escaped(client, staff, logged):
    client.force_login(staff)
    response = client.get(
        reverse("core:audit.export"), {"format": "csv", "user": "akiko"}, REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["When (UTC)", "User", "Action"]
    assert [row[1] for row in rows[1:]] == ["akiko.tanaka", "akiko"]
    newest = rows[1]
    assert newest[0] == "2026-03-09 08:00:00"
    assert newest[5] == '\'=HYPERLINK("http://evil.example","click")'
    assert newest[6] == "hanoi-2026"
    assert newest[11] == '{"note": "@SUM(A1)"}'
    # The export is itself recorded, with its filters.
    export = events(A.EXPORT)[-1]
    assert (export.actor, export.ip_address, export.path) == (
        staff,
        ADDRESS,
        reverse("core:audit.export"),
    )
    assert export.detail["rows"] == 2 and export.detail["filters"] == {"user": "akiko"}


def test_a_detail_starting_like_a_formula_is_escaped_too(client, staff):
    _event("2026-03-09T08:00:00+00:00", username="=cmd", detail={})
    client.force_login(staff)
    body = client.get(reverse("core:audit.export"), {"user": "=cmd"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1][1] == "'=cmd"


def test_the_xlsx_export_opens_with_the_same_rows(client, staff, logged):
    client.force_login(staff)
    response = client.get(reverse("core:audit.export"), {"format": "xlsx", "programme": "2026"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "User"
    assert [row[1] for row in values[1:]] == ["akiko.tanaka", "akiko"]
    assert values[1][5].startswith("'=HYPERLINK")


def test_an_unknown_export_format_is_refused(client, staff):
    client.force_login(staff)
    assert client.get(reverse("core:audit.export"), {"format": "pdf"}).status_code == 400


def test_the_audit_page_is_linked_for_staff_only(client, staff, counterpart):
    client.force_login(staff)
    assert reverse("core:audit.list") in client.get(reverse("core:job.list")).content.decode()
    client.force_login(counterpart)
    assert reverse("core:audit.list") not in client.get(reverse("core:job.list")).content.decode()


def test_the_audit_page_takes_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    kinds = [ContentType.objects.get_for_model(m) for m in (Report, Schedule, ImportBatch)]
    for n in range(60):
        _event(
            f"2026-03-01T10:{n:02d}:00+00:00",
            username=f"user{n}",
            content_type=kinds[n % 3],
            object_id=str(n),
            object_repr=f"thing {n}",
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("core:audit.list"))
    assert len(response.context["page"].object_list) == 50


def test_the_api_lists_the_audit_log_for_staff_with_the_same_filters(staff, logged):
    api = APIClient()
    api.force_authenticate(staff)

    answer = api.get("/api/v1/audit/", {"user": "akiko"})

    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [e["username"] for e in results] == ["akiko.tanaka", "akiko"]
    assert results[0]["programme"] == "hanoi-2026" and results[0]["action"] == "export"
    assert api.get("/api/v1/audit/", {"ip": "nope"}).json()["errors"] == {
        "ip": ["Enter a valid IPv4 or IPv6 address."]
    }


def test_the_api_audit_log_is_refused_to_others_and_the_refusal_recorded(counterpart):
    api = APIClient()
    api.force_authenticate(counterpart)
    assert api.get("/api/v1/audit/").status_code == 403
    assert only(A.ACCESS_REFUSED).path == "/api/v1/audit/"


@pytest.mark.parametrize(
    "name, params, with_programme",
    [
        ("matching:ranking.export", {"format": "xlsx"}, True),
        ("monitoring:dashboard.programme", {"export": "countries", "format": "csv"}, True),
        ("monitoring:dashboard.portfolio", {"export": "programmes", "format": "csv"}, False),
    ],
)
def test_ranking_and_dashboard_exports_are_recorded(
    client, programme, staff, name, params, with_programme
):
    factories.AssessmentFactory(programme=programme)
    client.force_login(staff)
    args = [programme.slug] if with_programme else []

    response = client.get(reverse(name, args=args), params, REMOTE_ADDR=ADDRESS)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    event = only(A.EXPORT)
    assert (event.actor, event.ip_address) == (staff, ADDRESS)
    assert event.programme == (programme.slug if with_programme else "")
    assert event.detail["format"] == params["format"]
    assert event.detail["file"] in response["Content-Disposition"]


def test_downloading_a_jobs_result_and_an_uploaded_file_is_recorded(client, programme, counterpart):
    from core.services import job_succeed

    job = factories.JobFactory(kind="programmes.workbook", created_by=counterpart)
    job_succeed(job, filename="osaka.xlsx", content=b"PK fake workbook")
    batch = _upload(programme, counterpart)
    client.force_login(counterpart)

    assert client.get(reverse("core:job.download", args=[job.pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(counterpart)
    assert api.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 200
    upload = reverse("companies:upload.download", args=[programme.slug, batch.pk])
    assert client.get(upload, REMOTE_ADDR=ADDRESS).status_code == 200

    page, by_api, uploaded = events(A.EXPORT)
    for event in (page, by_api):
        assert same_object(event, job) and event.actor == counterpart
        assert event.detail == {"file": "osaka.xlsx", "kind": "programmes.workbook"}
    assert by_api.path == f"/api/v1/jobs/{job.pk}/download/"
    assert same_object(uploaded, batch)
    assert (uploaded.programme, uploaded.ip_address, uploaded.detail) == (
        programme.slug,
        ADDRESS,
        {"file": "applicants.csv"},
    )


def test_the_furthest_dates_filter_without_an_error(client, staff, logged):
    client.force_login(staff)
    everything = _listed(client, date_from="0001-01-01", date_to="9999-12-31")
    assert {logged["old"].pk, logged["login"].pk, logged["new"].pk} <= set(everything)
