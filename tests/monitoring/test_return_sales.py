"""Return sales: staff record, correct and delete a Japanese participant's sales per period
(refusals name the field and change nothing); the follow-up case page shows them; the demo
loader adds them in several currencies with the dated rates they need, once."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from companies.models import ExchangeRate
from monitoring.exceptions import ReturnSaleRefused
from monitoring.models import FollowUpSurvey, ReturnSale
from monitoring.services import (
    return_sale_delete,
    return_sale_record,
    return_sale_update,
    survey_answer,
)
from tests import factories
from tests.monitoring.test_reminders_and_commands import demo  # noqa: F401 (fixture)

D = datetime.date


@pytest.fixture
def company(held):
    return held.meeting.domestic


def record(programme, staff, company, **changes):
    values = {
        "company": company,
        "period_start": "2027-03-01",
        "period_end": "2027-03-31",
        "amount": "1,200,000",
        "currency": "jpy",
    }
    values.update(changes)
    return return_sale_record(programme, by=staff, **values)


def test_staff_record_a_period_of_return_sales(held, staff, company):
    for kind in ("japanese", "overseas", "interpreter"):
        survey_answer(held.links[kind], took_place=True, level=3)
    sale = record(held.programme, staff, company, note="By phone")

    sale.refresh_from_db()
    assert (sale.period_start, sale.period_end) == (D(2027, 3, 1), D(2027, 3, 31))
    assert (sale.amount, sale.currency, sale.note) == (Decimal("1200000"), "JPY", "By phone")
    assert sale.recorded_by == staff and sale.follow_up == held.meeting.follow_up


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"period_end": "2027-02-01"}, "period_end", "ends before it starts"),
        ({"period_start": "March"}, "period_start", "is not a date"),
        ({"amount": "-1"}, "amount", "cannot be negative"),
        ({"amount": "lots"}, "amount", "not a number"),
        ({"amount": ""}, "amount", "Give the amount"),
        ({"currency": "YEN"}, "currency", "Unknown currency"),
        ({"currency": ""}, "currency", "Give the currency"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(
    held, staff, company, changes, field, message
):
    with pytest.raises(ReturnSaleRefused) as refused:
        record(held.programme, staff, company, **changes)
    assert message in str(refused.value.errors[field][0])
    assert not ReturnSale.objects.exists()


def test_only_a_japanese_company_that_met_partners_in_the_programme(held, staff):
    with pytest.raises(ReturnSaleRefused) as refused:
        record(held.programme, staff, held.meeting.overseas)
    assert "company" in refused.value.errors
    with pytest.raises(ReturnSaleRefused):
        record(held.programme, staff, factories.JapaneseCompanyFactory())
    assert not ReturnSale.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-03-01", "2027-03-31"),  # the same period
        ("2027-03-15", "2027-04-15"),  # overlapping
        ("2027-02-01", "2027-03-01"),  # touching its first day
    ],
)
def test_a_period_overlapping_a_recorded_one_is_refused(held, staff, company, start, end):
    record(held.programme, staff, company)
    with pytest.raises(ReturnSaleRefused) as refused:
        record(held.programme, staff, company, period_start=start, period_end=end)
    assert "2027-03-01 – 2027-03-31" in str(refused.value.errors["period_start"][0])
    assert ReturnSale.objects.count() == 1
    record(held.programme, staff, company, period_start="2027-04-01", period_end="2027-04-30")
    assert ReturnSale.objects.count() == 2


def test_correcting_keeps_its_own_period_and_refuses_an_overlap(held, staff, company):
    march = record(held.programme, staff, company)
    record(held.programme, staff, company, period_start="2027-04-01", period_end="2027-04-30")
    return_sale_update(
        march, by=staff, period_start="2027-03-01", period_end="2027-03-31", amount="5",
        currency="USD",
    )  # fmt: skip
    march.refresh_from_db()
    assert (march.amount, march.currency) == (Decimal("5"), "USD")
    with pytest.raises(ReturnSaleRefused):
        return_sale_update(
            march, by=staff, period_start="2027-03-01", period_end="2027-04-02", amount="5",
            currency="USD",
        )  # fmt: skip
    march.refresh_from_db()
    assert march.period_end == D(2027, 3, 31)


def test_only_staff_change_return_sales(held, staff, company, role_users):
    sale = record(held.programme, staff, company)
    for role in ("reviewer", "counterpart"):
        with pytest.raises(ReturnSaleRefused):
            return_sale_delete(sale, by=role_users[role])
    return_sale_delete(sale, by=staff)
    assert not ReturnSale.objects.exists()


def test_the_page_lists_adds_corrects_and_deletes(client, held, staff, company):
    client.force_login(staff)
    url = reverse("monitoring:return_sale.list", args=[held.programme.slug])
    form = {"company": company.pk, "period_start": "2027-03-01", "period_end": "2027-03-31",
            "amount": "250000", "currency": "THB"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    refused = client.post(url, {**form, "period_start": "2027-03-20", "period_end": "2027-04-20"})
    assert refused.status_code == 400
    assert "would overlap" in refused.content.decode()
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert company.display_name in text and "250,000" in text and "THB" in text
    sale = ReturnSale.objects.get()
    edit = reverse("monitoring:return_sale.edit", args=[held.programme.slug, sale.pk])
    assert client.get(edit).status_code == 200
    bad = client.post(edit, {"period_start": "2027-03-01", "period_end": "2027-03-31",
                             "amount": "-3", "currency": "THB"})  # fmt: skip
    assert bad.status_code == 400 and "cannot be negative" in bad.content.decode()
    ok = client.post(edit, {"period_start": "2027-03-01", "period_end": "2027-03-31",
                            "amount": "300000", "currency": "THB"})  # fmt: skip
    assert ok.status_code == 302
    sale.refresh_from_db()
    assert sale.amount == Decimal("300000")
    delete = reverse("monitoring:return_sale.delete", args=[held.programme.slug, sale.pk])
    assert client.post(delete).status_code == 302
    assert not ReturnSale.objects.exists()


def test_the_list_page_query_count_does_not_grow(client, held, staff, company,
                                                 django_assert_max_num_queries):  # fmt: skip
    for month in range(1, 13):
        record(held.programme, staff, company, period_start=f"2028-{month:02}-01",
               period_end=f"2028-{month:02}-28")  # fmt: skip
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("monitoring:return_sale.list", args=[held.programme.slug]))
    assert response.status_code == 200


def test_load_demo_outcomes_adds_return_sales_in_several_currencies_once(demo):  # noqa: F811
    call_command("load_demo_outcomes", "--quiet")
    sales = list(ReturnSale.objects.filter(programme=demo))
    surveys = FollowUpSurvey.objects.filter(follow_up__meeting__schedule__programme=demo)
    assert len({s.company_id for s in sales}) >= 2
    assert {s.currency for s in sales} >= {"JPY", "USD"}
    for currency in {s.currency for s in sales} - {"JPY"}:
        assert ExchangeRate.objects.filter(currency=currency, to_currency="JPY").exists()
    assert (
        surveys.count() == 6 * demo.schedules.get().meetings.filter(follow_up__isnull=False).count()
    )
    assert surveys.filter(sent_at__isnull=False).count() == 0
    counts = (ReturnSale.objects.count(), surveys.count(), ExchangeRate.objects.count())
    call_command("load_demo_outcomes", "--quiet")
    assert (ReturnSale.objects.count(), surveys.count(), ExchangeRate.objects.count()) == counts
