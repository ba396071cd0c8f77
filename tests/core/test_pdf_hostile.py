"""PDFs against hostile input (docs/security.md, "Hostile input"): WeasyPrint fetches nothing but
the project's static files (no file:// outside them, also through symbolic links; no network,
so no redirect either), text users typed stays text in the agenda and the report, and a
pathological document is stopped by the time and memory limits (core/pdf/) and a report
built from one is FAILED with what it hit."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core import pdf
from monitoring.models import Report
from monitoring.services.reports import report_request
from tests import factories
from tests.monitoring.test_reports import answered
from tests.scheduling.test_agendas import agenda_world  # noqa: F401 (a fixture)

# --- a server that must never be asked -----------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server name)
        self.requests.append(self.path)
        # Were it asked, it would send the fetcher on to a file outside static/.
        self.send_response(302)
        self.send_header("Location", "file:///etc/passwd")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server answering every request with a redirect; yields its base URL and
    the paths it was asked for."""
    _Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def _text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _document(body: str) -> bytes:
    return pdf.html_to_pdf(f'<!doctype html><html lang="en"><body>{body}</body></html>')


# --- the fetcher -------------------------------------------------------------------------------


def test_a_document_asks_the_network_for_nothing_and_follows_no_redirect(server, caplog):
    base, asked = server
    data = _document(
        f'<link rel="stylesheet" href="{base}/style.css">'
        f"<style>@import url({base}/import.css); p {{ background: url({base}/bg.png) }}"
        f"@font-face {{ font-family: X; src: url({base}/font.ttf) }}</style>"
        f'<img src="{base}/logo.png"><object data="{base}/obj.svg"></object>'
        f'<img src="//127.0.0.1:{base.rsplit(":", 1)[1]}/scheme-relative.png">'
        "<p>Agenda</p>"
    )

    assert asked == []
    assert "Agenda" in _text(data)
    assert b"root:x:0:0" not in data
    assert "refused http URL" in caplog.text


def test_the_fetcher_refuses_a_symbolic_link_out_of_static(tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "pdf").mkdir(parents=True)
    (static / "pdf" / "own.css").write_text("p { color: black }")
    secret = tmp_path / "secret.txt"
    secret.write_text("salary list")
    (static / "pdf" / "link.css").symlink_to(secret)
    (static / "linked-dir").symlink_to(tmp_path)
    monkeypatch.setattr(pdf.assets, "ASSET_ROOT", static)

    assert pdf.url_fetcher().fetch((static / "pdf" / "own.css").as_uri()).read() == (
        b"p { color: black }"
    )
    for url in (
        (static / "pdf" / "link.css").as_uri(),
        (static / "linked-dir" / "secret.txt").as_uri(),
        static.as_uri() + "/pdf/../../secret.txt",
        "FILE://" + str(secret),
    ):
        with pytest.raises(pdf.AssetRefused):
            pdf.url_fetcher().fetch(url)


# --- user text stays text -------------------------------------------------------------------

HOSTILE = (
    '<b>Evil</b><img src="{base}/name.png"><link rel="stylesheet" href="{base}/n.css">'
    "<style>body {{ background: url({base}/bg.png) }}</style>"
)


def test_html_in_company_names_and_notes_is_printed_as_text_in_the_agenda(
    client,
    agenda_world,  # noqa: F811 (the fixture imported above)
    server,
):
    base, asked = server
    w = agenda_world
    company = w["overseas"]
    company.legal_name = "Saigon " + HOSTILE.format(base=base)
    company.business_profile = f'Parts <img src="{base}/profile.png"> url({base}/p.png)'
    company.save(update_fields=["legal_name", "business_profile"])
    client.force_login(w["users"]["company"])

    response = client.get(
        reverse("scheduling:agenda.company.pdf", args=[w["programme"].slug, w["own"].pk])
    )

    assert response.status_code == 200
    text = _text(response.content)
    assert "<b>Evil</b>" in text  # the tags themselves, as text
    assert "<img src=" in text and "<style>body" in text
    assert f'Parts <img src="{base}/profile.png">' in text
    assert asked == []  # and nothing was fetched


