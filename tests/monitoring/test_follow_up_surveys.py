"""Follow-up surveys at 3, 6 and 12 months: planned when a case opens, sent once when due,
answered once through the private link (refusals change nothing), the answer noted on the case,
the case's status moved by the stated rule, the Japanese company's sales recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from monitoring.exceptions import (
    AlreadyAnswered,
    AnswerRefused,
    LinkInvalid,
    NotSurveyed,
    SurveyClosed,
)
from monitoring.models import FollowUp, FollowUpNote, FollowUpSurvey, ReturnSale
from monitoring.services import (
    follow_up_survey_answer,
    follow_up_survey_resolve,
    follow_up_surveys_send,
    follow_up_update,
    survey_answer,
)
from monitoring.services.follow_up_surveys import add_months, round_period, status_after_answer
from monitoring.tasks import follow_up_surveys_send as send_task
from monitoring.tokens import follow_up_token_for, token_for

TOKYO = datetime.timezone(datetime.timedelta(hours=9))
# The programme (tests/factories.py) ends on 2027-02-19: rounds due 05-19, 08-19, 2028-02-19.
DUE_3 = datetime.datetime(2027, 5, 19, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def case(held):
    for kind in ("japanese", "overseas", "interpreter"):
        survey_answer(held.links[kind], took_place=True, level=3)
    return held.meeting.follow_up


@pytest.fixture
def time_machine(monkeypatch):
    """``time_machine.move_to(when)``: timezone.now() answers ``when`` (the pages and the task
    read the clock themselves)."""
    from django.utils import timezone

    class Machine:
        def move_to(self, when):
            monkeypatch.setattr(timezone, "now", lambda: when)

    return Machine()


def survey_of(case, kind, months=3):
    return FollowUpSurvey.objects.get(follow_up=case, respondent_kind=kind, months=months)


def test_opening_a_case_plans_three_rounds_for_both_companies(case, held):
    rows = list(FollowUpSurvey.objects.filter(follow_up=case).order_by("months", "respondent_kind"))

    assert [(r.months, r.respondent_kind) for r in rows] == [
        (3, "japanese"), (3, "overseas"), (6, "japanese"), (6, "overseas"),
        (12, "japanese"), (12, "overseas"),
    ]  # fmt: skip
    assert {r.due_date for r in rows} == {
        datetime.date(2027, 5, 19), datetime.date(2027, 8, 19), datetime.date(2028, 2, 19)
    }  # fmt: skip
    japanese = survey_of(case, "japanese")
    assert japanese.company == held.meeting.domestic and japanese.language == "ja"
    assert survey_of(case, "overseas").language == "ru"
    assert all(r.sent_at is None and r.answered_at is None for r in rows)


def test_month_arithmetic_and_round_periods_do_not_overlap(programme):
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    periods = [round_period(programme, m) for m in (3, 6, 12)]
    assert periods[0] == (datetime.date(2027, 2, 20), datetime.date(2027, 5, 19))
    assert periods[1][0] == datetime.date(2027, 5, 20)
    assert periods[2] == (datetime.date(2027, 8, 20), datetime.date(2028, 2, 19))


def test_the_database_refuses_a_second_row_for_a_company_and_round(case):
    from django.db import IntegrityError, transaction

    first = survey_of(case, "japanese")
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpSurvey.objects.create(
            follow_up=case, respondent_kind="japanese", company=first.company, months=3,
            due_date=first.due_date, expires_at=first.expires_at,
        )  # fmt: skip


def test_due_surveys_are_sent_once_in_the_company_language(case):
    assert follow_up_surveys_send(now=DUE_3 - datetime.timedelta(days=2)) == 0
    assert mail.outbox == []

    assert follow_up_surveys_send(now=DUE_3) == 2
    assert follow_up_surveys_send(now=DUE_3 + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    japanese = survey_of(case, "japanese")
    message = by_address[japanese.email]
    assert "3" in message.subject
    assert reverse("monitoring:follow_up_survey", args=[follow_up_token_for(japanese.pk)]) in (
        message.body
    )
    assert survey_of(case, "japanese", 6).sent_at is None
    assert FollowUpSurvey.objects.filter(sent_at__isnull=False).count() == 2


def test_beat_runs_the_sending_daily(settings):
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == send_task.name]
    assert [e["schedule"] for e in entries] == [86400.0]


def test_the_beat_task_sends_and_is_safe_to_run_twice(case, settings, time_machine):
    time_machine.move_to(DUE_3)
    send_task.delay()
    send_task.delay()
    assert len(mail.outbox) == 2


def test_an_answer_is_noted_moves_the_case_and_records_the_sales(case, held):
    japanese = survey_of(case, "japanese")
    follow_up_survey_answer(
        japanese, status="negotiating", deal_value="12,000,000", currency="jpy",
        sales_amount="3500000", sales_currency="JPY", comment="Samples shipped.", now=DUE_3,
    )  # fmt: skip

    japanese.refresh_from_db()
    assert japanese.answered_at == DUE_3 and japanese.status == "negotiating"
    assert japanese.deal_value == Decimal("12000000") and japanese.currency == "JPY"
    case.refresh_from_db()
    assert case.status == "negotiating"
    assert case.deal_value == Decimal("12000000") and case.currency == "JPY"
    note = FollowUpNote.objects.get(follow_up=case)
    assert (note.status_from, note.status_to, note.author) == ("open", "negotiating", None)
    assert "Samples shipped." in note.text and "3 months" in note.text
    sale = ReturnSale.objects.get()
    assert sale == japanese.return_sale and sale.company == held.meeting.domestic
    assert (sale.period_start, sale.period_end) == round_period(held.programme, 3)
    assert (sale.amount, sale.currency, sale.follow_up) == (Decimal("3500000"), "JPY", case)


def test_a_second_answer_is_refused_and_changes_nothing(case):
    overseas = survey_of(case, "overseas")
    follow_up_survey_answer(overseas, status="contacted", now=DUE_3)
    with pytest.raises(AlreadyAnswered):
        follow_up_survey_answer(overseas, status="dropped", now=DUE_3)
    overseas.refresh_from_db()
    case.refresh_from_db()
    assert overseas.status == "contacted" and case.status == "contacted"
    assert FollowUpNote.objects.filter(follow_up=case).count() == 1


@pytest.mark.parametrize(
    ("answer", "error_field"),
    [
        ({"status": "somewhere"}, "status"),
        ({"status": "contacted", "deal_value": "100"}, "currency"),
        ({"status": "contacted", "currency": "EUR"}, "deal_value"),
        ({"status": "contacted", "deal_value": "-5", "currency": "EUR"}, "deal_value"),
        ({"status": "contacted", "deal_value": "5", "currency": "XXX"}, "currency"),
        ({"status": "contacted", "sales_amount": "10"}, "sales_currency"),
        ({"status": "contacted", "sales_amount": "ten", "sales_currency": "JPY"}, "sales_amount"),
        ({"status": "contacted", "sales_amount": "-1", "sales_currency": "JPY"}, "sales_amount"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_written(case, answer, error_field):
    japanese = survey_of(case, "japanese")
    with pytest.raises(AnswerRefused) as refused:
        follow_up_survey_answer(japanese, now=DUE_3, **answer)
    assert error_field in refused.value.errors
    japanese.refresh_from_db()
    assert japanese.answered_at is None
    assert not FollowUpNote.objects.exists() and not ReturnSale.objects.exists()


def test_only_the_japanese_company_reports_sales(case):
    with pytest.raises(AnswerRefused) as refused:
        follow_up_survey_answer(
            survey_of(case, "overseas"), status="contacted", sales_amount="5",
            sales_currency="USD", now=DUE_3,
        )  # fmt: skip
    assert "sales_amount" in refused.value.errors


def test_a_survey_takes_answers_only_between_its_due_date_and_its_close(case):
    japanese = survey_of(case, "japanese")
    with pytest.raises(NotSurveyed, match="opens on 2027-05-19"):
        follow_up_survey_answer(japanese, status="contacted", now=DUE_3 - datetime.timedelta(1))
    with pytest.raises(SurveyClosed):
        follow_up_survey_answer(
            japanese, status="contacted", now=japanese.expires_at + datetime.timedelta(1)
        )
    assert not FollowUpSurvey.objects.filter(answered_at__isnull=False).exists()


def test_staff_sales_for_the_period_are_kept_and_the_answer_stays_on_the_survey(case, held):
    start, end = round_period(held.programme, 3)
    ReturnSale.objects.create(
        programme=held.programme, company=held.meeting.domestic, period_start=start,
        period_end=end, amount=Decimal("100"), currency="USD", recorded_at=DUE_3,
    )  # fmt: skip
    japanese = survey_of(case, "japanese")
    follow_up_survey_answer(
        japanese, status="contacted", sales_amount="999", sales_currency="USD", now=DUE_3
    )
    japanese.refresh_from_db()
    assert japanese.sales_amount == Decimal("999") and japanese.return_sale is None
    assert list(ReturnSale.objects.values_list("amount", flat=True)) == [Decimal("100")]


@pytest.mark.parametrize(
    ("current", "answered", "after"),
    [
        ("open", "contacted", "contacted"),
        ("negotiating", "contacted", "negotiating"),  # never back
        ("contacted", "agreement_signed", "agreement_signed"),
        ("negotiating", "dropped", "dropped"),
        ("agreement_signed", "dropped", "agreement_signed"),  # staff closed it
        ("dropped", "negotiating", "dropped"),
    ],
)
def test_status_precedence(current, answered, after):
    assert status_after_answer(current, answered) == after


def test_a_case_staff_closed_keeps_its_status(case, staff):
    follow_up_update(case, by=staff, status="dropped")
    follow_up_survey_answer(survey_of(case, "japanese"), status="negotiating", now=DUE_3)
    case.refresh_from_db()
    assert case.status == "dropped"
    assert FollowUpNote.objects.filter(follow_up=case).count() == 2


def test_forged_or_foreign_tokens_are_refused(case, held):
    survey = survey_of(case, "japanese")
    assert follow_up_survey_resolve(follow_up_token_for(survey.pk)) == survey
    for token in (follow_up_token_for(survey.pk)[:-1] + "x", token_for(survey.pk), "", "1.2"):
        with pytest.raises(LinkInvalid):
            follow_up_survey_resolve(token)


# --- the public page -------------------------------------------------------------------------


def page(survey):
    return reverse("monitoring:follow_up_survey", args=[follow_up_token_for(survey.pk)])


def test_the_page_opens_in_the_company_language_and_records_the_answer(case, client, time_machine):
    time_machine.move_to(DUE_3)
    japanese = survey_of(case, "japanese")
    response = client.get(page(japanese))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="ja"' in text
    assert 'name="sales_amount"' in text

    response = client.post(
        page(japanese),
        {"status": "visit_made", "sales_amount": "250000", "sales_currency": "JPY"},
    )
    assert response.status_code == 302
    japanese.refresh_from_db()
    assert japanese.status == "visit_made" and japanese.sales_amount == Decimal("250000")
    assert FollowUp.objects.get().status == "visit_made"

    again = client.get(page(japanese))
    assert again.status_code == 410


def test_the_overseas_company_is_not_asked_for_sales(case, client, time_machine):
    time_machine.move_to(DUE_3)
    text = client.get(page(survey_of(case, "overseas"))).content.decode()
    assert '<html lang="ru"' in text and 'name="sales_amount"' not in text


def test_the_page_shows_a_bad_value_by_its_field_and_saves_nothing(case, client, time_machine):
    time_machine.move_to(DUE_3)
    japanese = survey_of(case, "japanese")
    response = client.post(
        page(japanese), {"status": "contacted", "deal_value": "100"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    japanese.refresh_from_db()
    assert japanese.answered_at is None


def test_the_page_refuses_a_forged_token_and_a_survey_not_yet_open(case, client, time_machine):
    time_machine.move_to(DUE_3 - datetime.timedelta(days=10))
    assert client.get("/f/123.forged/").status_code == 404
    response = client.get(page(survey_of(case, "japanese")))
    assert response.status_code == 410
    assert "2027-05-19" in response.content.decode()


def test_the_case_page_shows_the_rounds_and_the_return_sales(case, client, staff):
    follow_up_survey_answer(
        survey_of(case, "japanese"), status="contacted", sales_amount="777",
        sales_currency="USD", now=DUE_3,
    )  # fmt: skip
    client.force_login(staff)
    url = reverse(
        "monitoring:follow_up.detail", args=[case.meeting.schedule.programme.slug, case.pk]
    )
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2027-08-19" in text and "not answered" in text
    assert "777" in text and "USD" in text
    assert "2027-02-20 – 2027-05-19" in text
