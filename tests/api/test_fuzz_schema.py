"""The API fuzzed against its own OpenAPI schema with schemathesis (issue 11).

The schema is loaded the way a client loads it: from /api/schema/ through the Django WSGI
application, with a staff member's API token. Every operation is then called with generated
input (schemathesis' examples, coverage and fuzzing phases, positive and negative data,
bounded and derandomised) against a programme with rows behind every endpoint, and each
answer is checked:

- no 5xx (not_a_server_error);
- the status code is one the operation documents (status_code_conformance), with the
  documented content type (content_type_conformance), body (response_schema_conformance)
  and headers (response_headers_conformance);
- the same call without credentials is refused (ignored_auth), except for the public
  operations (the schema gives them no security requirement);

and `test_every_operation_refuses_a_call_without_credentials` calls every operation without
credentials and expects 401 in the API's error shape, unless the schema names it public.

Path parameters are real rows (`PATH_PARAMETERS`): a random id would only ever reach "not
found". The database is rolled back after the test; no background task runs (nothing is
committed, so `transaction.on_commit` never fires).

Run: .venv/bin/pytest tests/api/test_fuzz_schema.py -m fuzz -q -p no:cacheprovider
"""

import os
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import hypothesis
import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.utils import timezone
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from companies.services import imports
from core.models import Job
from core.services import api_token_create
from monitoring.models import FollowUpSurvey, Report
from monitoring.services import return_sale_record, survey_answer, survey_links_issue
from monitoring.tokens import follow_up_token_for, token_for
from programmes.models import Role
from tests import factories
from tests.api.schema_check import InTestWSGIApplication
from tests.companies.upload_files import csv_bytes, vn_row
from tests.monitoring.conftest import make_meeting

pytestmark = pytest.mark.fuzz

SEED = 11
# FUZZ_DEPTH=full: also schemathesis' coverage phase (every enum value, every boundary, every
# kind of invalid value, about 10,000 calls: ten minutes or more) and more examples. The
# default run (CI) is the fuzzing phase, bounded to a few minutes on two cores.
FULL = os.environ.get("FUZZ_DEPTH", "") == "full"
MAX_EXAMPLES = 25 if FULL else 20


