"""The issue's journey from requests to agendas, in a real browser (issue 9, "Done when"): a
Japanese company marks its meeting requests (one "must meet"); an adviser blocks a pair; staff
run the schedule twice, read the ratio to the bound, compare the two drafts and publish one;
move a meeting on the grid to a free slot and are refused a double booking (nothing saved);
record an overseas company cancelled for day 2 and repair, the preview listing only the
meetings that company loses; then a Japanese company (in Japanese), a Russian-speaking overseas
company (in Russian) and an interpreter (in English) each download their agenda as a PDF that
holds the right text and fonts, and as an iCalendar file in the programme's time zone."""

import io
import re
from datetime import timedelta

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from core.models import Organisation
from programmes.models import Role
from scheduling.models import MeetingRequest, PairScore, Schedule
from scheduling.services import meetings as edits
from tests import factories
from tests.browser.test_journeys import SHOTS, log_in, shot
from tests.factories import local

ACTIVE = ("planned", "held")


def _company_user(programme, company, username, language):
    organisation = factories.OrganisationFactory(
        name=f"{company.legal_name} org", kind=Organisation.Kind.COMPANY, country=company.country
    )
    company.organisation = organisation
    company.save(update_fields=["organisation"])
    user = factories.UserFactory(username=username, organisation=organisation, language=language)
    factories.ProgrammeRoleFactory(programme=programme, user=user, role=Role.COMPANY)
    return user


def _programme():
    """Two meeting days (Osaka, Tokyo; 5 slots of 30 min each), 4 overseas companies with a
    table and an interpreter each (one Russian-speaking), 8 confirmed Japanese companies that
    would like to meet every overseas company. At most 3 meetings a day for an overseas company:
    the optimiser takes it as 6 over the two days (docs/scheduling.md), so every table has free
    slots to move a meeting to."""
    programme = factories.ProgrammeFactory(
        slug="ceo-network-2027",
        title="CEO Network 2027",
        partner_countries=["VN", "TH", "RU"],
    )
    day1 = programme.start_date
    day2 = day1 + timedelta(days=1)
    osaka = factories.VenueFactory(name="Osaka ICC", city="Osaka")
    tokyo = factories.VenueFactory(name="Tokyo Forum", city="Tokyo")
    sessions = [
        factories.ActivityFactory(
            programme=programme,
            venue=venue,
            title=title,
            starts_at=local(programme, day, 13),
            ends_at=local(programme, day, 15, 30),
            meetings_per_day=5,
        )
        for venue, title, day in (
            (osaka, "Osaka business meetings", day1),
            (tokyo, "Tokyo business meetings", day2),
        )
    ]
    factories.SchedulingSettingsFactory(
        programme=programme, overseas_max_per_day=3, domestic_min_meetings=1
    )
    names = [
        ("Saigon Precision Parts", "VN", "en"),
        ("Ural Machine-Tool Works", "RU", "ru"),
        ("Bangkok Auto Components", "TH", "en"),
        ("Hanoi Electronics", "VN", "en"),
    ]
    overseas = [
        factories.OverseasParticipantFactory(
            application__programme=programme,
            application__language=language,
            application__company__legal_name=name,
            application__company__country=country,
        ).application.company
        for name, country, language in names
    ]
    domestic = [
        factories.DomesticParticipantFactory(
            application__programme=programme,
            application__company__legal_name=f"Naniwa Seiko {n} Co., Ltd.",
            application__company__local_name=f"なにわ精工{n}株式会社",
        ).application.company
        for n in range(1, 9)
    ]
    interpreters = []
    for number, company in enumerate(overseas, start=1):
        interpreter = factories.UserFactory(
            username=f"interpreter-{number}", first_name="Linh", last_name=f"Tran {number}"
        )
        factories.ProgrammeRoleFactory(programme=programme, user=interpreter, role=Role.INTERPRETER)
        factories.OverseasTableFactory(
            programme=programme, company=company, number=number, interpreter=interpreter
        )
        interpreters.append(interpreter)
    for d in domestic:
        for o in overseas:
            factories.MeetingRequestFactory(
                programme=programme, company=d, target=o, preference="like"
            )
    factories.StaffUserFactory(username="staff")
    adviser = factories.UserFactory(username="adviser-sato")
    factories.ProgrammeRoleFactory(programme=programme, user=adviser, role=Role.ADVISER)
    return programme, sessions, overseas, domestic, interpreters


