"""Rows of the role × URL permission table for follow-up surveys, return sales and the
follow-up / survey APIs (collected by tests/test_permissions.py).

World objects (built by `world` below, after tests/monitoring/permission_rows.py's world, whose
settled level-3 meeting opened a follow-up and planned its surveys): world.fus_token, the
Japanese company's 3-month follow-up survey, made due (yesterday) and still open;
world.fus_follow_up, that case; world.return_sale, a return sales row of its Japanese company
(April 2027); world.rs_company, that company.

The follow-up survey page and the token APIs are public: the private link is the permission,
so every role (anonymous too) opens and answers them. Everything else here is staff-only: a
ministry reviewer gets 403 like every other participant, strangers 404, anonymous the sign-in
page (HTML) or 401 (API)."""

import datetime

from tests.permission_table import API_ANONYMOUS, api_row, everyone, programme_managers, row

P = "programme.slug"


def api_staff(status: int = 200) -> dict:
    return programme_managers(status, anonymous=API_ANONYMOUS)


def sale_form(world) -> dict:
    return {
        "company": world.rs_company.pk,
        "period_start": "2027-05-01",
        "period_end": "2027-05-31",
        "amount": "1500000",
        "currency": "JPY",
    }


HTML_ROWS = [
    row("monitoring:follow_up_survey", "GET", everyone(200), "fus_token"),
    row(
        "monitoring:follow_up_survey",
        "POST",
        everyone(302),
        "fus_token",
        data=lambda w: {"status": "contacted", "sales_amount": "100", "sales_currency": "JPY"},
    ),
    row("monitoring:return_sale.list", "GET", programme_managers(200), P),
    row("monitoring:return_sale.list", "POST", programme_managers(302), P, data=sale_form),
    row("monitoring:return_sale.edit", "GET", programme_managers(200), P, "return_sale.pk"),
    row(
        "monitoring:return_sale.edit",
        "POST",
        programme_managers(302),
        P,
        "return_sale.pk",
        data=lambda w: {
            "period_start": "2027-04-01",
            "period_end": "2027-04-30",
            "amount": "2000",
            "currency": "USD",
        },
    ),
    row("monitoring:return_sale.delete", "POST", programme_managers(302), P, "return_sale.pk"),
]

API_ROWS = [
    api_row("follow_up.list", "GET", api_staff(), P),
    api_row("follow_up.detail", "GET", api_staff(), P, "fus_follow_up.pk"),
    api_row(
        "follow_up.detail",
        "PATCH",
        api_staff(),
        P,
        "fus_follow_up.pk",
        data=lambda w: {"status": "contacted", "next_contact": "2027-03-10"},
    ),
    api_row(
        "follow_up.note",
        "POST",
        api_staff(201),
        P,
        "fus_follow_up.pk",
        data=lambda w: {"text": "Called both companies"},
    ),
    api_row("return_sale.list", "GET", api_staff(), P),
    api_row("return_sale.list", "POST", api_staff(201), P, data=sale_form),
    api_row("return_sale.detail", "GET", api_staff(), P, "return_sale.pk"),
    api_row(
        "return_sale.detail",
        "PATCH",
        api_staff(),
        P,
        "return_sale.pk",
        data=lambda w: {"amount": "2500"},
    ),
    api_row(
        "return_sale.detail",
        "PUT",
        api_staff(),
        P,
        "return_sale.pk",
        data=lambda w: {
            "period_start": "2027-04-01",
            "period_end": "2027-04-30",
            "amount": "2000",
            "currency": "USD",
        },
    ),
    api_row("return_sale.detail", "DELETE", api_staff(204), P, "return_sale.pk"),
    api_row("survey_response.list", "GET", api_staff(), P),
    api_row("follow_up_survey.list", "GET", api_staff(), P),
    api_row("survey.mine", "GET", everyone(200), "survey_token"),
    api_row(
        "survey.mine",
        "PUT",
        everyone(200),
        "survey_token",
        data=lambda w: {"took_place": True, "level": 2},
    ),
    api_row("follow_up_survey.mine", "GET", everyone(200), "fus_token"),
    api_row(
        "follow_up_survey.mine",
        "PUT",
        everyone(200),
        "fus_token",
        data=lambda w: {"status": "visit_made", "comment": "Plant visit done"},
    ),
]


def world(programme, users) -> dict:
    """Built after tests/monitoring/permission_rows.py's world."""
    from django.utils import timezone

    from monitoring.models import FollowUpSurvey, ReturnSale
    from monitoring.tokens import follow_up_token_for

    survey = FollowUpSurvey.objects.select_related("follow_up__meeting").get(
        follow_up__meeting__schedule__programme=programme, respondent_kind="japanese", months=3
    )
    today = timezone.localdate()
    survey.due_date = today - datetime.timedelta(days=1)
    survey.expires_at = timezone.now() + datetime.timedelta(days=30)
    survey.save()
    company = survey.follow_up.meeting.domestic
    sale = ReturnSale.objects.create(
        programme=programme,
        company=company,
        follow_up=survey.follow_up,
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2027, 4, 30),
        amount=1000,
        currency="USD",
        recorded_by=users["staff"],
        recorded_at=timezone.now(),
    )
    return {
        "fus_token": follow_up_token_for(survey.pk),
        "fus_follow_up": survey.follow_up,
        "return_sale": sale,
        "rs_company": company,
    }