def test_html_in_a_programme_title_and_names_is_printed_as_text_in_the_report(
    programme, server, django_capture_on_commit_callbacks
):
    base, asked = server
    programme.title = "Osaka " + HOSTILE.format(base=base)
    programme.save(update_fields=["title"])
    answered(programme)
    agency = factories.OrganisationFactory(
        name=f'Agency <img src="{base}/agency.png">', kind="agency", country="JP"
    )
    staff = factories.StaffUserFactory(
        username="staff", organisation=agency, first_name="<i>Ann</i>", last_name="url(x)"
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(by=staff, programme=programme, language="en")
    report.refresh_from_db()

    assert report.status == Report.Status.READY, report.message
    text = _text(report.file.read())
    assert "<b>Evil</b>" in text and "<style>body" in text
    assert f'Agency <img src="{base}/agency.png">' in text
    assert "<i>Ann</i>" in text
    assert asked == []


# --- limits ---------------------------------------------------------------------------------------

CELLS = "<table>" + ("<tr>" + "<td>x</td>" * 100 + "</tr>") * 200 + "</table>"  # 20,000 cells
SMALL_TABLE = "<table>" + ("<tr>" + "<td>x</td>" * 100 + "</tr>") * 20 + "</table>"


def test_a_document_past_the_time_limit_is_stopped(settings):
    settings.PDF_TIME_LIMIT_SECONDS = 1
    settings.PDF_MEMORY_LIMIT_MB = 0

    with pytest.raises(pdf.PdfLimitExceeded) as stopped:
        _document(CELLS)

    assert stopped.value.code == "pdf_time_limit"
    assert str(stopped.value.message) == (
        "The document took longer than 1 second to lay out and was stopped "
        "(PDF_TIME_LIMIT_SECONDS)."
    )


def test_a_document_past_the_memory_limit_is_stopped_and_the_process_goes_on(settings):
    settings.PDF_TIME_LIMIT_SECONDS = 60
    settings.PDF_MEMORY_LIMIT_MB = 4

    with pytest.raises(pdf.PdfLimitExceeded) as stopped:
        _document(SMALL_TABLE)

    assert stopped.value.code == "pdf_memory_limit"
    assert str(stopped.value.message) == (
        "The document needed more than 4 MB of memory to lay out and was stopped "
        "(PDF_MEMORY_LIMIT_MB)."
    )
    # The limit was the child's: this process lays out the next document as before (with
    # room for what a child writes even for one line: its copies of the parent's pages).
    settings.PDF_MEMORY_LIMIT_MB = 200
    assert "After" in _text(_document("<p>After</p>"))


def test_a_document_nested_too_deeply_is_stopped(settings):
    settings.PDF_TIME_LIMIT_SECONDS = 60

    with pytest.raises(pdf.PdfLimitExceeded) as stopped:
        _document("<div>" * 1500 + "deep" + "</div>" * 1500)

    assert stopped.value.code == "pdf_too_deep"


def test_a_bundle_reports_progress_from_the_child_and_each_document_has_the_time_limit(settings):
    settings.PDF_TIME_LIMIT_SECONDS = 30
    seen = []

    data = pdf.render_pdf_joined(
        "pdf/base.html", [{}, {}, {}], language="en", on_progress=lambda *p: seen.append(p)
    )

    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(PdfReader(io.BytesIO(data)).pages) == 3


def test_without_limits_a_document_is_laid_out_in_the_process(settings):
    settings.PDF_TIME_LIMIT_SECONDS = 0
    settings.PDF_MEMORY_LIMIT_MB = 0

    assert "Inline" in _text(_document("<p>Inline</p>"))


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (
            {"PDF_TIME_LIMIT_SECONDS": 0.01, "PDF_MEMORY_LIMIT_MB": 0},
            "The report could not be built: The document took longer than 0.01 seconds to "
            "lay out and was stopped (PDF_TIME_LIMIT_SECONDS).",
        ),
        (
            {"PDF_TIME_LIMIT_SECONDS": 60, "PDF_MEMORY_LIMIT_MB": 1},
            "The report could not be built: The document needed more than 1 MB of memory to "
            "lay out and was stopped (PDF_MEMORY_LIMIT_MB).",
        ),
    ],
)
def test_a_report_past_a_limit_is_failed_with_what_it_hit_and_keeps_no_file(
    programme, staff, settings, django_capture_on_commit_callbacks, limits, message
):
    from core.models import Job

    answered(programme)
    for name, value in limits.items():
        setattr(settings, name, value)

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(by=staff, programme=programme, language="en")
    report.refresh_from_db()

    assert (report.status, report.message) == (Report.Status.FAILED, message)
    assert not report.file and report.pages is None
    job = Job.objects.get(pk=report.job_id)
    assert (job.status, job.message) == (Job.Status.FAILED, message)


# --- agendas past a limit ---------------------------------------------------------------------


def test_an_agenda_pdf_past_the_time_limit_sends_back_to_the_agenda_with_the_reason(
    client,
    agenda_world,  # noqa: F811 (the fixture imported above)
    settings,
):
    settings.PDF_TIME_LIMIT_SECONDS = 0.001
    settings.PDF_MEMORY_LIMIT_MB = 0
    w = agenda_world
    slug = w["programme"].slug
    client.force_login(w["users"]["company"])
    pdf_url = reverse("scheduling:agenda.company.pdf", args=[slug, w["own"].pk]) + "?lang=en"

    response = client.get(pdf_url, follow=True)

    page = reverse("scheduling:agenda.company", args=[slug, w["own"].pk]) + "?lang=en"
    assert response.redirect_chain == [(page, 302)]
    assert (
        "The PDF could not be made: The document took longer than 0.001 seconds to lay out "
        "and was stopped (PDF_TIME_LIMIT_SECONDS)."
    ) in response.content.decode()


def test_a_day_bundle_past_the_time_limit_fails_with_the_reason(
    client,
    agenda_world,  # noqa: F811 (the fixture imported above)
    settings,
    django_capture_on_commit_callbacks,
):
    from core.models import Job

    settings.PDF_TIME_LIMIT_SECONDS = 0.001
    settings.PDF_MEMORY_LIMIT_MB = 0
    w = agenda_world
    client.force_login(w["users"]["staff"])
    url = reverse("scheduling:agenda.day_bundle", args=[w["programme"].slug])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"day": w["programme"].start_date.isoformat(), "lang": "en"})

    job = Job.objects.unscoped("the test reads the job it made").get(kind="agenda_day_bundle")
    assert (job.status, job.message) == (
        "failed",
        "The document took longer than 0.001 seconds to lay out and was stopped "
        "(PDF_TIME_LIMIT_SECONDS).",
    )
    assert not job.result_file
