"""The ministry reports' rows of the role × URL permission table (collected by
tests/test_permissions.py).

World objects (built by `world` below, after the monitoring rows' world, whose held meeting
gives the world's programme something to report): world.report, a READY programme report of
world.programme with a (small) file, covering that programme.

/reports/ and a report's pages: agency staff (every report) and ministry reviewers (the reports
whose programmes they all review: the world's reviewer reviews world.programme); every other
signed-in user 403, whether or not they take part in the programme; anonymous to the sign-in
page. Requesting a report (POST): staff only (302 to the new report's page; the build is queued
after the commit, which these rows never reach). The API (/api/v1/reports/...) answers the same,
anonymous 401; a request answers 201."""

from tests.permission_table import API_ANONYMOUS, agency_only, api_row, row


def readers(status, *, anonymous=None) -> dict:
    expect = {**agency_only(status), "reviewer": status}
    if anonymous is not None:
        expect["anonymous"] = anonymous
    return expect


def requesters(status, *, anonymous=None) -> dict:
    expect = agency_only(status)
    if anonymous is not None:
        expect["anonymous"] = anonymous
    return expect


def request_form(world) -> dict:
    return {"scope": "programme", "programme": world.programme.slug, "language": "ja"}


HTML_ROWS = [
    row("monitoring:report.list", "GET", readers(200)),
    row("monitoring:report.list", "POST", requesters(302), data=request_form),
    row("monitoring:report.detail", "GET", readers(200), "report.pk"),
    row("monitoring:report.download", "GET", readers(200), "report.pk"),
]

API_ROWS = [
    api_row("report.list", "GET", readers(200, anonymous=API_ANONYMOUS)),
    api_row("report.list", "POST", requesters(201, anonymous=API_ANONYMOUS), data=request_form),
    api_row("report.detail", "GET", readers(200, anonymous=API_ANONYMOUS), "report.pk"),
    api_row("report.download", "GET", readers(200, anonymous=API_ANONYMOUS), "report.pk"),
]


def world(programme, users) -> dict:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monitoring.models import Report

    report = Report(
        scope=Report.Scope.PROGRAMME,
        programme=programme,
        language="en",
        status=Report.Status.READY,
        filename="report-world-en.pdf",
        pages=1,
        created_by=users["staff"],
        finished_at=timezone.now(),
    )
    report.file.save("report-world-en.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    report.size = report.file.size
    report.save()
    report.programmes.set([programme])
    return {"report": report}
