"""The public application form, driven through the test client as an applicant's browser would:
start without an account, get the private link by e-mail, edit the draft, see the SME result,
submit, withdraw; and the refusals (closed form, passed deadline, invalid fields)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from companies.models import Application, ApplicationEvent, Company, Question
from companies.services.applications import private_link
from companies.services.companies import builtin_rule_sets_sync
from tests import factories

pytestmark = pytest.mark.django_db

SMALL_RU = "employees 80 ≤ 100, the small limit (all sectors)"
RU_RULE_TITLE = "Russia: Federal Law 209-FZ with Government Decree 265 (2016)"


@pytest.fixture(autouse=True)
def rule_sets(db):
    builtin_rule_sets_sync()


@pytest.fixture
def form(programme):
    return factories.ApplicationFormFactory(
        programme=programme,
        is_open=True,
        deadline=timezone.now() + timedelta(days=30),
        intro="Apply by the end of the month.",
        intro_ru="Подайте заявку до конца месяца.",
    )


def company_form(**overrides) -> dict:
    """What an applicant from Russia types: 80 employees, RUB 500M sales (a small enterprise)."""
    data = {
        "legal_name": "Sever Instruments LLC",
        "local_name": "ООО «Север Инструментс»",
        "latin_name": "OOO Sever Instruments",
        "registration_number": "",
        "country": "RU",
        "sector": "manufacturing",
        "legal_form": "company",
        "year_founded": "2008",
        "website": "https://sever.example",
        "business_profile": "Measuring instruments for oil pipelines.",
        "currency": "RUB",
        "capital": "10 000 000",
        "sales": "500,000,000",
        "balance_sheet": "",
        "figures_date": "2025-12-31",
        "employees": "80",
        "growth_rate": "12.5",
        "exports": "yes",
        "imports": "no",
        "overseas_trade": "Kazakhstan and Uzbekistan since 2015.",
        "japanese_partner_experience": "no",
        "japanese_support_programmes": "",
        "contact_name": "Irina Sokolova",
        "contact_email": "irina@sever.example",
        "contact_phone": "+7 495 000 00 00",
    }
    return {**data, **overrides}


def start_form(**overrides) -> dict:
    return {**company_form(), "email": "irina@sever.example", **overrides}


def start_url(form) -> str:
    return reverse("companies:apply.start", args=[form.public_token])


def private_url(application) -> str:
    return reverse("companies:apply.private", args=[application.access_token])


def start(client, form, capture, **headers) -> Application:
    with capture(execute=True):
        response = client.post(start_url(form), start_form(), **headers)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert response.url == private_url(application)
    return application


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- the whole journey ----------------------------------------------------------------------


def test_applicant_starts_in_russian_edits_checks_and_submits_and_becomes_eligible(
    client, form, django_capture_on_commit_callbacks
):
    page = client.get(start_url(form), HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    assert "Подайте заявку до конца месяца." in page.content.decode()

    application = start(client, form, django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="ru")

    # A draft in Russian, with the company as typed (amounts with separators read as numbers).
    company = application.company
    assert (application.status, application.language, application.email) == (
        "draft",
        "ru",
        "irina@sever.example",
    )
    assert application.source == Application.Source.FORM
    assert (company.legal_name, company.local_name, str(company.country)) == (
        "Sever Instruments LLC",
        "ООО «Север Инструментс»",
        "RU",
    )
    assert (company.capital, company.sales, company.employees) == (10_000_000, 500_000_000, 80)
    assert (company.exports, company.imports, company.japanese_partner_experience) == (
        True,
        False,
        False,
    )
    # The e-mail goes out in Russian, with the private link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["irina@sever.example"]
    assert "Проект укрепления сети руководителей МСП" in message.subject
    assert private_link(application) in message.body
    # The private page says the link was sent, and shows the stored SME result.
    # (It opens in the applicant's language; this reader switched to English.)
    client.cookies["django_language"] = "en"
    page = client.get(private_url(application))
    content = page.content.decode()
    with translation.override("ru"):
        sent = gettext(
            "Your draft is saved. We have e-mailed the private link to %(email)s: use it "
            "to come back, complete and submit your application."
        ) % {"email": "irina@sever.example"}
    assert sent in content
    assert SMALL_RU in content
    assert RU_RULE_TITLE in content

    # Edit the draft: the change is kept in the trail.
    response = client.post(private_url(application), company_form(employees="90"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.employees == 90
    edit = application.events.get(kind=ApplicationEvent.Kind.EDITED)
    assert edit.changes == {"employees": [80, 90]}
    assert edit.actor == "irina@sever.example"

    # The live SME check reads the form as it is, and saves nothing.
    check = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(employees="95"),
        HTTP_HX_REQUEST="true",
    )
    content = check.content.decode()
    assert "<li>employees 95 ≤ 100, the small limit (all sectors)</li>" in content
    assert "Meets the SME definition" in content
    assert "Size class: Small" in content
    assert RU_RULE_TITLE in content
    company.refresh_from_db()
    assert company.employees == 90

    # Submit: the SME check moves it to eligible.
    response = client.post(
        reverse("companies:apply.submit", args=[application.access_token]), company_form()
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.eligible, application.size_class) == (
        "eligible",
        True,
        "small",
    )
    assert application.submitted_at is not None
    statuses = [
        (e.from_status, e.to_status)
        for e in application.events.filter(kind=ApplicationEvent.Kind.STATUS)
    ]
    assert statuses == [("draft", "submitted"), ("submitted", "eligible")]
    page = client.get(private_url(application)).content.decode()
    assert "Your application is submitted. Its status is now “Eligible”." in page
    # The trail summary shows each status with its date, in the programme's time zone.
    local_day = timezone.localtime(application.submitted_at, form.programme.tzinfo)
    assert local_day.strftime("%Y-%m-%d") in page


def test_submitting_a_company_above_the_limits_makes_it_not_eligible_with_the_reason(
    client, form, django_capture_on_commit_callbacks
):
    application = start(client, form, django_capture_on_commit_callbacks)

    client.post(
        reverse("companies:apply.submit", args=[application.access_token]),
        company_form(employees="400"),
    )

    application.refresh_from_db()
    assert (application.status, application.eligible, application.size_class) == (
        "ineligible",
        False,
        "large",
    )
    page = client.get(private_url(application)).content.decode()
    assert "employees 400 &gt; 250 (all sectors)" in page
    assert "Does not meet the SME definition" in page


def test_sme_check_without_an_exchange_rate_cannot_decide_and_says_which_rate_is_missing(
    client, form
):
    response = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(currency="EUR", sales="5000000", figures_date="2026-03-31"),
    )

    content = response.content.decode()
    assert "Cannot decide yet" in content
    assert (
        "cannot decide: no exchange rate from EUR to RUB dated on or before 2026-03-31" in content
    )


def test_sme_check_shows_the_exchange_rate_used(client, form):
    factories.ExchangeRateFactory(
        currency="USD", to_currency="RUB", rate="90", date="2026-01-05", source="Bank of Russia"
    )

    response = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(currency="USD", sales="5000000", figures_date="2026-03-31"),
    )

    content = response.content.decode()
    assert "Exchange rate used: 1 USD = 90 RUB on 2026-01-05 (Bank of Russia)" in content
    assert "sales RUB 450,000,000 ≤ 800,000,000, the small limit (all sectors)" in content


def test_sme_check_asks_for_country_sector_and_legal_form_first(client, form):
    response = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(country="", employees="many"),
    )

    content = response.content.decode()
    assert "Give the country, sector and legal form, then the figures" in content
    assert "Employees: Give the number of employees as a whole number." in content
    assert not Company.objects.exists()


def test_sme_check_never_assumes_a_currency(client, form):
    response = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(currency=""),
    )

    content = response.content.decode()
    assert "Currency: Give the currency of the capital and sales figures." in content
    assert "Meets the SME definition" not in content


def test_sme_check_says_when_no_rule_is_known_for_the_country(client, form):
    response = client.post(
        reverse("companies:apply.sme_check", args=[form.public_token]),
        company_form(country="US", currency="USD", figures_date="2026-03-31"),
    )

    content = response.content.decode()
    assert "Cannot decide yet" in content
    assert "No SME rule set is known for US on 2026-03-31." in content


def test_start_page_wires_the_figures_to_the_live_sme_check(client, form):
    content = client.get(start_url(form)).content.decode()

    check_url = reverse("companies:apply.sme_check", args=[form.public_token])
    assert (
        f'name="employees" min="0" hx-post="{check_url}" hx-trigger="change" '
        'hx-target="#sme-result" hx-include="closest form" hx-swap="innerHTML"'
    ) in content
    # country, sector, 2 legal forms, currency, capital, sales, balance sheet, date, employees
    assert content.count(f'hx-post="{check_url}"') == 10
    assert 'name="legal_name" hx-post' not in content
    assert '<div id="sme-result" aria-live="polite">' in content


def test_applicant_withdraws_and_can_no_longer_edit(
    client, form, django_capture_on_commit_callbacks
):
    application = start(client, form, django_capture_on_commit_callbacks)

    response = client.post(reverse("companies:apply.withdraw", args=[application.access_token]))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    event = application.events.get(kind=ApplicationEvent.Kind.STATUS)
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "withdrawn",
        "irina@sever.example",
    )
    response = client.post(private_url(application), company_form(employees="10"))
    assert response.status_code == 302
    application.company.refresh_from_db()
    assert application.company.employees == 80
    page = client.get(private_url(application)).content.decode()
    assert "This application can no longer be changed." in page
    assert 'name="employees"' not in page


# --- refusals -------------------------------------------------------------------------------


def test_deadline_passed_refuses_edits_and_submission_and_changes_nothing(
    client, form, django_capture_on_commit_callbacks
):
    application = start(client, form, django_capture_on_commit_callbacks)
    events_before = application.events.count()
    form.deadline = timezone.now() - timedelta(minutes=1)
    form.save()

    edit = client.post(private_url(application), company_form(employees="10"))
    submit = client.post(
        reverse("companies:apply.submit", args=[application.access_token]), company_form()
    )
    submit_button_only = client.post(
        reverse("companies:apply.submit", args=[application.access_token])
    )

    assert (edit.status_code, submit.status_code, submit_button_only.status_code) == (302,) * 3
    application.refresh_from_db()
    application.company.refresh_from_db()
    assert (application.status, application.company.employees) == ("draft", 80)
    assert application.events.count() == events_before
    page = client.get(private_url(application)).content.decode()
    assert "The deadline for applications has passed." in page
    assert 'name="employees"' not in page  # the form is no longer offered


def test_deadline_passed_shows_a_closed_page_and_starts_nothing(client, form):
    form.deadline = timezone.now() - timedelta(hours=1)
    form.save()

    page = client.get(start_url(form))
    post = client.post(start_url(form), start_form())

    assert (page.status_code, post.status_code) == (200, 200)
    assert "The deadline for applications has passed." in page.content.decode()
    assert "The deadline for applications has passed." in post.content.decode()
    assert not Application.objects.exists()
    assert not Company.objects.exists()
    assert mail.outbox == []


def test_closed_form_says_it_is_not_accepting_applications(client, form):
    form.is_open = False
    form.save()

    page = client.get(start_url(form))

    assert page.status_code == 200
    assert "This programme is not accepting applications." in page.content.decode()


def test_unknown_tokens_answer_404(client, form):
    assert client.get(reverse("companies:apply.start", args=["nope"])).status_code == 404
    assert client.get(reverse("companies:apply.private", args=["nope"])).status_code == 404
    assert client.post(reverse("companies:apply.sme_check", args=["nope"]), {}).status_code == 404
    assert client.post(reverse("companies:apply.submit", args=["nope"])).status_code == 404


def test_submitting_twice_is_refused_with_a_message(
    client, form, django_capture_on_commit_callbacks
):
    application = start(client, form, django_capture_on_commit_callbacks)
    submit = reverse("companies:apply.submit", args=[application.access_token])
    client.post(submit, company_form())

    response = client.post(submit, follow=True)

    assert "This application has already been submitted." in response.content.decode()
    assert application.events.filter(to_status="submitted").count() == 1


# --- field validation -----------------------------------------------------------------------


def test_start_shows_a_clear_message_on_each_invalid_field_and_saves_nothing(client, form):
    response = client.post(
        start_url(form),
        start_form(
            legal_name="",
            country="",
            employees="eighty",
            capital="12abc",
            growth_rate="fast",
            website="sever",
            email="not-an-email",
        ),
    )

    assert response.status_code == 200
    assert errors_of(response) == {
        "legal_name": ["Give the company's legal name."],
        "country": ["Choose the country where the company is registered."],
        "employees": ["Give the number of employees as a whole number."],
        "capital": ["Give the amount as a number, e.g. 15000000."],
        "growth_rate": ["Give the growth rate as a number, e.g. 12.5."],
        "website": ["Give the full address, e.g. https://example.com."],
        "email": ["Give a valid e-mail address: the private link is sent there."],
    }
    assert "Give the number of employees as a whole number." in response.content.decode()
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_start_shows_the_services_refusals_on_their_fields(client, form):
    response = client.post(
        start_url(form), start_form(year_founded="1700", currency="", capital="-5")
    )

    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["capital"] == ["This figure cannot be negative."]
    assert not Application.objects.exists()

    response = client.post(start_url(form), start_form(year_founded="1700", currency=""))

    year = timezone.localdate().year
    assert errors_of(response) == {
        "__all__": ["Some fields are not valid."],
        "currency": ["Give the currency of the capital and sales figures."],
        "year_founded": [f"Give a year between 1800 and {year}."],
    }
    assert not Application.objects.exists()


def test_submit_names_the_fields_still_missing(client, form, django_capture_on_commit_callbacks):
    application = start(client, form, django_capture_on_commit_callbacks)

    response = client.post(
        reverse("companies:apply.submit", args=[application.access_token]),
        company_form(contact_name=""),
    )

    assert response.status_code == 200
    assert errors_of(response) == {
        "__all__": ["Complete these fields before submitting."],
        "contact_name": ["This field is required to submit."],
    }
    application.refresh_from_db()
    assert application.status == "draft"


# --- the programme's own questions ----------------------------------------------------------


@pytest.fixture
def questions(form):
    return {
        "text": factories.QuestionFactory(
            form=form, kind=Question.Kind.TEXT, title="What do you want to learn in Japan?"
        ),
        "number": factories.QuestionFactory(
            form=form,
            kind=Question.Kind.NUMBER,
            title="How many engineers do you employ?",
            title_ru="Сколько у вас инженеров?",
        ),
        "choice": factories.QuestionFactory(
            form=form,
            kind=Question.Kind.CHOICE,
            title="Which city would you visit?",
            choices=["Osaka", "Tokyo"],
        ),
        "yes_no": factories.QuestionFactory(
            form=form,
            kind=Question.Kind.YES_NO,
            title="Can you pay your own flight?",
            required=True,
        ),
    }


def answers(questions, **values) -> dict:
    return {f"q{questions[kind].pk}": value for kind, value in values.items()}


def test_answers_of_each_kind_are_stored_and_shown_in_the_applicants_language(
    client, form, questions, django_capture_on_commit_callbacks
):
    page = client.get(start_url(form), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Сколько у вас инженеров?" in page
    assert "Which city would you visit?" in page  # no Russian title: English

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            start_url(form),
            {
                **start_form(),
                **answers(
                    questions, text="Lean production", number="12", choice="Osaka", yes_no="yes"
                ),
            },
        )

    application = Application.objects.get()
    assert application.answers == {
        str(questions["text"].pk): "Lean production",
        str(questions["number"].pk): "12",
        str(questions["choice"].pk): "Osaka",
        str(questions["yes_no"].pk): True,
    }


def test_invalid_answers_are_refused_on_their_questions(client, form, questions):
    response = client.post(
        start_url(form), {**start_form(), **answers(questions, number="a dozen", choice="Kyoto")}
    )

    assert errors_of(response) == {
        f"q{questions['number'].pk}": ["Give a number."],
        f"q{questions['choice'].pk}": ["Choose one of the offered answers."],
    }
    assert not Application.objects.exists()


def test_a_required_question_may_wait_for_the_draft_but_not_for_submission(
    client, form, questions, django_capture_on_commit_callbacks
):
    application = start(client, form, django_capture_on_commit_callbacks)

    response = client.post(
        reverse("companies:apply.submit", args=[application.access_token]), company_form()
    )

    assert errors_of(response) == {
        "__all__": ["Complete these fields before submitting."],
        f"q{questions['yes_no'].pk}": ["This question needs an answer."],
    }
    response = client.post(
        reverse("companies:apply.submit", args=[application.access_token]),
        {**company_form(), **answers(questions, yes_no="no")},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.answers == {str(questions["yes_no"].pk): False}


def test_private_link_opens_in_the_applicants_language_unless_the_browser_chose_one(client, form):
    application = factories.ApplicationFactory(
        programme=form.programme, status=Application.Status.DRAFT, language="ja"
    )
    url = reverse("companies:apply.private", kwargs={"token": application.access_token})

    assert '<html lang="ja"' in client.get(url).content.decode()

    client.cookies["django_language"] = "en"
    assert '<html lang="en"' in client.get(url).content.decode()