def build_world():
    """A programme with a row behind every endpoint: counterparts and their applications, an
    assessment round, decisions, a published schedule whose held meeting was surveyed (with
    its follow-up, follow-up surveys and return sales), a draft schedule, requests, scores,
    uploads, jobs and reports."""
    staff = factories.StaffUserFactory(username="staff")
    programme = factories.ProgrammeFactory(slug="ceo-network-fuzz")
    # PUT/PATCH and transitions of a programme get one of their own: a new slug or a closed
    # programme would leave the other operations with nothing to work on.
    edited_programme = factories.ProgrammeFactory(slug="ceo-network-fuzz-edited")
    counterpart_org = factories.OrganisationFactory(name="Agency for Enterprise Development")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=counterpart_org, role=Role.COUNTERPART
    )
    counterpart = factories.UserFactory(username="counterpart", organisation=counterpart_org)
    adviser = factories.UserFactory(username="adviser")
    factories.ProgrammeRoleFactory(programme=programme, user=adviser, role=Role.ADVISER)
    factories.ApplicationFormFactory(programme=programme)

    # Applications and the assessment round.
    application = factories.ApplicationFactory(programme=programme, counterpart=counterpart_org)
    factories.ApplicationFactory(programme=programme, counterpart=counterpart_org)
    factories.AssessmentFactory(programme=programme)
    criterion = factories.CriterionFactory(programme=programme)
    factories.CriterionFactory(programme=programme)
    assignment = factories.AssignmentFactory(
        programme=programme, application__programme=programme, adviser=adviser
    )
    factories.ScoreFactory(assignment=assignment, criterion=criterion)
    removable_assignment = factories.AssignmentFactory(
        programme=programme, application__programme=programme, adviser=adviser
    )
    conflict = factories.ConflictFactory(programme=programme, adviser=adviser)

    # Decisions, scheduling input and schedules.
    overseas = factories.OverseasParticipantFactory(application__programme=programme)
    domestic = factories.DomesticParticipantFactory(application__programme=programme)
    factories.SchedulingSettingsFactory(programme=programme)
    request = factories.MeetingRequestFactory(
        programme=programme,
        company=domestic.application.company,
        target=overseas.application.company,
    )
    pair_score = factories.PairScoreFactory(
        programme=programme,
        overseas=overseas.application.company,
        domestic=domestic.application.company,
    )
    unavailability = factories.UnavailabilityFactory(
        programme=programme, company=overseas.application.company
    )
    seminar = factories.SeminarFactory(programme=programme)
    factories.AttendanceFactory(activity=seminar, company=overseas.application.company)
    run = factories.ScheduleRunFactory(programme=programme)
    held = make_meeting(programme)  # on the published schedule, held
    draft = factories.ScheduleFactory(programme=programme, status="draft")
    draft_meeting = factories.MeetingFactory(
        schedule=draft,
        overseas=overseas.application.company,
        domestic=domestic.application.company,
        activity=held.activity,
        table=held.table,
    )
    removable_activity = factories.SeminarFactory(programme=programme, title="Plant visit")

    # Outcomes: the held meeting's surveys answered, so that its follow-up and follow-up
    # surveys exist; return sales of the Japanese company.
    survey_links_issue(programme)
    links = {link.respondent_kind: link for link in held.survey_links.all()}
    survey_answer(links["japanese"], took_place=True, level=3)
    survey_answer(links["overseas"], took_place=True, level=4)
    follow_up = held.follow_up
    follow_up_survey = FollowUpSurvey.objects.filter(follow_up=follow_up).first()
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", date=date(2027, 3, 31))
    return_sale = return_sale_record(
        programme,
        by=staff,
        company=held.domestic,
        period_start=date(2027, 2, 20),
        period_end=date(2027, 3, 31),
        amount=Decimal("12000"),
        currency="USD",
    )

    # Registry, files, jobs, reports, tokens.
    rate = factories.ExchangeRateFactory(currency="EUR", to_currency="JPY", rate=Decimal("160"))
    rule_set = factories.RuleSetFactory(name="ceo-network-rule")
    batch = imports.import_upload(
        programme,
        organisation=counterpart_org,
        by=counterpart,
        filename="applicants.csv",
        data=csv_bytes([vn_row(1), vn_row(2)]),
    )
    job = Job.objects.create(
        kind="programme_export",
        description="Workbook",
        created_by=staff,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result_filename="ceo-network-fuzz.xlsx",
    )
    job.result_file.save("ceo-network-fuzz.xlsx", ContentFile(b"PK\x03\x04 workbook"))
    report = Report(
        scope="programme",
        programme=programme,
        status=Report.Status.READY,
        filename="report.pdf",
        created_by=staff,
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 report"), save=False)
    report.save()
    report.programmes.add(programme)
    revocable_token, _raw = api_token_create(staff, name="to revoke", by=staff)
    _token, raw = api_token_create(staff, name="schemathesis", by=staff)

    return SimpleNamespace(
        token=raw,
        programme=programme,
        paths={
            "/api/v1/activities/{id}/": {"id": held.activity_id},
            "/api/v1/activities/{id}/slots/": {"id": held.activity_id},
            ("DELETE", "/api/v1/activities/{id}/"): {"id": removable_activity.pk},
            "/api/v1/applications/{id}/": {"id": application.pk},
            "/api/v1/applications/{id}/participation/": {"id": domestic.application_id},
            "/api/v1/applications/{id}/transition/": {"id": application.pk},
            "/api/v1/assignments/{id}/": {"id": assignment.pk},
            ("DELETE", "/api/v1/assignments/{id}/"): {"id": removable_assignment.pk},
            "/api/v1/companies/{id}/": {"id": overseas.application.company_id},
            "/api/v1/companies/{id}/merge/": {"id": application.company_id},
            "/api/v1/conflicts/{id}/": {"id": conflict.pk},
            "/api/v1/criteria/{id}/": {"id": criterion.pk},
            "/api/v1/exchange-rates/{id}/": {"id": rate.pk},
            "/api/v1/follow-up-surveys/{token}/": {
                "token": follow_up_token_for(follow_up_survey.pk)
            },
            "/api/v1/jobs/{id}/": {"id": job.pk},
            "/api/v1/jobs/{id}/download/": {"id": job.pk},
            "/api/v1/organisations/{slug}/": {"slug": counterpart_org.slug},
            "/api/v1/programmes/{slug}/": {"slug": edited_programme.slug},
            "/api/v1/programmes/{slug}/transition/": {"slug": edited_programme.slug},
            "/api/v1/programmes/{slug}/agenda/{kind}/{key}/": {
                "kind": "company",
                "key": held.overseas_id,
            },
            "/api/v1/programmes/{slug}/outcomes/{meeting}/settle/": {"meeting": held.pk},
            "/api/v1/programmes/{slug}/outcomes/follow-ups/{id}/": {"id": follow_up.pk},
            "/api/v1/programmes/{slug}/outcomes/follow-ups/{id}/notes/": {"id": follow_up.pk},
            "/api/v1/programmes/{slug}/outcomes/return-sales/{id}/": {"id": return_sale.pk},
            "/api/v1/programmes/{slug}/pair-scores/{id}/": {"id": pair_score.pk},
            "/api/v1/programmes/{slug}/requests/{id}/": {"id": request.pk},
            "/api/v1/programmes/{slug}/schedule-runs/{id}/": {"id": run.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/": {"id": held.schedule_id},
            "/api/v1/programmes/{slug}/schedules/{id}/absences/": {"id": draft.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/interpreter-absences/": {"id": draft.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/meetings/": {"id": draft.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/meetings/{meeting}/": {
                "id": draft.pk,
                "meeting": draft_meeting.pk,
            },
            "/api/v1/programmes/{slug}/schedules/{id}/meetings/{meeting}/cancel/": {
                "id": draft.pk,
                "meeting": draft_meeting.pk,
            },
            "/api/v1/programmes/{slug}/schedules/{id}/meetings/{meeting}/no-show/": {
                "id": held.schedule_id,
                "meeting": held.pk,
            },
            "/api/v1/programmes/{slug}/schedules/{id}/meetings/swap/": {"id": draft.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/publish/": {"id": draft.pk},
            "/api/v1/programmes/{slug}/schedules/{id}/repair/confirm/": {"id": held.schedule_id},
            "/api/v1/programmes/{slug}/schedules/{id}/repair/preview/": {"id": held.schedule_id},
            "/api/v1/programmes/{slug}/unavailability/{id}/": {"id": unavailability.pk},
            "/api/v1/reports/{id}/": {"id": report.pk},
            "/api/v1/reports/{id}/download/": {"id": report.pk},
            "/api/v1/reviews/{id}/": {"id": assignment.pk},
            "/api/v1/rule-sets/{name}/": {"name": rule_set.name},
            "/api/v1/surveys/{token}/": {"token": token_for(links["interpreter"].pk)},
            "/api/v1/tokens/{id}/": {"id": revocable_token.pk},
            "/api/v1/uploads/{id}/": {"id": batch.pk},
            "/api/v1/uploads/{id}/confirm/": {"id": batch.pk},
            "/api/v1/uploads/{id}/discard/": {"id": batch.pk},
            "/api/v1/uploads/{id}/download/": {"id": batch.pk},
        },
    )


@pytest.fixture
def world(db):
    return build_world()


def path_parameters(world, method: str, path: str) -> dict:
    values = world.paths.get((method.upper(), path)) or world.paths.get(path) or {}
    if "{slug}" in path and "slug" not in values:
        values = {**values, "slug": world.programme.slug}
    return values


def _operations_config(world) -> list[dict]:
    """Real rows for the path parameters, per operation (a DELETE may have its own row)."""
    operations = []
    for key, values in world.paths.items():
        method, path = key if isinstance(key, tuple) else (None, key)
        entry = {
            "include-path": path,
            "parameters": {f"path.{name}": value for name, value in values.items()},
        }
        if method:
            entry["include-method"] = method
        elif ("DELETE", path) in world.paths:
            entry["exclude-method"] = "DELETE"
        operations.append(entry)
    return operations


def load_schema(world, *, credentials: bool):
    """The schema as /api/schema/ serves it to a signed-in client; its calls carry the staff
    token only when `credentials`."""
    token = {"Authorization": f"Token {world.token}"}
    config = {
        "seed": SEED,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"coverage": {"enabled": FULL}},
        "parameters": {"path.slug": world.programme.slug},
        "operations": _operations_config(world),
        "checks": {
            # A schema-valid body naming rows that do not exist (company 0, venue 0) is
            # answered 400 saying what is wrong, as documented: a schema cannot say which ids
            # exist, so "valid input is accepted" cannot hold for this API.
            "positive_data_acceptance": {"enabled": False},
            # The API is lenient with some input the schema calls invalid (an empty query
            # filter is ignored, a number is taken as text): neither a 5xx nor an answer the
            # schema does not describe. Left out; the cases are listed in docs/security.md.
            "negative_data_rejection": {"enabled": False},
        },
    }
    if credentials:
        config["headers"] = token
    return schemathesis.openapi.from_wsgi(
        "/api/schema/",
        InTestWSGIApplication(),
        config=schemathesis.Config.from_dict(config),
        headers={**token, "Accept": "application/vnd.oai.openapi+json"},
    )


@pytest.fixture
def api_schema(world):
    return load_schema(world, credentials=True)


@pytest.fixture(autouse=True)
def _schemathesis_node_id(request):
    # schemathesis 4.32's from_fixture reads request.node._nodeid, which pytest 9.2 no longer
    # has (it names each operation's subtest with it).
    request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(deadline=None, derandomize=True, database=None)
def test_every_operation_answers_as_its_schema_says(case):
    # The default checks: not_a_server_error, status_code_conformance,
    # content_type_conformance, response_schema_conformance, response_headers_conformance,
    # ignored_auth (the call again without credentials must be refused) and the stateful
    # use_after_free and ensure_resource_availability; minus the two switched off above.
    case.call_and_validate()


def test_every_operation_refuses_a_call_without_credentials(world):
    """Every operation that takes credentials answers a call without them 401, in the error
    shape and as documented; the public ones (the survey links' own endpoints, the token
    exchange, the SME check) are the ones the schema gives no credentials requirement to."""
    anonymous = load_schema(world, credentials=False)
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance]
    public, refused = [], []
    for result in anonymous.get_all_operations():
        operation = result.ok()
        security = operation.definition.raw.get("security")
        case = operation.Case(
            path_parameters=path_parameters(world, operation.method, operation.path)
        )
        response = case.call()
        case.validate_response(response, checks=checks)
        if not security or {} in security:
            public.append((operation.label, response.status_code))
            assert response.status_code != 401, operation.label
            continue
        assert response.status_code == 401, (operation.label, response.status_code)
        assert response.json()["code"] == "not_authenticated", operation.label
        assert response.headers["www-authenticate"] == ["Token"], operation.label
        refused.append(operation.label)

    assert sorted(public) == [
        ("GET /api/v1/follow-up-surveys/{token}/", 200),
        ("GET /api/v1/surveys/{token}/", 200),
        ("POST /api/v1/auth/token/", 400),
        ("POST /api/v1/eligibility/check/", 400),
        ("PUT /api/v1/follow-up-surveys/{token}/", 400),
        ("PUT /api/v1/surveys/{token}/", 400),
    ]
    assert len(refused) == len(list(anonymous.get_all_operations())) - len(public) > 100
