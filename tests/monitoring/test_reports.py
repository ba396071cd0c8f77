"""Ministry reports: the PDF (render_report), the request and build workflow (services and the
task), who sees and downloads what, the pages, the API and the report_build command."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from companies.models import ExchangeRate
from core.models import Job, Organisation
from monitoring.dashboard import DashboardFilters
from monitoring.exceptions import ReportEmpty, ReportRefused
from monitoring.models import Report
from monitoring.reports import render_report, reports_for_user
from monitoring.services import survey_answer, survey_links_issue
from monitoring.services.reports import report_request
from monitoring.tasks import report_build
from programmes.models import Role
from tests import factories
from tests.monitoring.conftest import make_meeting


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as pdftotext reads it (pypdf where poppler is not installed)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", "-", "-"],  # noqa: S607
            input=pdf,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def fonts(pdf: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def answered(programme, *, japanese=4, overseas=4, slot=0, schedule=None):
    """A held meeting of the programme whose two companies answered."""
    meeting = make_meeting(programme, schedule=schedule, slot=slot)
    survey_links_issue(programme)
    links = {link.respondent_kind: link for link in meeting.survey_links.all()}
    survey_answer(links["japanese"], took_place=True, level=japanese)
    survey_answer(links["overseas"], took_place=True, level=overseas)
    return meeting


def reviewer_of(programme, username: str):
    org = factories.OrganisationFactory(
        name=f"METI {username}", kind=Organisation.Kind.MINISTRY, country="JP"
    )
    user = factories.UserFactory(username=username, organisation=org)
    factories.ProgrammeRoleFactory(programme=programme, user=user, role=Role.REVIEWER)
    return user


@pytest.fixture
def reported(db, programme, staff):
    meeting = answered(programme, japanese=4, overseas=4)
    return programme, meeting


def build_now(django_capture_on_commit_callbacks, **request):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(**request)
    report.refresh_from_db()
    return report


# --- the PDF ---------------------------------------------------------------------------------


def test_a_programme_report_is_a_pdf_with_its_pages_title_and_figures(reported):
    programme, _meeting = reported
    rendered = render_report(programme=programme, language="en")
    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.pages == len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert rendered.pages >= 5  # cover, summary, charts, tables, methodology
    text = pdf_text(rendered.pdf)
    assert programme.title in re.sub(r"\s+", " ", text)
    assert "Programme report" in text
    assert "Methodology" in text
    numbers = re.findall(rf"(\d+)\s*/\s*{rendered.pages}\b", text)
    assert numbers == [str(n) for n in range(2, rendered.pages + 1)]  # none on the cover
    assert rendered.programmes == [programme]


def test_the_japanese_report_has_the_japanese_title_and_dates(reported):
    programme, _meeting = reported
    rendered = render_report(programme=programme, language="ja")
    text = pdf_text(rendered.pdf)
    assert programme.title_ja in re.sub(r"\s+", "", text)
    assert "2027年2月15日" in text  # the programme's first day as Japanese writes it
    assert any("Noto-Sans-CJK-JP" in name for name in fonts(rendered.pdf))  # shipped, embedded


def test_amounts_are_shown_in_their_currency_and_converted_at_the_named_rate(db, programme):
    meeting = make_meeting(programme)
    survey_links_issue(programme)
    links = {link.respondent_kind: link for link in meeting.survey_links.all()}
    survey_answer(
        links["japanese"], took_place=True, level=5, estimated_value="1000", currency="USD"
    )
    survey_answer(links["overseas"], took_place=True, level=5)
    ExchangeRate.objects.create(
        currency="USD", to_currency="JPY", rate="150", date=dt.date(2026, 12, 1), source="BOJ"
    )
    text = re.sub(r"\s+", " ", pdf_text(render_report(programme=programme).pdf))
    assert "1,000.00 USD" in text  # the amount in its own currency
    assert "150,000 JPY" in text  # converted to the reporting currency
    assert "1 USD = 150 JPY (2026-12-01, BOJ)" in text  # the rate named


def test_a_portfolio_without_held_meetings_in_the_period_is_refused(reported):
    with pytest.raises(ReportEmpty):
        render_report(filters=DashboardFilters(date_from=dt.date(2030, 1, 1)), language="en")


# --- requesting and building -----------------------------------------------------------------


def test_an_empty_period_is_refused_before_anything_is_queued(reported, staff):
    filters = DashboardFilters(date_from=dt.date(2030, 1, 1), date_to=dt.date(2030, 12, 31))
    with pytest.raises(ReportEmpty) as refused:
        report_request(by=staff, filters=filters, language="en")
    assert "No meetings were held in this period" in str(refused.value)
    assert not Report.objects.exists()
    assert not Job.objects.exists()


def test_a_programme_without_held_meetings_is_refused(db, staff):
    programme = factories.ProgrammeFactory()
    make_meeting(programme, status="no_show")
    with pytest.raises(ReportEmpty):
        report_request(by=staff, programme=programme, language="ja")
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (DashboardFilters(date_from=dt.date(2027, 3, 1), date_to=dt.date(2027, 2, 1)), "date_to"),
        (DashboardFilters(kind="trade_fair_of_nothing"), "kind"),
        (DashboardFilters(country="XX"), "country"),
    ],
)
def test_a_bad_selection_is_refused_with_the_field(reported, staff, filters, field):
    with pytest.raises(ReportRefused) as refused:
        report_request(by=staff, filters=filters, language="en")
    assert field in refused.value.errors
    assert not Report.objects.exists()


def test_only_staff_request_reports(reported):
    programme, _meeting = reported
    reviewer = reviewer_of(programme, "meti")
    with pytest.raises(ReportRefused):
        report_request(by=reviewer, programme=programme, language="en")
    assert not Report.objects.exists()


def test_a_requested_report_is_built_ready_with_its_file(
    reported, staff, django_capture_on_commit_callbacks
):
    programme, _meeting = reported
    report = build_now(
        django_capture_on_commit_callbacks, by=staff, programme=programme, language="ja"
    )
    assert report.status == Report.Status.READY
    assert report.file.read().startswith(b"%PDF")
    assert report.pages >= 5 and report.size == report.file.size
    assert report.filename.endswith("-ja.pdf") and programme.slug in report.filename
    assert list(report.programmes.all()) == [programme]
    job = Job.objects.get(pk=report.job_id)
    assert (job.kind, job.status, job.progress, job.total) == (
        "monitoring.report_build", Job.Status.SUCCEEDED, 4, 4
    )  # fmt: skip


def test_the_task_run_twice_builds_the_report_once(
    reported, staff, django_capture_on_commit_callbacks
):
    programme, _meeting = reported
    report = build_now(
        django_capture_on_commit_callbacks, by=staff, programme=programme, language="en"
    )
    name, finished = report.file.name, report.finished_at
    report_build(job_id=report.job_id)
    report.refresh_from_db()
    assert (report.file.name, report.finished_at, report.status) == (name, finished, "ready")


def test_a_failed_build_leaves_no_ready_report_and_no_file(
    reported, staff, django_capture_on_commit_callbacks
):
    """The meeting is recorded as cancelled between the request and the build: nothing is
    left to report, so the build fails and keeps no file."""
    programme, meeting = reported
    report = report_request(by=staff, programme=programme, language="en")
    meeting.status = "cancelled"
    meeting.save(update_fields=["status"])
    report_build(job_id=report.job_id)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "No meetings were held" in report.message
    assert not report.file
    assert not Report.objects.filter(status=Report.Status.READY).exists()
    assert Job.objects.get(pk=report.job_id).status == Job.Status.FAILED


def test_a_build_whose_file_cannot_be_stored_fails_and_keeps_no_file(reported, staff, monkeypatch):
    programme, _meeting = reported
    report = report_request(by=staff, programme=programme, language="en")
    storage = Report._meta.get_field("file").storage

    def disk_full(name, content):
        raise OSError("No space left on device")

    monkeypatch.setattr(storage, "_save", disk_full)
    report_build(job_id=report.job_id)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "No space left on device" in report.message
    assert not report.file and report.pages is None


# --- who sees what ---------------------------------------------------------------------------


@pytest.fixture
def ready(reported, staff, django_capture_on_commit_callbacks):
    programme, _meeting = reported
    return build_now(
        django_capture_on_commit_callbacks, by=staff, programme=programme, language="ja"
    )


def test_the_programmes_reviewer_lists_and_downloads_its_report(client, ready):
    reviewer = reviewer_of(ready.programme, "meti")
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:report.list"))
    assert page.status_code == 200
    assert reverse("monitoring:report.download", args=[ready.pk]) in page.content.decode()
    assert 'name="scope"' not in page.content.decode()  # no request form for reviewers
    download = client.get(reverse("monitoring:report.download", args=[ready.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_reviewer_of_another_programme_cannot_see_or_download_it(client, ready):
    other = reviewer_of(factories.ProgrammeFactory(), "meti-other")
    client.force_login(other)
    page = client.get(reverse("monitoring:report.list"))
    assert page.status_code == 200
    assert reverse("monitoring:report.detail", args=[ready.pk]) not in page.content.decode()
    assert client.get(reverse("monitoring:report.detail", args=[ready.pk])).status_code == 404
    assert client.get(reverse("monitoring:report.download", args=[ready.pk])).status_code == 404


def test_a_counterpart_gets_403(client, ready):
    org = factories.OrganisationFactory(name="VCCI", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=ready.programme, organisation=org, role=Role.COUNTERPART
    )
    client.force_login(factories.UserFactory(username="vcci", organisation=org))
    assert client.get(reverse("monitoring:report.list")).status_code == 403
    assert client.get(reverse("monitoring:report.download", args=[ready.pk])).status_code == 403


def test_a_portfolio_report_is_hidden_from_a_reviewer_of_only_one_of_its_programmes(
    reported, staff, django_capture_on_commit_callbacks
):
    programme, _meeting = reported
    second = factories.ProgrammeFactory()
    answered(second, japanese=2, overseas=2)
    report = report_request(by=staff, filters=DashboardFilters(), language="en")
    assert set(report.programmes.all()) == {programme, second}
    assert not reports_for_user(reviewer_of(programme, "one")).filter(pk=report.pk).exists()
    both = reviewer_of(programme, "both")
    factories.ProgrammeRoleFactory(programme=second, user=both, role=Role.REVIEWER)
    assert reports_for_user(both).filter(pk=report.pk).exists()


def test_a_portfolio_covers_only_programmes_with_meetings_held_in_its_selection(reported, staff):
    programme, _meeting = reported
    factories.ProgrammeFactory()  # no meeting at all
    report = report_request(by=staff, filters=DashboardFilters(country="RU"), language="en")
    assert list(report.programmes.all()) == [programme]
    assert (report.scope, report.country) == ("portfolio", "RU")


# --- pages and API ---------------------------------------------------------------------------


def test_staff_request_a_japanese_report_on_the_page(
    client, reported, staff, django_capture_on_commit_callbacks
):
    programme, _meeting = reported
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("monitoring:report.list"),
            {"scope": "programme", "programme": programme.slug, "language": "ja"},
        )
    report = Report.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("monitoring:report.detail", args=[report.pk])
    assert (report.language, report.status, report.created_by) == ("ja", "ready", staff)
    detail = client.get(page["Location"]).content.decode()
    assert reverse("monitoring:report.download", args=[report.pk]) in detail


def test_the_page_says_why_an_empty_period_is_refused(client, reported, staff):
    client.force_login(staff)
    page = client.post(
        reverse("monitoring:report.list"),
        {"scope": "portfolio", "date_from": "2030-01-01", "language": "en"},
    )
    assert page.status_code == 400
    assert "No meetings were held in this period" in page.content.decode()
    assert not Report.objects.exists()


def test_a_report_being_built_shows_its_progress_that_refreshes_itself(client, reported, staff):
    programme, _meeting = reported
    report = report_request(by=staff, programme=programme, language="en")  # not run yet
    client.force_login(staff)
    page = client.get(reverse("monitoring:report.detail", args=[report.pk]))
    html = page.content.decode()
    assert "<progress" in html
    assert f'hx-get="{reverse("monitoring:report.detail", args=[report.pk])}"' in html
    partial = client.get(
        reverse("monitoring:report.detail", args=[report.pk]), headers={"HX-Request": "true"}
    )
    assert partial.content.decode().startswith('<div id="report-')


def test_the_list_page_queries_do_not_grow_with_the_reports(
    client, ready, staff, django_assert_max_num_queries
):
    for _ in range(5):
        Report.objects.create(scope="programme", programme=ready.programme, created_by=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("monitoring:report.list")).status_code == 200


def test_the_api_lists_creates_and_downloads(reported, staff, django_capture_on_commit_callbacks):
    programme, _meeting = reported
    api_client = APIClient()
    api_client.force_authenticate(staff)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(
            reverse("api:report.list"),
            {"scope": "programme", "programme": programme.slug, "language": "en"},
        )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["scope"], body["programme"], body["status"]) == (
        "programme", programme.slug, "queued"
    )  # fmt: skip
    detail = api_client.get(reverse("api:report.detail", args=[body["id"]])).json()
    assert detail["status"] == "ready" and detail["programmes"] == [programme.slug]
    download = api_client.get(detail["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    refused = api_client.post(
        reverse("api:report.list"), {"scope": "portfolio", "date_from": "2030-01-01"}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "report_empty"


# --- the command -----------------------------------------------------------------------------


def test_the_command_writes_the_report(reported, tmp_path):
    programme, _meeting = reported
    output = tmp_path / "report.pdf"
    call_command("report_build", "--programme", programme.slug, "--lang", "ja", "-o", str(output))
    assert output.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "nope"], "No programme “nope”"),
        (["--portfolio", "--from", "2027-02-30"], "Not a date"),
        (["--portfolio", "--from", "2030-01-01"], "No meetings were held"),
        (["--portfolio", "--country", "XX"], "Unknown country code"),
    ],
)
def test_the_command_refuses_clearly_and_writes_nothing(reported, tmp_path, args, message):
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message) as refused:
        call_command("report_build", *args, "--lang", "en", "-o", str(output))
    assert refused.value.returncode == 2
    assert not output.exists()


def test_the_top_bar_offers_reports_to_staff_and_reviewers_only(client, ready, staff):
    reports = f'href="{reverse("monitoring:report.list")}"'
    client.force_login(staff)
    assert reports in client.get(reverse("programmes:programme.list")).content.decode()
    client.force_login(reviewer_of(ready.programme, "meti"))
    assert reports in client.get(reverse("programmes:programme.list")).content.decode()
    client.force_login(factories.UserFactory(username="someone"))
    assert reports not in client.get(reverse("programmes:programme.list")).content.decode()


@pytest.mark.parametrize("redelivered", [False, True])
def test_a_report_left_building_is_built_again_only_when_its_message_came_back(
    reported, staff, redelivered
):
    from celery._state import _task_stack

    programme, _meeting = reported
    report = report_request(by=staff, programme=programme, language="en")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING)
    Job.objects.filter(pk=report.job_id).update(status=Job.Status.RUNNING, worker="dead@host")
    _task_stack.push(report_build)  # as the worker runs it, with its message's delivery
    report_build.push_request(called_directly=False, delivery_info={"redelivered": redelivered})
    try:
        report_build.run(job_id=report.job_id)
    finally:
        report_build.pop_request()
        _task_stack.pop()
    report.refresh_from_db()
    if redelivered:
        assert report.status == Report.Status.READY and report.file
    else:  # another worker may still be on it: left alone
        assert report.status == Report.Status.BUILDING and not report.file


def test_a_portfolio_covers_what_its_pdf_shows_when_the_build_comes_later(reported, staff):
    programme, _meeting = reported
    report = report_request(by=staff, filters=DashboardFilters(), language="en")
    assert list(report.programmes.all()) == [programme]
    later = factories.ProgrammeFactory()
    answered(later)  # meetings held in another programme before the worker builds
    report_build(job_id=report.job_id)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert set(report.programmes.all()) == {programme, later}
    assert not reports_for_user(reviewer_of(programme, "one")).filter(pk=report.pk).exists()
