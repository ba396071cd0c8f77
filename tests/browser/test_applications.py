"""The issue's journeys for companies: an overseas company applies in Russian and sees its SME
result before submitting; a counterpart uploads its lists, fixes the reported rows and confirms;
staff see every applicant with the SME result; another counterpart sees none of them."""

from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from companies.models import Application, ImportBatch
from programmes.models import Role
from tests import factories
from tests.browser.test_journeys import log_in, shot

HEADER = (
    "legal_name,local_name,country,sector,legal_form,currency,capital,sales,employees,"
    "contact_name,contact_email\r\n"
)


def _programme_with_form():
    programme = factories.ProgrammeFactory(
        slug="japan-russia-2027", title="Japan–Russia SME meeting 2027", title_ru="Встреча МСП"
    )
    form = factories.ApplicationFormFactory(
        programme=programme, is_open=True, deadline=timezone.now() + timedelta(days=30)
    )
    return programme, form


def test_a_russian_company_applies_in_russian_and_sees_its_sme_result(page, transactional_db):
    programme, form = _programme_with_form()

    page.goto(f"{page.base_url}/apply/{form.public_token}/")
    page.click("button[lang=ru]")
    page.wait_for_selector("html[lang=ru]")
    page.fill("#id_legal_name", "Ural Machine-Tool Works LLC")
    page.fill("#id_local_name", "ООО «Уральский станкостроительный завод»")
    page.select_option("#id_country", "RU")
    page.select_option("#id_sector", "manufacturing")
    page.check("input[name=legal_form][value=company]")
    page.select_option("#id_currency", "RUB")
    page.fill("#id_sales", "640000000")
    page.fill("#id_employees", "140")
    page.locator("#id_employees").dispatch_event("change")
    result = page.wait_for_selector(".sme-result[data-eligible=yes]")
    text = result.inner_text()
    with translation.override("ru"):
        verdict = gettext("Meets the SME definition")
    assert verdict != "Meets the SME definition"  # the Russian catalogue has it
    assert verdict in text and "140 ≤ 250" in text and "640\xa0000\xa0000" in text, text
    shot(page, "apply-ru-sme-result")

    page.fill("#id_contact_name", "Алексей Смирнов")
    page.fill("#id_contact_email", "a.smirnov@uralstanok.example")
    page.fill("#id_email", "a.smirnov@uralstanok.example")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".sme-result")
    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.language == "ru"
    assert application.access_token in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Ваша заявка")

    page.click("button[name=submit], button[formaction$='submit/']")
    page.wait_for_load_state()
    application.refresh_from_db()
    assert (application.status, application.eligible, application.size_class) == (
        Application.Status.ELIGIBLE,
        True,
        "medium",
    )
    shot(page, "apply-ru-submitted")


def _csv(rows: list[str], encoding: str) -> bytes:
    return (HEADER + "".join(f"{r}\r\n" for r in rows)).encode(encoding)


def test_a_counterpart_uploads_fixes_confirms_and_another_counterpart_sees_nothing(
    page, transactional_db, tmp_path: Path
):
    programme, _form = _programme_with_form()
    opora = factories.OrganisationFactory(name="OPORA RUSSIA", slug="opora", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=opora, role=Role.COUNTERPART
    )
    factories.UserFactory(username="irina", organisation=opora)
    other = factories.OrganisationFactory(name="Russian Export Center", slug="rec", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=other, role=Role.COUNTERPART
    )
    factories.UserFactory(username="pavel", organisation=other)
    factories.StaffUserFactory(username="staff")

    wrong = tmp_path / "opora-cp1251.csv"
    wrong.write_bytes(
        _csv(
            [
                "Sever Plast LLC,ООО «Север Пласт»,RU,manufacturing,company,RUB,"
                '"1,2 млн","450 млн",85,Ольга Иванова,olga@severplast.example',
                "Volga Tools JSC,АО «Волга Инструмент»,RU,manufacturing,company,RUB,"
                "10000000,abc,120,Пётр Орлов,orlov@volgatools.example",
            ],
            "cp1251",
        )
    )
    log_in(page, "irina")
    page.goto(f"{page.base_url}/programmes/{programme.slug}/uploads/")
    page.set_input_files("input[type=file]", str(wrong))
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=abc")
    assert 'column "sales": not a number: "abc"' in page.content()
    assert Application.objects.count() == 0
    shot(page, "upload-errors")

    fixed = tmp_path / "opora-cp1251-fixed.csv"
    fixed.write_bytes(wrong.read_bytes().replace(b",abc,", b",380000000,"))
    page.goto(f"{page.base_url}/programmes/{programme.slug}/uploads/")
    page.set_input_files("input[type=file]", str(fixed))
    page.click("button[type=submit].primary")
    page.wait_for_selector("form[action$='confirm/'] button")
    page.click("form[action$='confirm/'] button")
    page.wait_for_load_state()
    assert ImportBatch.objects.filter(status=ImportBatch.Status.APPLIED).count() == 1
    applications = Application.objects.order_by("company__legal_name")
    assert [(a.company.local_name, a.counterpart_id) for a in applications] == [
        ("ООО «Север Пласт»", opora.pk),
        ("АО «Волга Инструмент»", opora.pk),
    ]
    assert applications[0].company.capital == 1_200_000

    # Shift_JIS and XLSX too (a Japanese-language list kept by the same counterpart).
    sjis = tmp_path / "opora-sjis.csv"
    sjis.write_bytes(
        _csv(
            [
                "Sakura Trading LLC,さくら貿易合同会社,RU,wholesale,company,RUB,5000000,"
                "90000000,12,佐藤花子,sato@sakura.example"
            ],  # fmt: skip
            "cp932",
        )
    )
    page.goto(f"{page.base_url}/programmes/{programme.slug}/uploads/")
    page.set_input_files("input[type=file]", str(sjis))
    page.click("button[type=submit].primary")
    page.wait_for_selector("form[action$='confirm/'] button")
    assert "さくら貿易合同会社" in page.content()
    page.click("form[action$='confirm/'] button")
    page.wait_for_load_state()
    assert Application.objects.count() == 3

    log_in(page, "staff")
    page.goto(f"{page.base_url}/programmes/{programme.slug}/applications/")
    content = page.content()
    for name in ("Sever Plast LLC", "Volga Tools JSC", "Sakura Trading LLC"):
        assert name in content
    shot(page, "applications-staff")

    log_in(page, "pavel")
    page.goto(f"{page.base_url}/programmes/{programme.slug}/applications/")
    content = page.content()
    assert "Sever Plast" not in content and "Sakura" not in content
    response = page.goto(
        f"{page.base_url}/programmes/{programme.slug}/applications/{applications[0].pk}/"
    )
    assert response.status == 404
