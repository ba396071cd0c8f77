"""Journeys a person makes in the browser."""

import os
from pathlib import Path

from programmes.models import Activity, Programme
from tests import factories

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


PASSWORD = "secret-pass-123"  # the factories' password


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")


def test_staff_create_a_programme_with_a_meeting_session_and_switch_language(
    page, transactional_db
):
    factories.StaffUserFactory(username="staff")
    log_in(page, "staff")
    page.click("text=New programme")

    page.select_option("#id_kind", "ceo_network")
    page.fill("#id_title", "CEO Network Enhancing Project: Malaysia")
    page.fill("#id_title_ja", "中小企業経営者ネットワーク強化事業：マレーシア")
    page.select_option("#id_partner_countries", ["MY"])
    page.check("input[name=sectors][value=food_processing]")
    page.fill("#id_start_date", "2027-06-07")
    page.fill("#id_end_date", "2027-06-04")  # wrong on purpose
    page.click("button[type=submit].primary")
    assert "The last day cannot be before the first day." in page.inner_text(".field-end_date")
    assert Programme.objects.count() == 0

    page.fill("#id_end_date", "2027-06-11")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=Programme created")
    programme = Programme.objects.get()
    assert programme.time_zone == "Asia/Tokyo" and [
        c.code for c in programme.partner_countries
    ] == ["MY"]

    page.click("text=Add activity")
    page.select_option("#id_kind", "business_meetings")
    page.fill("#id_title", "Business meetings, Osaka")
    page.fill("#id_new_venue_name", "Osaka International Convention Center")
    page.fill("#id_new_venue_city", "Osaka")
    page.fill("#id_day", "2027-06-07")
    page.fill("#id_start_time", "13:00")
    page.fill("#id_end_time", "17:00")
    page.fill("#id_meetings_per_day", "11")  # 11 × 30 min do not fit in 4 hours
    page.fill("#id_tables", "12")
    page.click("button[type=submit].primary")
    assert "need 5 h 30 min, but the session lasts 4 h 00 min" in page.inner_text(
        ".field-meetings_per_day"
    )
    assert Activity.objects.count() == 0

    page.fill("#id_meetings_per_day", "8")
    page.click("button[type=submit].primary")
    page.wait_for_selector("table.slots")
    rows = page.locator("table.slots tbody tr")
    assert rows.count() == 8
    assert "13:00–13:30" in rows.nth(0).inner_text()
    assert "16:30–17:00" in rows.nth(7).inner_text()
    assert page.locator("table.slots thead th").count() == 1 + 12  # the slot column, then 12 tables
    shot(page, "session-slots")

    page.click("button[lang=ja]")
    page.wait_for_selector("html[lang=ja]")
    assert "プログラム" in page.inner_text("nav.mainnav")
    page.click("button[lang=ru]")
    page.wait_for_selector("html[lang=ru]")
    assert "Программы" in page.inner_text("nav.mainnav")
    shot(page, "session-slots-ru")


def test_counterpart_sees_only_the_programmes_it_was_invited_to(page, transactional_db):
    invited = factories.ProgrammeFactory(title="Invited programme")
    factories.ProgrammeFactory(title="Someone else's programme")
    org = factories.OrganisationFactory(name="OPORA RUSSIA", country="RU")
    factories.ProgrammeOrganisationFactory(programme=invited, organisation=org)
    factories.UserFactory(username="opora", organisation=org)

    log_in(page, "opora")
    page.wait_for_selector("h1")
    listing = page.inner_text("main")
    assert "Invited programme" in listing
    assert "Someone else's programme" not in listing
    assert page.locator("text=New programme").count() == 0