def _active(schedule):
    return schedule.meetings.filter(status__in=ACTIVE)


def _free_move(schedule, sessions):
    """A meeting and a slot of the same day where its table and both of its companies are
    free, and the day's number on the grid."""
    slots = edits.schedule_slots(schedule).values()
    for day, session in enumerate(sessions):
        meetings = list(_active(schedule).filter(activity=session))
        for m in meetings:
            for slot in (s.slot for s in slots if s.activity_id == session.pk):
                companies = {m.overseas_id, m.domestic_id}
                if not any(
                    x.table_id == m.table_id or {x.overseas_id, x.domestic_id} & companies
                    for x in meetings
                    if x.slot == slot
                ):
                    return m, slot, day
    raise AssertionError("no meeting can move to a free slot")


def _double_booking(schedule, sessions):
    """A meeting, another meeting of its Japanese company on the same day, and the day's
    number on the grid."""
    for day, session in enumerate(sessions):
        meetings = list(_active(schedule).filter(activity=session))
        for m in meetings:
            for other in meetings:
                if other.domestic_id == m.domestic_id and other.slot != m.slot:
                    return m, other, day
    raise AssertionError("no Japanese company meets twice on a day")


def _pdf_text(content: bytes) -> tuple[str, set[str]]:
    assert content.startswith(b"%PDF"), content[:20]
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return text, fonts


