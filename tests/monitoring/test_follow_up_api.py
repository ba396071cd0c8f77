"""The follow-up, return sales and survey APIs: staff work the cases and the return sales
(refusals in the one error shape, nothing written); a respondent reads and answers their own
survey by its token, without signing in; a reviewer gets 403."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from monitoring.models import FollowUp, FollowUpNote, FollowUpSurvey, ReturnSale, SurveyResponse
from monitoring.services import survey_answer
from monitoring.tokens import follow_up_token_for, token_for

BASE = "/api/v1/programmes/{slug}/outcomes"


def api_as(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def case(held):
    for kind in ("japanese", "overseas", "interpreter"):
        survey_answer(held.links[kind], took_place=True, level=4)
    return held.meeting.follow_up


@pytest.fixture
def base(held):
    return BASE.format(slug=held.programme.slug)


def test_follow_ups_list_filters_by_status_and_shows_a_case(case, base, staff):
    client = api_as(staff)
    rows = client.get(f"{base}/follow-ups/").json()
    assert [r["id"] for r in rows] == [case.pk] and rows[0]["status"] == "open"
    assert client.get(f"{base}/follow-ups/?status=negotiating").json() == []
    assert client.get(f"{base}/follow-ups/?status=nonsense").json() == []
    detail = client.get(f"{base}/follow-ups/{case.pk}/").json()
    assert detail["opened_level"] == 4
    assert sorted((s["months"], s["respondent_kind"]) for s in detail["surveys"]) == [
        (3, "japanese"), (3, "overseas"), (6, "japanese"), (6, "overseas"),
        (12, "japanese"), (12, "overseas"),
    ]  # fmt: skip


def test_staff_update_a_case_and_add_a_note(case, base, staff):
    client = api_as(staff)
    response = client.patch(
        f"{base}/follow-ups/{case.pk}/",
        {
            "status": "negotiating",
            "next_contact": "2027-04-01",
            "deal_value": "90000",
            "currency": "USD",
            "note": "Price talks",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "negotiating" and body["next_contact"] == "2027-04-01"
    assert (body["deal_value"], body["currency"]) == ("90000.00", "USD")
    assert [(n["status_to"], n["text"]) for n in body["notes"]] == [("negotiating", "Price talks")]
    added = client.post(f"{base}/follow-ups/{case.pk}/notes/", {"text": "Called"}, format="json")
    assert added.status_code == 201
    assert FollowUpNote.objects.filter(follow_up=case).count() == 2


def test_a_bad_update_answers_the_error_shape_and_changes_nothing(case, base, staff):
    response = api_as(staff).patch(
        f"{base}/follow-ups/{case.pk}/", {"status": "contacted", "deal_value": "5"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and "currency" in body["errors"]
    case.refresh_from_db()
    assert case.status == "open" and not case.notes.exists()


def test_return_sales_create_correct_delete(held, base, staff):
    client = api_as(staff)
    company = held.meeting.domestic
    data = {"company": company.pk, "period_start": "2027-03-01", "period_end": "2027-03-31",
            "amount": "1000", "currency": "eur"}  # fmt: skip
    created = client.post(f"{base}/return-sales/", data, format="json")
    assert created.status_code == 201, created.json()
    sale = created.json()
    assert (sale["currency"], sale["amount"], sale["company_name"]) == (
        "EUR",
        "1000.00",
        company.display_name,
    )
    overlap = client.post(
        f"{base}/return-sales/",
        {**data, "period_start": "2027-03-31", "period_end": "2027-04-30"},
        format="json",
    )
    assert overlap.status_code == 400 and "period_start" in overlap.json()["errors"]
    patched = client.patch(f"{base}/return-sales/{sale['id']}/", {"amount": "1500"}, format="json")
    assert patched.status_code == 200 and patched.json()["amount"] == "1500.00"
    assert patched.json()["period_end"] == "2027-03-31"
    put = client.put(
        f"{base}/return-sales/{sale['id']}/",
        {
            "period_start": "2027-03-01",
            "period_end": "2027-02-01",
            "amount": "1",
            "currency": "EUR",
        },
        format="json",
    )
    assert put.status_code == 400 and "period_end" in put.json()["errors"]
    assert ReturnSale.objects.get().amount == Decimal("1500")
    assert [r["id"] for r in client.get(f"{base}/return-sales/?company={company.pk}").json()] == [
        sale["id"]
    ]
    assert client.delete(f"{base}/return-sales/{sale['id']}/").status_code == 204
    assert not ReturnSale.objects.exists()


def test_a_reviewer_gets_403_on_every_case_endpoint(case, base, role_users):
    client = api_as(role_users["reviewer"])
    for path in ("follow-ups/", f"follow-ups/{case.pk}/", "return-sales/", "survey-responses/",
                 "follow-up-surveys/"):  # fmt: skip
        response = client.get(f"{base}/{path}")
        assert response.status_code == 403, path
        assert response.json()["code"] == "permission_denied"


def test_survey_responses_and_rounds_lists_for_staff(case, base, staff, held):
    client = api_as(staff)
    answers = client.get(f"{base}/survey-responses/").json()
    assert sorted(a["respondent_kind"] for a in answers) == ["interpreter", "japanese", "overseas"]
    assert {a["meeting"] for a in answers} == {held.meeting.pk}
    assert len(client.get(f"{base}/follow-up-surveys/").json()) == 6
    assert client.get(f"{base}/follow-up-surveys/?answered=1").json() == []


def test_a_respondent_reads_and_answers_their_meeting_survey_by_token(held):
    link = held.links["overseas"]
    client = api_as()
    url = f"/api/v1/surveys/{token_for(link.pk)}/"
    body = client.get(url).json()
    assert body["respondent_kind"] == "overseas" and body["answer"] is None
    assert body["meeting"] == held.meeting.pk
    bad = client.put(url, {"took_place": True, "level": 7}, format="json")
    assert bad.status_code == 400 and "level" in bad.json()["errors"]
    assert "1" in bad.json()["errors"]["level"][0]
    assert not SurveyResponse.objects.exists()
    ok = client.put(url, {"took_place": True, "level": 4, "transactions": {"sales": "agreed"}},
                    format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["answer"]["level"] == 4
    assert SurveyResponse.objects.get().link == link
    assert client.get("/api/v1/surveys/12.forged/").status_code == 404


def test_the_token_api_speaks_the_respondent_language(held):
    link = held.links["overseas"]  # applied in Russian
    response = api_as().put(
        f"/api/v1/surveys/{token_for(link.pk)}/", {"took_place": True, "level": 9}, format="json"
    )
    assert response.status_code == 400
    assert "1" in response.json()["errors"]["level"][0]
    assert response["Content-Language"] == "ru"


def test_a_company_answers_its_follow_up_survey_once_by_token(case, monkeypatch):
    from django.utils import timezone

    survey = FollowUpSurvey.objects.get(follow_up=case, respondent_kind="japanese", months=6)
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2027, 8, 20, 3, 0, tzinfo=datetime.UTC)
    )
    client = api_as()
    url = f"/api/v1/follow-up-surveys/{follow_up_token_for(survey.pk)}/"
    body = client.get(url).json()
    assert body["survey"]["months"] == 6 and body["sales_period_start"] == "2027-05-20"
    answer = {"status": "agreement_signed", "sales_amount": "42000", "sales_currency": "USD"}
    response = client.put(url, answer, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["survey"]["status"] == "agreement_signed"
    assert FollowUp.objects.get().status == "agreement_signed"
    sale = ReturnSale.objects.get()
    assert (sale.period_start, sale.period_end, sale.amount) == (
        datetime.date(2027, 5, 20),
        datetime.date(2027, 8, 19),
        Decimal("42000"),
    )
    again = client.put(url, {"status": "dropped"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    assert FollowUp.objects.get().status == "agreement_signed"
    assert client.get(f"/api/v1/follow-up-surveys/{token_for(survey.pk)}/").status_code == 404
