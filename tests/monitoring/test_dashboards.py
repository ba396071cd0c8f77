"""Dashboards: figures of a small constructed programme, filters, currency conversion at the
stored dated rates, the number of queries, exports, reviewer scoping, charts."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import charts
from monitoring.dashboard import DashboardFilters, dashboard_figures, programmes_readable
from monitoring.models import FollowUp, ReturnSale
from monitoring.selectors import outcome_figures
from monitoring.services import follow_up_update, survey_answer, survey_links_issue
from programmes.models import Programme
from tests import factories
from tests.monitoring.conftest import after, make_meeting

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    """Our own chart markup, parsed as XML to prove it is well formed."""
    return ET.fromstring(str(svg))  # noqa: S314


def answer(meeting, level, *, value=None, currency="", interpreter=True):
    """Both companies (and the interpreter) answer with the same level."""
    links = {link.respondent_kind: link for link in meeting.survey_links.all()}
    kinds = ["japanese", "overseas"] + (["interpreter"] if interpreter else [])
    for kind in kinds:
        survey_answer(
            links[kind],
            took_place=True,
            level=level,
            estimated_value=value if kind == "japanese" else None,
            currency=currency if kind == "japanese" else "",
            now=after(meeting, hours=1),
        )


def build(programme, staff, *, country_of=("RU", "RU", "KZ", "RU", "RU")):
    """Five held meetings (levels 1, 3, 4, 5, no answer from the interpreter on the last), one
    no-show, one follow-up signed with a deal value in USD, return sales in USD and RUB."""
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    meetings = [make_meeting(programme, schedule=schedule, slot=i) for i in range(5)]
    for meeting, country in zip(meetings, country_of, strict=True):
        meeting.overseas.country = country
        meeting.overseas.save()
    no_show = make_meeting(programme, schedule=schedule, slot=9, status="no_show")
    survey_links_issue(programme)
    answer(meetings[0], 1)
    answer(meetings[1], 3)
    answer(meetings[2], 4)
    answer(meetings[3], 5, value="1000000", currency="JPY")
    answer(meetings[4], 2, interpreter=False)
    signed = FollowUp.objects.get(meeting=meetings[1])
    follow_up_update(
        signed,
        by=staff,
        status=FollowUp.Status.AGREEMENT_SIGNED,
        deal_value="2000",
        currency="USD",
        now=timezone.make_aware(timezone.datetime(2027, 3, 10, 9)),
    )
    return meetings, no_show


def rates():
    factories.ExchangeRateFactory(
        currency="USD", to_currency="JPY", rate=Decimal("150"), date=date(2027, 3, 1)
    )
    # Dated after the agreement: not the rate of its day.
    factories.ExchangeRateFactory(
        currency="USD", to_currency="JPY", rate=Decimal("160"), date=date(2027, 3, 15)
    )
    # Only the inverse pair is stored for the rouble: 1 JPY = 0.5 RUB, so 1 RUB = 2 JPY.
    factories.ExchangeRateFactory(
        currency="JPY",
        to_currency="RUB",
        rate=Decimal("0.5"),
        date=date(2027, 6, 1),
        source="CBR",
    )


def sale(programme, company, amount, currency, end):
    return ReturnSale.objects.create(
        programme=programme,
        company=company,
        period_start=end - timedelta(days=89),
        period_end=end,
        amount=Decimal(amount),
        currency=currency,
        recorded_at=timezone.now(),
    )


@pytest.fixture
def built(programme, staff):
    meetings, no_show = build(programme, staff)
    rates()
    sale(programme, meetings[0].domestic, "100000", "RUB", date(2027, 6, 30))
    sale(programme, meetings[2].domestic, "5000", "KZT", date(2027, 6, 30))
    return meetings


def test_figures_of_a_small_programme_are_the_hand_count_and_outcome_figures(programme, built):
    figures = dashboard_figures([programme])
    headline = figures["headline"]
    assert {k: headline[k] for k in outcome_figures([programme])} == outcome_figures([programme])
    assert headline["meetings_held"] == 5
    assert headline["no_shows"] == 1
    assert headline["responses"] == 14
    assert headline["response_rate"] == round(14 / 15, 4)
    assert headline["levels"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert headline["agreements"] == 2
    assert headline["companies"] == {"japanese": 5, "overseas": 5}
    assert headline["conversion"] == 0.6
    assert [f["count"] for f in figures["follow_ups"] if f["count"]] == [1, 1]
    interpreter = next(r for r in figures["response_rates"] if r["respondent"] == "interpreter")
    assert (interpreter["received"], interpreter["expected"]) == (4, 5)
    (point,) = figures["conversion"]["points"]
    assert (point["key"], point["rated"], point["converted"]) == ("2027-02-15", 5, 3)
    row = figures["tables"]["programmes"]["rows"][0]
    assert (row["meetings_held"], row["level_5"], row["agreements"]) == (5, 1, 2)
    countries = {r["code"]: r for r in figures["tables"]["countries"]["rows"]}
    assert countries["RU"]["meetings_held"] == 4
    assert countries["KZ"]["meetings_held"] == 1
    assert countries["KZ"]["level_4"] == 1


def test_money_is_converted_at_the_latest_rate_on_or_before_its_day_and_the_rate_named(
    programme, built
):
    money = dashboard_figures([programme])["money"]
    # 1,000,000 JPY (level 5, the Japanese company's estimate) + 2,000 USD × 150 (the rate of
    # 1 March, not the later one of 15 March: the agreement was signed on 10 March).
    assert money["agreements_value"]["amount"] == Decimal("1300000.00")
    assert money["agreements_value"]["not_converted"] == []
    # 100,000 RUB at the inverse of 1 JPY = 0.5 RUB.
    assert money["return_sales"]["amount"] == Decimal("200000.00")
    labels = [rate["label"] for rate in money["rates"]]
    assert any(label.startswith("1 USD = 150 JPY (2027-03-01") for label in labels)
    assert any(label.startswith("1 RUB = 2 JPY (2027-06-01, CBR") for label in labels)
    assert not any("160" in label for label in labels)


def test_an_amount_without_a_rate_is_listed_as_not_converted(programme, built):
    figures = dashboard_figures([programme])
    assert figures["money"]["return_sales"]["not_converted"] == [
        {"currency": "KZT", "amount": Decimal("5000.00"), "items": 1}
    ]
    currencies = {r["currency"]: r for r in figures["tables"]["currencies"]["rows"]}
    assert currencies["KZT"]["not_converted"] == 1
    assert currencies["KZT"]["amount"] == Decimal("5000.00")
    assert figures["tables"]["programmes"]["rows"][0]["not_converted"] == "5000.00 KZT"


def test_a_rate_dated_after_the_amount_does_not_convert_it(programme, staff):
    meetings, _no_show = build(programme, staff)
    factories.ExchangeRateFactory(
        currency="USD", to_currency="JPY", rate=Decimal("150"), date=date(2027, 3, 11)
    )
    money = dashboard_figures([programme])["money"]
    assert money["agreements_value"]["amount"] == Decimal("1000000.00")
    assert money["agreements_value"]["not_converted"] == [
        {"currency": "USD", "amount": Decimal("2000.00"), "items": 1}
    ]


def test_the_reporting_currency_is_a_setting(programme, built, settings):
    settings.MONITORING_REPORTING_CURRENCY = "RUB"
    money = dashboard_figures([programme])["money"]
    assert money["currency"] == "RUB"
    # 1,000,000 JPY at 0.5 is not convertible on the meeting day (rate of 1 June): listed.
    assert {"currency": "JPY", "amount": Decimal("1000000.00"), "items": 1} in money[
        "agreements_value"
    ]["not_converted"]
    assert money["return_sales"]["amount"] == Decimal("100000.00")


def test_country_and_sector_filters_narrow_the_meetings_as_outcome_figures_does(programme, built):
    filters = DashboardFilters(country="KZ")
    figures = dashboard_figures([programme], filters=filters)
    headline = figures["headline"]
    assert headline["meetings_held"] == 1
    assert headline["levels"]["4"] == 1
    assert {k: headline[k] for k in outcome_figures([programme])} == outcome_figures(
        [programme], meeting_filter=filters.meeting_q()
    )
    # The KZ meeting's Japanese company reported the KZT sales; the RUB seller met a Russian.
    assert figures["money"]["return_sales"]["amount"] == Decimal("0.00")
    assert figures["money"]["return_sales"]["not_converted"][0]["currency"] == "KZT"

    built[1].domestic.sector = "rubber"
    built[1].domestic.save()
    by_sector = dashboard_figures([programme], filters=DashboardFilters(sector="rubber"))
    assert by_sector["headline"]["meetings_held"] == 1
    assert by_sector["headline"]["levels"]["3"] == 1
    assert by_sector["money"]["agreements_value"]["amount"] == Decimal("300000.00")


def test_year_and_kind_choose_programmes(programme, built, staff):
    other = factories.ProgrammeFactory(
        kind=Programme.Kind.JAPAN_RUSSIA, start_date=date(2026, 9, 1), end_date=date(2026, 9, 3)
    )
    build(other, staff)
    everything = dashboard_figures(Programme.objects.all())
    assert everything["headline"]["meetings_held"] == 10
    assert [p["year"] for p in everything["programmes"]] == [2026, 2027]
    assert [p["key"] for p in everything["conversion"]["points"]] == ["2026", "2027"]
    by_year = dashboard_figures(Programme.objects.all(), filters=DashboardFilters(year=2026))
    assert [p["slug"] for p in by_year["programmes"]] == [other.slug]
    assert by_year["headline"]["meetings_held"] == 5
    by_kind = dashboard_figures(
        Programme.objects.all(), filters=DashboardFilters(kind=Programme.Kind.CEO_NETWORK)
    )
    assert [p["slug"] for p in by_kind["programmes"]] == [programme.slug]


def test_filters_from_a_query_name_each_bad_value():
    filters, errors = DashboardFilters.from_query(
        {
            "year": "20x7",
            "kind": "nope",
            "country": "zz",
            "sector": "rubber",
            "date_from": "2027-13-01",
        }
    )
    assert filters == DashboardFilters(sector="rubber")
    assert set(errors) == {"year", "kind", "country", "date_from"}
    assert errors["year"] == "Enter a year such as 2027."
    filters, errors = DashboardFilters.from_query(
        {"year": "2027", "country": "ru", "date_from": "2027-03-01", "date_to": "2027-02-01"}
    )
    assert filters == DashboardFilters(year=2027, country="RU", date_from=date(2027, 3, 1))
    assert errors == {"date_to": "The end of the period is before its start."}


def test_queries_do_not_grow_with_programmes_or_meetings(
    programme, built, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        dashboard_figures(Programme.objects.all(), by="year")
    for _ in range(3):
        more = factories.ProgrammeFactory()
        build(more, staff)
        sale(more, more.schedules.get().meetings.first().domestic, "10", "USD", date(2027, 6, 30))
    with django_assert_max_num_queries(len(one.captured_queries)):
        figures = dashboard_figures(Programme.objects.all(), by="year")
    assert figures["headline"]["meetings_held"] == 20
    assert len(figures["tables"]["programmes"]["rows"]) == 4


def test_charts_are_valid_svg_with_escaped_labels_and_no_style_or_script(programme, built):
    figures = dashboard_figures([programme])
    figures["follow_ups"][0]["label"] = 'Open <script>alert("x")</script> & co'
    figures["levels"][0]["label"] = "関心なし"
    rendered = charts.all_charts(figures, language="ja")
    for name, svg in rendered.items():
        root = parse(svg)
        assert root.tag == f"{SVG}svg", name
        assert root.get("viewBox")
        assert "Noto Sans CJK JP" in root.get("font-family")
        for element in root.iter():
            assert "style" not in element.attrib, name
            assert element.tag not in (f"{SVG}script", f"{SVG}style"), name
    texts = [t.text for t in parse(rendered["follow_ups"]).iter(f"{SVG}text")]
    assert 'Open <script>alert("x")</script> & co' in texts
    assert "<script>" not in str(rendered["follow_ups"])
    level_texts = [t.text for t in parse(rendered["levels"]).iter(f"{SVG}text")]
    assert "1 · 関心なし" in level_texts
    conversion = parse(rendered["conversion"])
    assert "60%" in [t.text for t in conversion.iter(f"{SVG}text")]


def test_an_empty_chart_says_so():
    svg = charts.follow_up_chart([{"status": "open", "label": "Open", "count": 0}])
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert texts == ["No data yet"]


# --- pages ----------------------------------------------------------------------------------


def reviewer_of(programme):
    user = factories.UserFactory(username=f"reviewer-{programme.slug}")
    factories.ProgrammeRoleFactory(programme=programme, user=user, role="reviewer")
    return user


def test_staff_see_the_portfolio_with_figures_charts_and_tables(client, programme, built, staff):
    client.force_login(staff)
    response = client.get(reverse("monitoring:dashboard.portfolio"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert programme.display_title in page
    assert reverse("monitoring:dashboard.programme", args=[programme.slug]) in page
    assert "1 USD = 150 JPY (2027-03-01" in page
    assert "5,000 KZT" in page  # not converted, listed
    assert response.context["headline"]["meetings_held"] == 5


def test_a_reviewer_sees_only_the_programmes_they_review(client, programme, built, staff):
    other = factories.ProgrammeFactory(title="Another programme")
    build(other, staff)
    reviewer = reviewer_of(programme)
    assert list(programmes_readable(reviewer)) == [programme]
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:dashboard.portfolio"))
    assert response.status_code == 200
    assert response.context["headline"]["meetings_held"] == 5
    assert "Another programme" not in response.content.decode()
    assert (
        client.get(reverse("monitoring:dashboard.programme", args=[programme.slug])).status_code
        == 200
    )
    assert (
        client.get(reverse("monitoring:dashboard.programme", args=[other.slug])).status_code == 404
    )


def test_other_roles_are_refused_and_anonymous_sent_to_sign_in(client, programme, built):
    response = client.get(reverse("monitoring:dashboard.portfolio"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    company_user = factories.UserFactory(username="company-user")
    factories.ProgrammeRoleFactory(programme=programme, user=company_user, role="company")
    client.force_login(company_user)
    assert client.get(reverse("monitoring:dashboard.portfolio")).status_code == 403
    url = reverse("monitoring:dashboard.programme", args=[programme.slug])
    assert client.get(url).status_code == 403
    assert client.get(url, {"export": "countries", "format": "csv"}).status_code == 403


def test_a_bad_filter_is_named_on_the_page_and_left_out(client, programme, built, staff):
    client.force_login(staff)
    response = client.get(
        reverse("monitoring:dashboard.portfolio"), {"year": "soon", "country": "KZ"}
    )
    assert response.status_code == 200
    assert "<strong>Year</strong>: Enter a year such as 2027." in response.content.decode()
    assert response.context["headline"]["meetings_held"] == 1


def test_programme_dashboard_filters_by_country(client, programme, built, staff):
    client.force_login(staff)
    url = reverse("monitoring:dashboard.programme", args=[programme.slug])
    response = client.get(url, {"country": "RU"})
    assert response.status_code == 200
    assert response.context["headline"]["meetings_held"] == 4
    assert "Russia" in response.content.decode()


def test_csv_export_escapes_formulas_and_keeps_numbers(client, programme, built, staff):
    programme.title = '=HYPERLINK("http://evil")'
    programme.title_ja = ""
    programme.save()
    client.force_login(staff)
    response = client.get(
        reverse("monitoring:dashboard.portfolio"), {"export": "programmes", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, first = rows[0], rows[1]
    assert first[header.index("Programme")] == '\'=HYPERLINK("http://evil")'
    assert first[header.index("Meetings held")] == "5"
    assert first[header.index("Response rate (%)")] == "93.3"
    assert first[header.index("Agreements value (JPY)")] == "1300000"


def test_xlsx_export_escapes_formulas_and_keeps_numbers(client, programme, built, staff):
    from openpyxl import load_workbook

    programme.title = "@SUM(A1)"
    programme.title_ja = ""
    programme.save()
    client.force_login(staff)
    url = reverse("monitoring:dashboard.programme", args=[programme.slug])
    response = client.get(url, {"export": "countries", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Russia"][header.index("Meetings held")] == 4
    assert isinstance(rows["Russia"][header.index("Response rate")], float)
    portfolio = client.get(
        reverse("monitoring:dashboard.portfolio"), {"export": "programmes", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(portfolio.content)).active
    assert sheet["A2"].value == "'@SUM(A1)"
    assert sheet["A2"].data_type == "s"


def test_an_unknown_table_or_format_is_404(client, programme, built, staff):
    client.force_login(staff)
    url = reverse("monitoring:dashboard.portfolio")
    assert client.get(url, {"export": "secrets", "format": "csv"}).status_code == 404
    assert client.get(url, {"export": "programmes", "format": "pdf"}).status_code == 404
    programme_url = reverse("monitoring:dashboard.programme", args=[programme.slug])
    assert client.get(programme_url, {"export": "programmes"}).status_code == 404


def test_the_page_renders_in_japanese(client, programme, built, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    response = client.get(
        reverse("monitoring:dashboard.programme", args=[programme.slug]), HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.status_code == 200
    assert '"Noto Sans CJK JP", "Noto Sans"' in response.content.decode().replace("&quot;", '"')


def test_the_programme_page_links_its_dashboard_for_staff_and_reviewers_only(
    client, programme, staff
):
    dashboard = reverse("monitoring:dashboard.programme", args=[programme.slug])
    page = reverse("programmes:programme.detail", args=[programme.slug])
    company_user = factories.UserFactory(username="company-user")
    factories.ProgrammeRoleFactory(programme=programme, user=company_user, role="company")
    for user, shown in ((staff, True), (reviewer_of(programme), True), (company_user, False)):
        client.force_login(user)
        assert (dashboard in client.get(page).content.decode()) is shown, user.username


def test_a_long_label_wraps_inside_the_chart_instead_of_running_under_its_value():
    label = "Очень заинтересованы; договорились о взаимных визитах компаний"
    svg = charts.bar_chart(
        [{"label": label, "value": 3, "display": "61 (37%)"}], title="Уровни", language="ru"
    )
    texts = list(parse(svg).iter(f"{SVG}text"))
    lines = [t.text for t in texts if t.get("text-anchor") == "start"]
    assert len(lines) >= 2
    assert " ".join(lines) == label
    width = int(parse(svg).get("width"))
    for line in lines:
        assert charts.text_width(line, 15) + charts.text_width("61 (37%)", 15) < width


def test_a_table_rate_is_rounded_not_cut():
    from monitoring.templatetags.dashboard_tags import cell

    assert cell({"rate": 0.6196}, {"key": "rate", "kind": "rate"}) == "62.0%"
    assert cell({"n": 1234567}, {"key": "n", "kind": "int"}) == "1,234,567"


def test_the_api_answers_the_figures_as_json_and_refuses_a_bad_filter(
    client, programme, built, staff
):
    client.force_login(staff)
    url = reverse("api:dashboard.programme", args=[programme.slug])
    data = client.get(url, {"country": "KZ"}).json()
    assert data["headline"]["meetings_held"] == 1
    assert data["filters"] == {"country": "KZ"}
    portfolio = client.get(reverse("api:dashboard.portfolio")).json()
    assert portfolio["headline"] == {
        **portfolio["headline"],
        **outcome_figures(Programme.objects.all()),
    }
    assert portfolio["money"]["agreements_value"]["amount"] == "1300000.00"
    usd = next(rate for rate in portfolio["money"]["rates"] if rate["currency"] == "USD")
    assert (usd["rate"], usd["date"]) == ("150", "2027-03-01")
    refused = client.get(reverse("api:dashboard.portfolio"), {"year": "soon"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"year": ["Enter a year such as 2027."]}


def test_a_programme_without_held_meetings_shows_empty_charts_not_an_error(
    client, programme, staff
):
    client.force_login(staff)
    response = client.get(reverse("monitoring:dashboard.programme", args=[programme.slug]))
    assert response.status_code == 200
    assert response.context["headline"]["meetings_held"] == 0
    assert response.content.decode().count("No data yet") >= 4


def test_the_portfolio_page_queries_do_not_grow_with_programmes(
    client, programme, built, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("monitoring:dashboard.portfolio")
    client.get(url)  # the session and the language once
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(2):
        build(factories.ProgrammeFactory(), staff)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["headline"]["meetings_held"] == 15
