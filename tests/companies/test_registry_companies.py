"""The company registry pages (companies/views/registry.py): the list with its search and
duplicate flags, one company with its applications and SME check, the duplicates page, and
merging (never silent: staff choose, refusals are shown)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.imports.values import normalise_name
from companies.models import Application, ApplicationEvent, Company
from tests import factories

pytestmark = pytest.mark.django_db


def company(name, **fields) -> Company:
    return factories.CompanyFactory(legal_name=name, normalised_name=normalise_name(name), **fields)


@pytest.fixture
def staff_client(client, role_users):
    client.force_login(role_users["staff"])
    return client


@pytest.fixture
def hanoi(programme, role_users):
    """Put forward by the counterpart of role_users."""
    hanoi = company(
        "Hanoi Mechanical JSC", registration_number="0101234567", sector="manufacturing",
        employees=150, sales=Decimal("180000000000"), capital=Decimal("90000000000"),
        currency="VND", figures_date=date(2026, 3, 31),
    )  # fmt: skip
    factories.ApplicationFactory(
        programme=programme,
        company=hanoi,
        counterpart=role_users["counterpart"].organisation,
        eligible=True,
        size_class="medium",
        rule_set_name="vn-decree-80-2021",
        eligibility_reasons=[
            {
                "template": "employees %(value)s ≤ %(limit)s (%(group)s)",
                "params": {"value": 150, "limit": 200, "group": "industry"},
            },
        ],  # fmt: skip
    )
    return hanoi


# --- the list ---------------------------------------------------------------------------------


def test_list_searches_by_name_and_registration_number(staff_client, hanoi):
    company("Saigon Precision Parts", registration_number="0309876543")
    url = reverse("companies:company.list")

    by_name = staff_client.get(url, {"q": "hanoi mech"})
    by_number = staff_client.get(url, {"q": "0309876"})

    assert [c.legal_name for c in by_name.context["page"]] == ["Hanoi Mechanical JSC"]
    assert [c.legal_name for c in by_number.context["page"]] == ["Saigon Precision Parts"]


def test_list_filters_by_country_and_sector_and_counts_applications(staff_client, hanoi):
    company("Bangkok Moulds", country="TH", sector="manufacturing")
    company("Hanoi Trading", country="VN", sector="wholesale")

    response = staff_client.get(
        reverse("companies:company.list"), {"country": "VN", "sector": "manufacturing"}
    )

    rows = list(response.context["page"])
    assert [(c.legal_name, c.application_count) for c in rows] == [("Hanoi Mechanical JSC", 1)]
    assert "Hanoi Mechanical JSC" in response.content.decode()


def test_list_leaves_out_merged_companies_and_flags_possible_duplicates(staff_client, hanoi):
    company("HANOI MECHANICAL, JSC")  # same normalised name, same country
    company("Hanoi Mechanical", country="TH")  # same name, other country: not a duplicate
    merged = company("Old Record")
    merged.merged_into = hanoi
    merged.save()

    response = staff_client.get(reverse("companies:company.list"))

    flags = {c.legal_name: (c.same_name, c.same_number) for c in response.context["page"]}
    assert flags == {
        "Hanoi Mechanical": (False, False),
        "HANOI MECHANICAL, JSC": (True, False),
        "Hanoi Mechanical JSC": (True, False),
    }
    assert response.context["duplicate_count"] == 2
    assert "Possible duplicates: 2 companies" in response.content.decode()


def test_list_is_paginated_keeping_the_search(staff_client):
    for n in range(55):
        company(f"Osaka Tools {n:02d}", country="JP")

    first = staff_client.get(reverse("companies:company.list"), {"q": "osaka"})
    second = staff_client.get(reverse("companies:company.list"), {"q": "osaka", "page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert "?q=osaka&amp;page=2" in first.content.decode()


# --- one company ------------------------------------------------------------------------------


def test_staff_see_all_data_money_with_currency_applications_and_the_sme_check(staff_client, hanoi):
    response = staff_client.get(reverse("companies:company.detail", args=[hanoi.pk]))

    page = response.content.decode()
    assert "0101234567" in page
    assert "180,000,000,000" in page and "VND" in page
    assert response.context["applications"][0]["reasons"] == ["employees 150 ≤ 200 (industry)"]
    sme = response.context["sme"]
    assert sme["eligible"] is True
    assert sme["rule_set"].name == "vn-decree-80-2021"
    assert sme["on"] == date(2026, 3, 31)
    assert (
        "employees 150 ≤ 200 (agriculture, forestry, fisheries, industry and construction)"
        in (sme["reasons"])
    )
    assert "Meets the SME definition" in page


def test_the_sme_check_of_a_company_without_a_law_says_so(staff_client):
    us = company("Boston Widgets", country="US", currency="USD")

    response = staff_client.get(reverse("companies:company.detail", args=[us.pk]))

    assert response.status_code == 200
    assert response.context["sme_error"].startswith("No SME rule set is known for US on ")


def test_the_sme_check_of_figures_in_another_currency_names_the_rate(staff_client):
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", date=date(2026, 1, 5))
    tokyo = company(
        "Tokyo Robotics", country="JP", sector="manufacturing", currency="USD",
        capital=Decimal("1000000"), employees=400, figures_date=date(2026, 3, 31),
    )  # fmt: skip

    response = staff_client.get(reverse("companies:company.detail", args=[tokyo.pk]))

    sme = response.context["sme"]
    assert sme["eligible"] is True
    assert sme["rate_text"] == "1 USD = 150.25 JPY on 2026-01-05 (Bank of Japan reference rate)"
    assert "1 USD = 150.25 JPY on 2026-01-05" in response.content.decode()


def test_a_counterpart_sees_the_company_it_put_forward_but_only_its_own_applications(
    client, role_users, hanoi
):
    other = factories.OrganisationFactory(name="Russian Export Center", country="RU")
    factories.ApplicationFactory(company=hanoi, counterpart=other)
    client.force_login(role_users["counterpart"])

    response = client.get(reverse("companies:company.detail", args=[hanoi.pk]))

    assert response.status_code == 200
    assert len(response.context["applications"]) == 1
    assert "sme" not in response.context  # the live check and merging are for staff
    assert "Possible duplicates" not in response.content.decode()


def test_a_company_user_sees_its_own_company_only(client, role_users, hanoi):
    own = company("Company Role Co.", organisation=role_users["company"].organisation)
    client.force_login(role_users["company"])

    assert client.get(reverse("companies:company.detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("companies:company.detail", args=[hanoi.pk])).status_code == 404


def test_a_merged_company_leads_staff_to_the_one_it_was_merged_into(staff_client, hanoi):
    old = company("Hanoi Mech.")
    old.merged_into = hanoi
    old.save()

    response = staff_client.get(reverse("companies:company.detail", args=[old.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:company.detail", args=[hanoi.pk])


# --- duplicates and merging -------------------------------------------------------------------


def test_duplicates_page_shows_a_pair_with_the_same_normalised_name_side_by_side(
    staff_client, hanoi
):
    twin = company(
        "Hanoi Mechanical Co., Ltd.", registration_number="", employees=150,
        contact_email="sales@hanoi-mech.example",
    )  # fmt: skip
    company("Hanoi Mechanical JSC", country="TH")  # another country: not shown

    response = staff_client.get(reverse("companies:company.duplicates"))

    (group,) = response.context["groups"]
    assert [col["company"] for col in group["columns"]] == [hanoi, twin]
    assert group["why"] == "same name in the same country"
    rows = {row["label"]: row for row in group["rows"]}
    assert rows["legal name"]["differs"] is True
    assert rows["employees"] == {"label": "employees", "values": ["150", "150"], "differs": False}
    assert rows["registration number"]["values"] == ["0101234567", ""]
    page = response.content.decode()
    assert "<mark>Hanoi Mechanical Co., Ltd.</mark>" in page
    assert page.count("Keep this one, merge the others into it") == 2


def test_same_registration_number_is_a_duplicate_even_with_another_name(staff_client, hanoi):
    company("HMC Vietnam", registration_number="0101234567")

    (group,) = staff_client.get(reverse("companies:company.duplicates")).context["groups"]

    assert group["why"] == "same registration number"


def test_merge_moves_applications_fills_blanks_and_records_events(staff_client, hanoi):
    twin = company(
        "HANOI MECHANICAL, JSC", registration_number="", website="https://hanoi-mech.example",
        contact_phone="+84 24 1234 5678",
    )  # fmt: skip
    moved = factories.ApplicationFactory(company=twin)

    response = staff_client.post(
        reverse("companies:company.merge", args=[hanoi.pk]),
        {"duplicate": twin.pk, "next": reverse("companies:company.duplicates")},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("companies:company.duplicates")
    assert "“HANOI MECHANICAL, JSC” merged into “Hanoi Mechanical JSC”." in (
        response.content.decode()
    )
    hanoi.refresh_from_db()
    twin.refresh_from_db()
    assert twin.merged_into == hanoi
    assert hanoi.website == "https://hanoi-mech.example"
    assert hanoi.contact_phone == "+84 24 1234 5678"
    assert hanoi.registration_number == "0101234567"  # kept, not overwritten by a blank
    assert set(hanoi.applications.values_list("pk", flat=True)) >= {moved.pk}
    event = ApplicationEvent.objects.get(application=moved, kind=ApplicationEvent.Kind.MERGED)
    assert event.by.username == "staff"
    assert event.changes["company"] == [twin.pk, hanoi.pk]
    assert response.context["groups"] == []


def test_merge_of_a_group_folds_every_other_record_into_the_chosen_one(staff_client, hanoi):
    twins = [company("HANOI MECHANICAL, JSC"), company("HANOI MECHANICAL")]
    application = Application.objects.get(company=hanoi)

    staff_client.post(
        reverse("companies:company.merge", args=[twins[1].pk]),
        {"duplicate": [hanoi.pk, twins[0].pk]},
    )

    assert set(Company.objects.filter(merged_into=twins[1]).values_list("pk", flat=True)) == {
        hanoi.pk,
        twins[0].pk,
    }
    application.refresh_from_db()
    assert application.company == twins[1]


def test_merge_is_refused_when_both_applied_to_the_same_programme(staff_client, programme, hanoi):
    twin = company("HANOI MECHANICAL, JSC")
    factories.ApplicationFactory(programme=programme, company=twin)

    response = staff_client.post(
        reverse("companies:company.merge", args=[hanoi.pk]), {"duplicate": twin.pk}, follow=True
    )

    page = response.content.decode()
    assert "“HANOI MECHANICAL, JSC” was not merged: Both companies applied to" in page
    assert str(programme) in page
    twin.refresh_from_db()
    assert twin.merged_into is None
    assert twin.applications.count() == 1
    assert not ApplicationEvent.objects.filter(kind=ApplicationEvent.Kind.MERGED).exists()


def test_merge_without_a_duplicate_or_into_itself_is_refused(staff_client, hanoi):
    url = reverse("companies:company.merge", args=[hanoi.pk])

    nothing = staff_client.post(url, {}, follow=True).content.decode()
    itself = staff_client.post(url, {"duplicate": hanoi.pk}, follow=True).content.decode()
    gone = staff_client.post(url, {"duplicate": 999999}, follow=True).content.decode()

    assert "Choose the company to merge into this one." in nothing
    assert "A company cannot be merged into itself." in itself
    assert "Company #999999 is not in the registry" in gone
    assert Company.objects.filter(merged_into__isnull=False).count() == 0


def test_merge_does_not_redirect_off_site(staff_client, hanoi):
    twin = company("HANOI MECHANICAL, JSC")

    response = staff_client.post(
        reverse("companies:company.merge", args=[hanoi.pk]),
        {"duplicate": twin.pk, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("companies:company.detail", args=[hanoi.pk])


def test_staff_see_the_companies_and_sme_rules_links_others_do_not(client, role_users):
    client.force_login(role_users["staff"])
    staff_page = client.get(reverse("companies:rule_set.list")).content.decode()
    client.force_login(role_users["counterpart"])
    counterpart_page = client.get(reverse("companies:rule_set.list")).content.decode()

    companies_link = f'<a href="{reverse("companies:company.list")}">Companies</a>'
    assert companies_link in staff_page
    assert companies_link not in counterpart_page
