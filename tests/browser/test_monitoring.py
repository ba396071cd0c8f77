"""The ministry's journey (issue 10): staff request a Japanese programme report; a ministry
reviewer signs in, finds only the dashboards and reports among the things to use (beside the
programmes they review), opens the dashboard, and downloads the Japanese report as a PDF.

The world is built with factories (a programme with held, answered meetings): the demo's data
would take a minute to load and add nothing to what is tried here. Celery runs eagerly in the
test settings, so the report is built when staff submit the form. Screenshots go to
$SCREENSHOT_DIR (var/screenshots by default)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.models import Organisation
from monitoring.models import Report
from monitoring.services import survey_answer, survey_links_issue
from programmes.models import Role
from tests import factories
from tests.monitoring.conftest import make_meeting

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory
WORKING_ENTRIES = {"Background jobs", "API", "Organisations", "My reviews", "My agenda"}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"monitoring-{name}.png"), full_page=True)


@pytest.fixture
def world(transactional_db):
    programme = factories.ProgrammeFactory(
        slug="ceo-network-2027", title="CEO Network 2027: Vietnam and Thailand"
    )
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    for slot, (japanese, overseas) in enumerate([(4, 4), (3, 3), (5, 5), (2, 1), (3, 4)]):
        meeting = make_meeting(programme, schedule=schedule, slot=slot)
        survey_links_issue(programme)
        links = {link.respondent_kind: link for link in meeting.survey_links.all()}
        survey_answer(links["japanese"], took_place=True, level=japanese)
        survey_answer(links["overseas"], took_place=True, level=overseas)
    factories.StaffUserFactory(username="officer")
    ministry = factories.OrganisationFactory(
        name="METI", kind=Organisation.Kind.MINISTRY, country="JP"
    )
    reviewer = factories.UserFactory(username="meti-reviewer", organisation=ministry)
    factories.ProgrammeRoleFactory(programme=programme, user=reviewer, role=Role.REVIEWER)
    return programme


def sign_in(page, username: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("header.topbar nav.mainnav a").all_inner_texts()]


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_staff_request_a_japanese_report_and_the_reviewer_downloads_it(page, world):
    programme = world

    # Staff request the programme's report in Japanese.
    sign_in(page, "officer")
    page.locator("header.topbar nav.mainnav").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    page.get_by_label("Programme report").check()
    page.select_option("#id_programme", programme.slug)
    page.select_option("#id_language", "ja")
    shot(page, "staff-report-form")
    page.get_by_role("button", name="Build the report").click()
    expect(page.locator("#main, main").get_by_text("Ready", exact=True)).to_be_visible()
    report = Report.objects.get()
    assert (report.language, report.status, report.pages >= 5) == ("ja", "ready", True)
    shot(page, "staff-report-ready")
    sign_out(page)

    # The reviewer: dashboards and reports, nothing to change.
    sign_in(page, "meti-reviewer")
    labels = set(nav_labels(page))
    assert {"Dashboards", "Reports"} <= labels
    assert labels <= {"Programmes", "Dashboards", "Reports"}
    assert not labels & WORKING_ENTRIES
    page.locator("header.topbar nav.mainnav").get_by_role("link", name="Dashboards").click()
    expect(page.get_by_role("heading", name="Portfolio dashboard")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    shot(page, "reviewer-dashboard")

    page.locator("header.topbar nav.mainnav").get_by_role("link", name="Reports").click()
    expect(page.locator("form .field-scope")).to_have_count(0)  # no request form
    row = page.locator("table.reports tbody tr", has_text=programme.title)
    expect(row).to_contain_text("日本語")
    shot(page, "reviewer-reports")
    with page.expect_download() as caught:
        row.get_by_role("link", name="Download PDF").click()
    download = caught.value
    assert download.suggested_filename.endswith("-ja.pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
