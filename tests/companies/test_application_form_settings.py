"""Staff settings of a programme's application form and its own questions
(companies/views/applications.py: form.edit, question.create/edit/delete)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from companies.models import ApplicationForm, Question
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def settings_form(**overrides) -> dict:
    data = {
        "is_open": "on",
        "deadline": "2027-01-31T17:00",
        "rule_set": "",
        "intro": "Twenty CEOs from Vietnam and Thailand.",
        "intro_ja": "ベトナムとタイの経営者20名。",
        "intro_ru": "",
        "languages": ["en", "ja", "ru"],
    }
    return {**data, **overrides}


def test_form_settings_open_the_form_with_a_deadline_entered_in_the_programmes_time(
    staff_client, programme
):
    url = reverse("companies:form.edit", args=[programme.slug])

    page = staff_client.get(url)
    response = staff_client.post(url, settings_form())

    assert page.status_code == 200
    form = ApplicationForm.objects.get(programme=programme)
    assert "Time in Asia/Tokyo." in page.content.decode()
    assert f"/apply/{form.public_token}/" in page.content.decode()
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.is_open is True
    # 17:00 in Tokyo is 08:00 UTC
    assert form.deadline == datetime(2027, 1, 31, 8, 0, tzinfo=UTC)
    assert (form.intro, form.intro_ja, form.rule_set) == (
        "Twenty CEOs from Vietnam and Thailand.",
        "ベトナムとタイの経営者20名。",
        None,
    )
    # shown again in the programme's time
    page = staff_client.get(url)
    assert 'value="2027-01-31T17:00"' in page.content.decode()


def test_form_settings_choose_a_programme_rule_set(staff_client, programme):
    rule = factories.RuleSetFactory(name="ceo-network-rule", title="CEO Network rule")
    url = reverse("companies:form.edit", args=[programme.slug])

    staff_client.post(url, settings_form(rule_set=rule.pk, deadline=""))

    form = ApplicationForm.objects.get(programme=programme)
    assert (form.rule_set, form.deadline) == (rule, None)


def test_form_settings_refuse_a_malformed_deadline(staff_client, programme):
    url = reverse("companies:form.edit", args=[programme.slug])

    response = staff_client.post(url, settings_form(deadline="end of January"))

    assert response.context["form"].errors == {
        "deadline": ["Give the date and time, e.g. 2027-01-31 17:00."]
    }
    assert ApplicationForm.objects.get(programme=programme).is_open is False


def test_staff_add_a_choice_question_with_one_answer_per_line(staff_client, programme):
    response = staff_client.post(
        reverse("companies:question.create", args=[programme.slug]),
        {
            "kind": "choice",
            "title": "Which city would you visit?",
            "title_ja": "訪問したい都市は？",
            "title_ru": "Какой город вы бы посетили?",
            "choices": "Osaka\r\n\r\n  Tokyo  \r\nNagoya",
            "required": "on",
            "position": "3",
        },
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.form.programme, question.kind, question.choices, question.required) == (
        programme,
        "choice",
        ["Osaka", "Tokyo", "Nagoya"],
        True,
    )
    page = staff_client.get(reverse("companies:form.edit", args=[programme.slug])).content.decode()
    assert "Which city would you visit?" in page
    assert '<span class="chip">Nagoya</span>' in page


def test_a_choice_question_needs_two_answers(staff_client, programme):
    response = staff_client.post(
        reverse("companies:question.create", args=[programme.slug]),
        {"kind": "choice", "title": "Which city?", "choices": "Osaka", "position": "1"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "choices": ["A choice question needs at least two answers."]
    }
    assert not Question.objects.exists()


def test_staff_edit_and_delete_a_question(staff_client, programme):
    form = factories.ApplicationFormFactory(programme=programme)
    question = factories.QuestionFactory(form=form, kind="choice", choices=["A", "B"])
    other_programme_question = factories.QuestionFactory()
    edit_url = reverse("companies:question.edit", args=[programme.slug, question.pk])

    page = staff_client.get(edit_url)
    edited = staff_client.post(
        edit_url, {"kind": "number", "title": "How many engineers?", "position": "2"}
    )

    assert page.context["form"]["choices"].value() == "A\nB"
    assert edited.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.title, question.choices) == (
        "number",
        "How many engineers?",
        [],
    )
    wrong = staff_client.post(
        reverse("companies:question.delete", args=[programme.slug, other_programme_question.pk])
    )
    deleted = staff_client.post(
        reverse("companies:question.delete", args=[programme.slug, question.pk])
    )
    assert (wrong.status_code, deleted.status_code) == (404, 302)
    assert list(Question.objects.all()) == [other_programme_question]
