"""One journey per role on the demo data (issue 12): each role signs in, lands on its main page
and reaches its next step without a dead end, its top bar shows what it can use, and a missing
or forbidden address gives the project's own error page (never Django's bare or debug page).

The demo is loaded inside each test (`load_demo`, `load_demo_applications`,
`load_demo_assessment`: ~7 s; `load_demo_matching` is not needed and takes twice that).
Screenshots go to $SCREENSHOT_DIR (var/screenshots by default), like test_journeys.py."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from companies.models import Application, ApplicationForm

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
PASSWORD = "demo-pass-2027"  # the demo's password (programmes/management/commands/load_demo.py)
CEO = "ceo-network-2027-vn-th"
CEO_TITLE = "SMEs' CEO Network Enhancing Project: Vietnam and Thailand, auto parts and electronics"
JAPAN_RUSSIA = "japan-russia-sme-2027"

# What Django shows when the project's own pages are not used.
RAW_ERROR_TEXT = ("Page not found (404)", "URLconf", "Traceback", "Using the URLconf", "CSRF")


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet")
    call_command("load_demo_applications", "--quiet")
    call_command("load_demo_assessment", "--quiet")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"roles-{name}.png"), full_page=True)


def sign_in(page, username: str) -> None:
    """Sign in as the demo user and read the pages in English (a user's own language may be
    another: the reviewer and the advisers read Japanese)."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")  # the language buttons are submit buttons too
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    if page.locator("html").get_attribute("lang") != "en":
        page.click("header.topbar button[lang=en]")
        expect(page.locator("html")).to_have_attribute("lang", "en")


def top_bar(page):
    return page.locator("header.topbar nav.mainnav")


def nav_labels(page) -> list[str]:
    return [text.strip() for text in top_bar(page).locator("a").all_inner_texts()]


def assert_own_error_page(page, path: str, status: int, *, signed_in: bool = True) -> None:
    """The address answers `status` with the project's page: the top bar (and its navigation
    when signed in), a way on, and none of Django's bare or debug text."""
    response = page.goto(f"{page.base_url}{path}")
    assert response.status == status, f"{path}: {response.status}"
    expect(page.locator("header.topbar")).to_be_visible()
    if signed_in:
        assert top_bar(page).locator("a").count() >= 1
    card = page.locator(".error-page")
    expect(card).to_be_visible()
    expect(card.locator(".error-code")).to_have_text(str(status))
    language = page.evaluate("document.documentElement.lang") or "en"
    with translation.override(language):
        home = gettext("To your home page")
    expect(card.get_by_role("link", name=home)).to_be_visible()
    body = page.locator("body").inner_text()
    for raw in RAW_ERROR_TEXT:
        assert raw not in body, f"{path} shows {raw!r}"
    assert not re.search(r"^\s*403 Forbidden\s*$", body, re.MULTILINE)


def test_staff_reaches_the_ranking_and_the_applicants(page, demo):
    sign_in(page, "staff")
    expect(page).to_have_url(f"{page.base_url}/programmes/")
    assert {"Programmes", "Organisations", "Background jobs", "API"} <= set(nav_labels(page))
    shot(page, "staff-programmes")

    page.get_by_role("link", name=CEO_TITLE).click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/")
    page.get_by_role("link", name="Assessment and selection").click()
    expect(page.get_by_role("heading", name="Assessment and selection")).to_be_visible()
    page.get_by_role("link", name="Ranking and decisions").first.click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/assessment/ranking/")
    expect(page.get_by_role("link", name="Saigon Auto Parts JSC")).to_be_visible()
    shot(page, "staff-ranking")

    page.get_by_role("link", name=CEO_TITLE).first.click()
    page.get_by_role("link", name="Applicants", exact=True).click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/applications/")
    # Both counterparts' applicants are the staff's to see.
    expect(page.get_by_role("link", name="Saigon Auto Parts JSC")).to_be_visible()
    expect(page.get_by_role("link", name="Siam Auto Components Co., Ltd.")).to_be_visible()

    assert_own_error_page(page, "/programmes/no-such-programme/", 404)