def _download(page, link_name: str):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    SHOTS.mkdir(parents=True, exist_ok=True)
    download.save_as(SHOTS / f"scheduling-{download.suggested_filename}")  # to look at
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def _ics_events(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_requests_to_published_schedule_hand_edits_repair_and_agendas(page, transactional_db):
    programme, sessions, overseas, domestic, interpreters = _programme()
    base = f"{page.base_url}/programmes/{programme.slug}"
    saigon, ural, bangkok, hanoi = overseas
    naniwa1, naniwa2 = domestic[0], domestic[1]
    naniwa_user = _company_user(programme, naniwa1, "naniwa-1", "ja")
    ural_user = _company_user(programme, ural, "ural", "ru")

    # A Japanese company reads the catalogue (in Japanese) and marks its requests.
    log_in(page, naniwa_user.username)
    page.goto(f"{base}/requests/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    with translation.override("ja"):
        must, no, save = gettext("Must meet"), gettext("Not interested"), gettext("Save my answers")
    entry = page.locator(
        "li.catalogue-entry", has=page.get_by_role("heading", name=ural.legal_name)
    )
    entry.get_by_label(must).check()
    entry.get_by_role("textbox").fill("Machine tools for our Osaka plant")
    page.locator("li.catalogue-entry", has=page.get_by_role("heading", name=hanoi.legal_name)
                 ).get_by_label(no).check()  # fmt: skip
    shot(page, "scheduling-requests-ja")
    page.get_by_role("button", name=save).click()
    expect(page.locator(".messages")).to_be_visible()
    requests = {
        r.target_id: r for r in MeetingRequest.objects.filter(programme=programme, company=naniwa1)
    }
    assert requests[ural.pk].preference == "must"
    assert requests[ural.pk].note == "Machine tools for our Osaka plant"
    assert requests[hanoi.pk].preference == "no"

    # An adviser blocks a pair: prior partners.
    page.context.clear_cookies()
    log_in(page, "adviser-sato")
    page.goto(f"{base}/pairs/score/")
    page.get_by_label("Overseas company").select_option(str(saigon.pk))
    page.get_by_label("Japanese company").select_option(str(naniwa2.pk))
    page.get_by_label("Block the pair: these two companies never meet").check()
    page.get_by_label("Reason").select_option("prior_partner")
    page.get_by_label("Explanation").fill("Distributor of Saigon Precision Parts since 2019")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text(f"{saigon.display_name} × {naniwa2.display_name}: blocked.")
    ).to_be_visible()
    assert PairScore.objects.get(programme=programme, overseas=saigon, domestic=naniwa2).blocked
    shot(page, "scheduling-adviser-block")

    # Staff start a run (a job; Celery is eager in the tests) and read its quality.
    page.context.clear_cookies()
    log_in(page, "staff")
    page.goto(f"{base}/schedules/")
    page.get_by_label("Time limit (seconds)").fill("10")
    page.get_by_role("button", name="Start the run").click()
    expect(page.get_by_text(re.compile(r"Run \d+ is queued"))).to_be_visible()
    first = Schedule.objects.get(programme=programme)
    ratio = f"{first.quality['ratio']:.4f}"
    expect(page.locator("table.schedules")).to_contain_text(ratio)
    assert first.quality["ratio"] >= 0.99
    assert _active(first).filter(overseas=ural, domestic=naniwa1).exists()  # the "must meet"
    assert not first.meetings.filter(overseas=saigon, domestic=naniwa2).exists()  # blocked
    assert not first.meetings.filter(overseas=hanoi, domestic=naniwa1).exists()  # not interested
    shot(page, "scheduling-first-run")

    # A second run with a shorter time limit; compare the two drafts side by side.
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Start the run").click()
    expect(page.locator("table.schedules tbody tr")).to_have_count(2)
    second = Schedule.objects.filter(programme=programme).exclude(pk=first.pk).get()
    page.get_by_role("button", name="Compare the two chosen schedules").click()
    expect(page.get_by_role("heading", name="Compare schedules")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ pairs meet in both"))).to_be_visible()
    columns = page.locator(".compare section")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text(str(first))
    expect(columns.nth(1)).to_contain_text(str(second))
    expect(columns.nth(0)).to_contain_text(ratio)
    shot(page, "scheduling-compare")

    # Publish the first draft: every participant is e-mailed.
    columns.nth(0).get_by_role("link", name=str(first)).click()
    page.get_by_label("Yes, publish and e-mail every participant.").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("is published")).to_be_visible()
    first.refresh_from_db()
    assert first.status == Schedule.Status.PUBLISHED
    assert len(mail.outbox) >= len(overseas) + len(domestic)

    # The grid of day 1: move a meeting to a free slot.
    moving, slot, day = _free_move(first, sessions)
    page.get_by_role("link", name=re.compile(rf"^Grid, day {day + 1}")).click()
    expect(page.locator("table.meeting-grid")).to_be_visible()
    shot(page, "scheduling-grid")
    page.locator(f"a.partner[href*='meeting={moving.pk}#']").click()
    panel = page.locator("#edit")
    expect(panel).to_contain_text(moving.domestic.legal_name)
    panel.get_by_label("Move to").select_option(str(slot))
    page.evaluate("window.gridNotReloaded = true")  # gone if the edit reloads the whole page
    panel.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("The meeting is moved.")).to_be_visible()
    assert page.evaluate("window.gridNotReloaded === true")  # htmx swapped the grid in place
    assert f"meeting={moving.pk}" in page.url  # the address is the grid's, as after a reload
    moving.refresh_from_db()
    assert moving.slot == slot and moving.status == "planned"

    # ...and try to move another into a slot where its Japanese company already meets.
    refused, other, day = _double_booking(first, sessions)
    page.get_by_role("link", name=re.compile(rf"^Day {day + 1} ")).click()
    before = list(first.meetings.order_by("pk").values_list("pk", "slot", "table_id", "status"))
    page.locator(f"a.partner[href*='meeting={refused.pk}#']").click()
    expect(panel).to_contain_text(refused.domestic.legal_name)
    panel.get_by_label("Move to").select_option(str(other.slot))
    panel.get_by_role("button", name="Move", exact=True).click()
    reason = f"Double booking: {refused.domestic.legal_name} already meets"
    expect(page.locator(".messages")).to_contain_text(reason)
    shot(page, "scheduling-refused")
    after = list(first.meetings.order_by("pk").values_list("pk", "slot", "table_id", "status"))
    assert after == before

    # Day 2: an overseas company cancels (the one with most meetings that day, of those whose
    # agenda is not read below); the repair preview lists only its meetings of the day.
    absent = max(
        (bangkok, hanoi),
        key=lambda o: _active(first).filter(activity=sessions[1], overseas=o).count(),
    )
    lost = set(
        _active(first)
        .filter(activity=sessions[1], overseas=absent)
        .values_list("domestic__legal_name", flat=True)
    )
    assert lost
    untouched = set(
        _active(first).exclude(overseas=absent, activity=sessions[1]).values_list(
            "pk", "slot", "table_id"
        )
    )  # fmt: skip
    page.goto(f"{base}/schedules/{first.pk}/")
    page.get_by_role("link", name="The day itself: absences and repair").click()
    absence = page.locator("form:has(#absence-reason)")  # the company form, not the interpreter's
    absence.get_by_label("Company", exact=True).select_option(str(absent.pk))
    absence.get_by_label("Day", exact=True).select_option(str(sessions[1].pk))
    absence.get_by_label("Reason", exact=True).fill("Flight cancelled")
    absence.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded. Preview the repair")).to_be_visible()
    page.get_by_role("button", name="Preview the repair").click()
    expect(page.get_by_role("heading", name="Repair preview")).to_be_visible()
    rows = page.locator("table.changes tbody tr")
    shot(page, "scheduling-repair-preview")
    expect(rows).to_have_count(len(lost))  # one row per lost meeting, nothing else
    expect(page.locator("table.changes tr.change-added")).to_have_count(0)
    for n in range(len(lost)):
        expect(rows.nth(n).locator("td").nth(1)).to_have_text(absent.legal_name)
    assert {rows.nth(n).locator("td").nth(2).inner_text() for n in range(len(lost))} == lost
    page.get_by_role("button", name="Save these changes").click()
    expect(
        page.get_by_text(re.compile(r"Repaired: \d+ moved, \d+ removed, 0 added"))
    ).to_be_visible()
    assert not _active(first).filter(overseas=absent, activity=sessions[1]).exists()
    assert set(_active(first).values_list("pk", "slot", "table_id")) == untouched

    # The Japanese company downloads its agenda in Japanese: PDF and iCalendar file.
    page.context.clear_cookies()
    log_in(page, naniwa_user.username)
    page.goto(f"{base}/agenda/")
    with translation.override("ja"):
        download_pdf, add_to_calendar = (
            gettext("Download PDF"),
            gettext("Add to calendar (iCalendar)"),
        )
        heading = gettext("Agenda: %(name)s") % {"name": ""}
    assert download_pdf != "Download PDF"
    expect(page.locator("h1")).to_contain_text(heading.strip())
    shot(page, "scheduling-agenda-ja")
    name, content = _download(page, download_pdf)
    assert name.endswith("-ja.pdf")
    text, fonts = _pdf_text(content)
    assert heading.strip()[:2] in text and ural.legal_name in text, text
    assert any("Noto" in f for f in fonts), fonts
    _name, ics = _download(page, add_to_calendar)
    calendar, events = _ics_events(ics)
    mine = first.meetings.filter(domestic=naniwa1)
    assert len(events) == mine.count() > 0
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == programme.time_zone
    assert all(e["DTSTART"].params.get("TZID") == programme.time_zone for e in events)

    # The Russian-speaking overseas company reads its agenda in Russian.
    page.context.clear_cookies()
    log_in(page, ural_user.username)
    page.goto(f"{base}/agenda/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    with translation.override("ru"):
        download_pdf, add_to_calendar = (
            gettext("Download PDF"),
            gettext("Add to calendar (iCalendar)"),
        )
        heading = (gettext("Agenda: %(name)s") % {"name": ""}).strip()
    assert re.search("[а-яА-Я]", heading + download_pdf), heading
    expect(page.locator("h1")).to_contain_text(heading)
    shot(page, "scheduling-agenda-ru")
    name, content = _download(page, download_pdf)
    assert name.endswith("-ru.pdf")
    text, fonts = _pdf_text(content)
    assert heading.split()[0] in text and naniwa1.legal_name.split()[0] in text, text
    assert any("Noto" in f for f in fonts), fonts
    _name, ics = _download(page, add_to_calendar)
    _calendar, events = _ics_events(ics)
    assert len(events) == first.meetings.filter(overseas=ural).count() > 0

    # The interpreter of Saigon Precision Parts' table reads theirs in English.
    page.context.clear_cookies()
    log_in(page, interpreters[0].username)
    page.goto(f"{base}/agenda/")
    expect(page.locator("h1")).to_contain_text("Agenda:")
    shot(page, "scheduling-agenda-interpreter")
    name, content = _download(page, "Download PDF")
    assert name.endswith("-en.pdf")
    text, _fonts = _pdf_text(content)
    assert "Agenda" in text and saigon.legal_name in text, text
    _name, ics = _download(page, "Add to calendar (iCalendar)")
    _calendar, events = _ics_events(ics)
    assert len(events) == first.meetings.filter(interpreter=interpreters[0]).count() > 0
