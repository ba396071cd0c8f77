import pytest
from django.urls import reverse

from monitoring.models import MeetingOutcome, SurveyResponse
from monitoring.services import survey_answer
from monitoring.tokens import token_for
from tests import factories


def url(link):
    return reverse("monitoring:survey", kwargs={"token": token_for(link.pk)})


@pytest.mark.parametrize(
    ("kind", "lang", "meaning"),
    [
        ("japanese", "ja", "強い関心あり。相互の企業訪問を約束"),
        ("overseas", "ru", "Соглашение подписано прямо на встрече"),
        ("interpreter", "en", "Not interested in cooperation"),
    ],
)
def test_survey_page_opens_in_the_respondents_language_with_the_level_meanings(
    client, held, kind, lang, meaning
):
    page = client.get(url(held.links[kind]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert meaning in html
    assert held.meeting.overseas.display_name in html


def test_the_language_switch_wins_over_the_stored_language(client, held, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get(url(held.links["japanese"])).content.decode()
    assert '<html lang="ru">' in html


def test_posting_the_survey_saves_then_edits_the_one_answer(client, held):
    link = held.links["japanese"]
    data = {"took_place": "yes", "level": "4", "tx_sales": "agreed", "estimated_value": "900",
            "currency": "USD", "next_steps": "Visit", "comment": "Good"}  # fmt: skip
    assert client.post(url(link), data).status_code == 302
    assert client.post(url(link), {**data, "level": "3"}).status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.level, response.transactions, response.currency) == (
        3, {"sales": "agreed"}, "USD"
    )  # fmt: skip
    assert response.language == "ja"
    html = client.get(url(link)).content.decode()
    assert 'value="3" checked' in html


def test_a_value_without_currency_is_refused_on_the_page_and_nothing_saved(client, held):
    page = client.post(
        url(held.links["overseas"]), {"took_place": "yes", "level": "4", "estimated_value": "10"}
    )
    assert page.status_code == 400
    assert "Укажите валюту ожидаемой суммы." in page.content.decode()
    assert '<html lang="ru">' in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_level_outside_1_to_5_is_refused_on_the_page(client, held):
    page = client.post(url(held.links["japanese"]), {"took_place": "yes", "level": "7"})
    assert "成果レベルは1〜5で指定してください（指定値：7）。" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_forged_token_gets_a_clear_refusal(client, held):
    forged = token_for(held.links["japanese"].pk)[:-3] + "abc"
    page = client.get(reverse("monitoring:survey", kwargs={"token": forged}))
    assert page.status_code == 404
    assert "This survey link is not valid." in page.content.decode()
    page = client.post(reverse("monitoring:survey", kwargs={"token": forged}), {"level": "3"})
    assert page.status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_no_show_meeting_page_says_so_and_takes_no_answer(client, held):
    held.meeting.status = "no_show"
    held.meeting.save()
    page = client.post(url(held.links["japanese"]), {"took_place": "yes", "level": "3"})
    assert page.status_code == 410
    assert "不参加として記録されている" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_disagreements_page_lists_flagged_meetings_and_staff_settle(client, held, staff):
    survey_answer(held.links["japanese"], took_place=True, level=5)
    survey_answer(held.links["overseas"], took_place=True, level=2)
    client.force_login(staff)
    slug = held.programme.slug
    page = client.get(reverse("monitoring:outcome.disagreements", kwargs={"slug": slug}))
    assert "1 meeting to settle." in page.content.decode()
    assert held.meeting.domestic.display_name in page.content.decode()
    client.post(
        reverse("monitoring:outcome.settle", kwargs={"slug": slug, "pk": held.meeting.pk}),
        {"level": "4", "note": "Agreed by phone"},
    )
    outcome = MeetingOutcome.objects.get()
    assert (outcome.settled_level, outcome.settled_by, outcome.note) == (
        4,
        staff,
        "Agreed by phone",
    )


def test_agenda_shows_the_respondents_own_survey_link_only(client, held):
    member = factories.UserFactory(organisation=factories.OrganisationFactory(kind="company"))
    company = held.meeting.domestic
    company.organisation = member.organisation
    company.save()
    factories.ProgrammeRoleFactory(programme=held.programme, user=member, role="company")
    agenda = reverse(
        "scheduling:agenda.company", kwargs={"slug": held.programme.slug, "pk": company.pk}
    )
    client.force_login(member)
    html = client.get(agenda).content.decode()
    assert url(held.links["japanese"]) in html
    assert url(held.links["overseas"]) not in html


def test_api_lists_outcomes_and_staff_settle(client, held, staff):
    survey_answer(held.links["japanese"], took_place=True, level=5)
    survey_answer(held.links["overseas"], took_place=True, level=1)
    client.force_login(staff)
    slug = held.programme.slug
    listed = client.get(reverse("api:outcome.list", kwargs={"slug": slug}) + "?flagged=1").json()
    assert [(o["meeting"], o["derived_level"], o["flagged"]) for o in listed] == [
        (held.meeting.pk, 1, True)
    ]
    assert sorted(r["level"] for r in listed[0]["responses"]) == [1, 5]
    settle = reverse("api:outcome.settle", kwargs={"slug": slug, "meeting": held.meeting.pk})
    refused = client.post(settle, {"level": 8}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "The outcome level must be from 1 to 5."
    done = client.post(settle, {"level": 2, "note": "x"}, content_type="application/json").json()
    assert (done["level"], done["settled_level"], done["settled_by"]) == (
        2, 2, staff.display_name()
    )  # fmt: skip


def test_disagreements_page_queries_do_not_grow_with_meetings(
    client, held, staff, django_assert_max_num_queries
):
    from monitoring.services import survey_links_issue
    from tests.monitoring.conftest import make_meeting

    for slot in (1, 2, 3):
        make_meeting(held.programme, schedule=held.meeting.schedule, slot=slot)
    survey_links_issue(held.programme)
    from monitoring.models import SurveyLink

    for link in SurveyLink.objects.exclude(respondent_kind="interpreter"):
        survey_answer(link, took_place=True, level=5 if link.respondent_kind == "japanese" else 1)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        page = client.get(
            reverse("monitoring:outcome.disagreements", kwargs={"slug": held.programme.slug})
        )
    assert "4 meetings to settle." in page.content.decode()


def test_the_settle_form_names_the_levels_in_the_readers_language(client, held, staff):
    survey_answer(held.links["japanese"], took_place=True, level=5)
    survey_answer(held.links["overseas"], took_place=True, level=2)
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    slug = held.programme.slug
    html = client.get(
        reverse("monitoring:outcome.disagreements", kwargs={"slug": slug})
    ).content.decode()
    assert "3 — 強い関心あり。相互の企業訪問を約束" in html
    assert "Very interested; promised mutual company visits" not in html