def test_counterpart_sees_only_its_own_applicants_and_can_upload(page, demo):
    thai = Application.objects.get(
        programme__slug=CEO, company__legal_name="Siam Auto Components Co., Ltd."
    )
    sign_in(page, "counterpart-vn")
    expect(page).to_have_url(f"{page.base_url}/programmes/")
    assert {"Programmes", "Background jobs", "API"} <= set(nav_labels(page))
    assert "Organisations" not in nav_labels(page)

    page.get_by_role("link", name=CEO_TITLE).click()
    page.get_by_role("link", name="Applicants", exact=True).click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/applications/")
    expect(page.get_by_role("link", name="Saigon Auto Parts JSC")).to_be_visible()
    names = page.locator("main table tbody tr").all_inner_texts()
    assert names and all("Siam" not in row and "Bangkok" not in row for row in names), names
    shot(page, "counterpart-applicants")

    page.get_by_role("link", name=CEO_TITLE).first.click()
    page.get_by_role("link", name="Upload an applicant list").click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/uploads/")
    expect(page.locator("main input[type=file]")).to_have_count(1)
    shot(page, "counterpart-upload")

    # Another counterpart's applicant and the staff's ranking are refused on the project's page.
    response = page.goto(f"{page.base_url}/programmes/{CEO}/applications/{thai.pk}/")
    assert response.status in (403, 404)
    assert_own_error_page(page, f"/programmes/{CEO}/applications/{thai.pk}/", response.status)
    assert_own_error_page(page, f"/programmes/{CEO}/assessment/ranking/", 403)
    assert_own_error_page(page, "/no-such-page/", 404)

    # The Russian counterpart on the Japan–Russia event: its own Russian applicants, in Russian.
    russian = Application.objects.filter(
        programme__slug=JAPAN_RUSSIA, counterpart__slug="opora-russia"
    )
    assert russian.count() > 0
    page.context.clear_cookies()
    sign_in(page, "counterpart-ru")
    page.get_by_role("link", name="Japan–Russia SME networking event").click()
    page.get_by_role("link", name="Applicants", exact=True).click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{JAPAN_RUSSIA}/applications/")
    page.click("header.topbar button[lang=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    with translation.override("ru"):
        expect(page.get_by_role("heading", name=gettext("Applicants"))).to_be_visible()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(russian.count())
    for application in russian:
        expect(page.locator("main table")).to_contain_text(application.company.legal_name)
    shot(page, "counterpart-ru-applicants-ru")


def test_adviser_finds_my_reviews_and_opens_a_scoring_page(page, demo):
    sign_in(page, "adviser")
    # Signing in lands on the reviews of the adviser's programme; "My reviews" is in the top bar.
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/reviews/")
    # Nothing assigned yet (the demo leaves that to staff): the page says who assigns.
    expect(page.locator("main .empty")).to_contain_text("The programme staff assign")
    call_command("load_demo_assessment", "--quiet", "--assign")  # staff's "Assign automatically"
    assert "Background jobs" not in nav_labels(page) and "API" not in nav_labels(page)
    page.get_by_role("link", name="Programmes", exact=True).first.click()
    top_bar(page).get_by_role("link", name="My reviews").click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/reviews/")
    shot(page, "adviser-reviews")

    page.locator(f"main a[href^='/programmes/{CEO}/reviews/']").first.click()
    expect(page).to_have_url(re.compile(rf"/programmes/{CEO}/reviews/\d+/$"))
    expect(page.locator("main form[method=post]").first).to_be_visible()
    expect(page.locator("main form button[type=submit]").first).to_be_visible()
    shot(page, "adviser-scoring")

    assert_own_error_page(page, f"/programmes/{CEO}/assessment/ranking/", 403)
    assert_own_error_page(page, "/no-such-page/", 404)


def test_company_lands_on_my_applications_and_opens_its_own(page, demo):
    sign_in(page, "company-vn")
    expect(page).to_have_url(f"{page.base_url}/my/applications/")
    labels = nav_labels(page)
    assert "My applications" in labels and "Programmes" in labels
    assert not {"Background jobs", "API", "Organisations"} & set(labels), labels
    expect(page.get_by_role("link", name=CEO_TITLE)).to_be_visible()
    shot(page, "company-my-applications")

    page.get_by_role("link", name="Open the application").first.click()
    expect(page).to_have_url(re.compile(r"/apply/a/[\w-]+/$"))
    expect(page.locator("main")).to_contain_text("Saigon Auto Parts JSC")
    # The status card says where the application stands, even with no recorded step yet.
    expect(page.locator(".trail-summary li").first).to_be_visible()
    expect(page.locator("header.topbar")).to_be_visible()
    shot(page, "company-application")

    assert_own_error_page(page, f"/programmes/{CEO}/applications/", 403)
    assert_own_error_page(page, "/no-such-page/", 404)


def test_reviewer_reads_the_selection_results_and_is_refused_the_ranking(page, demo):
    sign_in(page, "reviewer")
    expect(page).to_have_url(f"{page.base_url}/programmes/")
    assert not {"Background jobs", "API", "Organisations"} & set(nav_labels(page))

    page.get_by_role("link", name=CEO_TITLE).click()
    page.get_by_role("link", name="Selection results").click()
    expect(page).to_have_url(f"{page.base_url}/programmes/{CEO}/assessment/results/")
    expect(page.get_by_role("heading", name="Selection results")).to_be_visible()
    received = (
        Application.objects.filter(programme__slug=CEO)
        .exclude(status=Application.Status.DRAFT)
        .exclude(decision__invited=True)
        .count()
    )
    assert received > 0
    figure = page.locator(".results-figures dl div", has_text="Applications received")
    expect(figure.locator("dd")).to_have_text(str(received))
    expect(page.get_by_role("heading", name="By counterpart organisation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Agency for Enterprise Development (Vietnam)")
    shot(page, "reviewer-results")

    assert_own_error_page(page, f"/programmes/{CEO}/assessment/ranking/", 403)
    expect(page.locator(".error-page h1")).to_have_text("You may not open this page")
    assert_own_error_page(page, f"/programmes/{CEO}/applications/", 403)
    # The refusal is translated (its text through the catalogue, the top bar in Japanese).
    page.click("header.topbar button[lang=ja]")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    with translation.override("ja"):
        heading, programmes = gettext("You may not open this page"), gettext("Programmes")
    assert programmes != "Programmes"
    expect(top_bar(page).get_by_role("link", name=programmes)).to_be_visible()
    expect(page.locator(".error-page h1")).to_have_text(heading)
    shot(page, "reviewer-403-ja")
    assert_own_error_page(page, "/no-such-page/", 404)


def test_public_form_in_vietnamese_and_thai(page, transactional_db):
    call_command("load_demo", "--quiet")
    call_command("load_demo_applications", "--quiet")  # it opens the form
    form = ApplicationForm.objects.get(programme__slug=CEO)
    page.goto(f"{page.base_url}/apply/{form.public_token}/")
    switch = page.locator("header.topbar form.langswitch button")
    offered = [button.get_attribute("lang") for button in switch.all()]
    assert offered == form.offered_languages and "ru" not in offered, offered
    for language, script in [
        ("vi", r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]"),
        ("th", r"[\u0e00-\u0e7f]"),
    ]:
        page.click(f"header.topbar button[lang={language}]")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(f"header.topbar button[lang={language}]")).to_have_class("current")
        main = page.locator("main").inner_text()
        title = getattr(form.programme, f"title_{language}")
        assert title and title in main
        assert len(re.findall(script, main)) > 20, main[:400]
        shot(page, f"form-{language}")

    # Nobody signed in: a missing address is the project's page too, with a way to sign in.
    assert_own_error_page(page, "/no-such-page/", 404, signed_in=False)
    with translation.override(page.evaluate("document.documentElement.lang") or "en"):
        sign_in_label = gettext("Sign in")
    expect(page.locator(".error-page").get_by_role("link", name=sign_in_label)).to_be_visible()


def test_the_demo_serves_the_projects_error_pages():
    """bin/serve-demo runs with DEBUG off unless asked otherwise, so the demo shows the project's
    own error pages (the live server of the tests above runs with DEBUG off too)."""
    script = (Path(__file__).resolve().parents[2] / "bin" / "serve-demo").read_text()
    assert re.search(r'^export DEBUG="\$\{DEBUG:-false\}"$', script, re.MULTILINE)
