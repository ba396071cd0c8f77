"""The SME pages (companies/views/registry.py): the calculator, the rule sets (read, copy,
create, edit; shipped ones refused) and the exchange-rate table."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import ExchangeRate, RuleSet
from tests import factories

pytestmark = pytest.mark.django_db

JP_LAW = "jp-sme-basic-act-1999"


@pytest.fixture
def staff_client(client, role_users):
    client.force_login(role_users["staff"])
    return client


@pytest.fixture
def reader_client(client, role_users):
    client.force_login(role_users["reviewer"])
    return client


# --- the calculator ---------------------------------------------------------------------------


def test_calculator_without_input_shows_the_empty_form(reader_client):
    response = reader_client.get(reverse("companies:sme.check"))

    assert response.context["result"] is None
    assert not response.context["form"].is_bound
    assert "Fill in the country, sector, legal form" in response.content.decode()


def test_calculator_shows_the_result_with_reasons_and_the_rate_used(reader_client):
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", date=date(2026, 10, 1))

    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "JP", "sector": "manufacturing", "legal_form": "company",
         "capital": "1,000,000", "employees": "350", "currency": "USD", "date": "2026-10-01"},
    )  # fmt: skip

    result = response.context["result"]
    assert (result["eligible"], result["size_label"]) == (True, "Medium")
    assert result["rule_set"].name == JP_LAW
    assert result["rate_text"] == "1 USD = 150.25 JPY on 2026-10-01 (Bank of Japan reference rate)"
    page = response.content.decode()
    assert "Meets the SME definition" in page
    assert "capital JPY 150,250,000 ≤ 300,000,000 (manufacturing and others)" in page
    assert "Exchange rate used: 1 USD = 150.25 JPY on 2026-10-01" in page
    assert "<html" in page


def test_calculator_says_what_is_missing_instead_of_guessing(reader_client):
    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "DE", "sector": "services", "legal_form": "company", "sales": "3000000"},
    )

    result = response.context["result"]
    assert (result["eligible"], result["size_label"]) == (None, "")
    assert "cannot decide: employees missing" in result["reasons"]
    assert "Cannot decide yet" in response.content.decode()


def test_calculator_answers_htmx_with_the_partial_only(reader_client):
    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "RU", "sector": "retail", "legal_form": "company", "employees": "12",
         "sales": "100000000"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip

    page = response.content.decode()
    assert "<html" not in page
    assert page.startswith('<div id="sme-check"')
    assert response.context["result"]["size_label"] == "Micro"


def test_calculator_puts_errors_next_to_their_fields(reader_client):
    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "JP", "sector": "services", "legal_form": "company", "capital": "lots",
         "employees": "-1"},
    )  # fmt: skip

    form = response.context["form"]
    assert form.errors == {
        "capital": ["Give the amount as a number, e.g. 15000000."],
        "employees": ["Ensure this value is greater than or equal to 0."],
    }
    assert response.context["result"] is None


def test_calculator_shows_a_service_refusal_on_the_field(reader_client):
    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "JP", "sector": "services", "legal_form": "company", "date": "1990-01-01"},
    )

    assert response.context["form"].errors == {
        "country": ["No SME rule set for this country and date."]
    }


def test_calculator_applies_a_chosen_programme_rule_set(reader_client):
    response = reader_client.get(
        reverse("companies:sme.check"),
        {"country": "JP", "sector": "retail", "legal_form": "company", "capital": "20000000",
         "employees": "51", "rule_set": "jp-case-study-ceo-network"},
    )  # fmt: skip

    result = response.context["result"]
    assert (result["eligible"], result["rule_set"].name) == (False, "jp-case-study-ceo-network")


# --- rule sets: reading -----------------------------------------------------------------------


def test_rule_sets_are_listed_by_country_with_validity_citation_and_badges(reader_client):
    factories.RuleSetFactory(name="ceo-network-2027-jp", title="CEO Network 2027")

    response = reader_client.get(reverse("companies:rule_set.list"))

    countries = {c["code"]: [r.name for r in c["items"]] for c in response.context["countries"]}
    assert countries["JP"] == ["ceo-network-2027-jp", "jp-case-study-ceo-network", JP_LAW]
    assert set(countries) == {"EU", "JP", "MY", "RU", "TH", "VN"}
    page = response.content.decode()
    assert "Small and Medium-sized Enterprise Basic Act (Act No. 154 of 1963)" in page
    assert "from 1999-12-03" in page
    assert "programme-specific" in page and "built-in" in page


def test_rule_set_page_shows_thresholds_combination_citation_and_programmes(
    reader_client, role_users, programme
):
    factories.ApplicationFormFactory(programme=programme, rule_set=RuleSet.objects.get(name=JP_LAW))

    response = reader_client.get(reverse("companies:rule_set.detail", args=[JP_LAW]))

    table = response.context["table"]
    assert table["combination"] == "capital or employees"
    assert table["figures"] == ["capital", "employees"]
    assert table["not_applicable"] == ["capital does not apply to a sole proprietor"]
    services = next(g for g in table["groups"] if g["label"] == "services")
    assert services["sectors"] == ["Services"]
    assert services["rows"] == [
        {"size_class": "Small", "limits": ["", "≤ 5"]},
        {"size_class": "Medium", "limits": ["≤ 50,000,000 JPY", "≤ 100"]},
    ]
    page = response.content.decode()
    assert "at least one of these figures is within the class" in page
    assert programme.display_title in page
    assert "Copy as a programme-specific rule set" not in page  # staff only


def test_eu_rule_set_reads_and_and_or_with_strict_limits(reader_client):
    response = reader_client.get(
        reverse("companies:rule_set.detail", args=["eu-recommendation-2003-361"])
    )

    table = response.context["table"]
    assert table["combination"] == "employees and (sales or balance sheet total)"
    (group,) = table["groups"]
    assert group["rows"][-1] == {
        "size_class": "Medium",
        "limits": ["≤ 50,000,000 EUR", "≤ 43,000,000 EUR", "< 250"],
    }
    assert len(group["sectors"]) == 11


def test_a_programme_the_reader_cannot_see_is_not_named(client, role_users):
    hidden = factories.ProgrammeFactory(title="Secret Programme")
    factories.ApplicationFormFactory(programme=hidden, rule_set=RuleSet.objects.get(name=JP_LAW))
    client.force_login(role_users["other_counterpart"])

    response = client.get(reverse("companies:rule_set.detail", args=[JP_LAW]))

    assert list(response.context["forms"]) == []
    assert "Secret Programme" not in response.content.decode()


# --- rule sets: creating and editing ----------------------------------------------------------


def case_study_variant() -> dict:
    source = RuleSet.objects.get(name=JP_LAW)
    definition = json.loads(json.dumps(source.definition))
    definition["groups"]["services"]["medium"]["capital"] = 15_000_000
    definition["groups"]["retail"]["medium"]["capital"] = 15_000_000
    return {
        "name": "ceo-network-2027-jp",
        "title": "CEO Network 2027: Japanese participants",
        "country": "JP",
        "currency": "JPY",
        "valid_from": "2027-01-01",
        "valid_until": "",
        "citation": "CEO Network 2027 programme document, section 3",
        "definition": json.dumps(definition),
    }


def test_create_from_an_existing_rule_set_prefills_a_copy(staff_client):
    response = staff_client.get(reverse("companies:rule_set.create"), {"from": JP_LAW})

    form = response.context["form"]
    assert form.initial["name"] == f"{JP_LAW}-copy"
    assert form.initial["country"] == "JP"
    assert form.initial["definition"] == RuleSet.objects.get(name=JP_LAW).definition
    page = response.content.decode()
    assert "&quot;combination&quot;" in page  # the JSON is in the textarea


def test_create_saves_a_programme_specific_rule_set(staff_client):
    response = staff_client.post(reverse("companies:rule_set.create"), case_study_variant())

    assert response["Location"] == reverse(
        "companies:rule_set.detail", args=["ceo-network-2027-jp"]
    )
    saved = RuleSet.objects.get(name="ceo-network-2027-jp")
    assert (saved.programme_specific, saved.builtin) == (True, False)
    assert saved.definition["groups"]["services"]["medium"]["capital"] == 15_000_000
    assert saved.created_by.username == "staff"


def test_create_with_invalid_json_shows_where_and_saves_nothing(staff_client):
    data = {**case_study_variant(), "definition": '{"combination": {"any": ["capital"]},}'}

    response = staff_client.post(reverse("companies:rule_set.create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "definition": [
            "This is not valid JSON: line 1, column 38: Expecting property name enclosed in "
            "double quotes."
        ]
    }
    assert not RuleSet.objects.filter(name="ceo-network-2027-jp").exists()


def test_create_with_an_invalid_definition_shows_the_engines_messages(staff_client):
    data = case_study_variant()
    definition = json.loads(data["definition"])
    definition["groups"]["services"]["medium"]["capital"] = -5
    del definition["sectors"]["inns"]
    data.update(definition=json.dumps(definition), valid_until="2026-12-31")

    response = staff_client.post(reverse("companies:rule_set.create"), data)

    errors = response.context["form"].errors
    assert errors["definition"] == [
        "definition.groups.services.medium.capital: must be a positive number",
        "definition.sectors.inns: is required: every sector must be mapped to a group",
    ]
    assert "valid_until: must not be before valid_from (2027-01-01)" in errors["valid_until"]
    assert "definition.sectors.inns: is required" in response.content.decode()
    assert not RuleSet.objects.filter(name="ceo-network-2027-jp").exists()


def test_create_refuses_a_taken_name(staff_client):
    data = {**case_study_variant(), "name": JP_LAW}

    response = staff_client.post(reverse("companies:rule_set.create"), data)

    assert response.context["form"].errors["name"] == [
        "SME rule set with this Name already exists."
    ]
    assert RuleSet.objects.filter(name=JP_LAW).count() == 1


def test_edit_changes_a_programme_rule_set_but_not_its_name(staff_client):
    rule_set = factories.RuleSetFactory(name="programme-rule")
    data = {**case_study_variant(), "name": "renamed", "title": "Renamed title"}

    response = staff_client.post(reverse("companies:rule_set.edit", args=["programme-rule"]), data)

    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert (rule_set.name, rule_set.title) == ("programme-rule", "Renamed title")
    assert rule_set.definition["groups"]["retail"]["medium"]["capital"] == 15_000_000


def test_edit_with_an_invalid_definition_keeps_the_saved_one(staff_client):
    rule_set = factories.RuleSetFactory(name="programme-rule")
    before = rule_set.definition
    data = {**case_study_variant(), "definition": json.dumps({"combination": {"any": []}})}

    response = staff_client.post(reverse("companies:rule_set.edit", args=["programme-rule"]), data)

    assert response.status_code == 200
    assert (
        "definition.combination.any: must be a non-empty list"
        in (response.context["form"].errors["definition"])
    )
    rule_set.refresh_from_db()
    assert rule_set.definition == before


def test_editing_a_shipped_rule_set_is_refused_with_a_way_to_copy_it(staff_client):
    response = staff_client.post(
        reverse("companies:rule_set.edit", args=[JP_LAW]), case_study_variant()
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "follow the law and cannot be edited" in page
    assert f"{reverse('companies:rule_set.create')}?from={JP_LAW}" in page
    assert RuleSet.objects.get(name=JP_LAW).title != "CEO Network 2027: Japanese participants"


# --- exchange rates ---------------------------------------------------------------------------


def test_rates_are_shown_in_words(staff_client):
    factories.ExchangeRateFactory()

    page = staff_client.get(reverse("companies:rate.list")).content.decode()

    assert "1 USD = 150.25 JPY on 2026-10-01 (Bank of Japan reference rate)" in page


def test_staff_add_a_rate(staff_client):
    response = staff_client.post(
        reverse("companies:rate.list"),
        {"currency": "eur", "to_currency": "JPY", "rate": "161,50", "date": "2026-10-01",
         "source": "ECB"},
        follow=True,
    )  # fmt: skip

    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.to_currency, rate.rate) == ("EUR", "JPY", Decimal("161.5"))
    assert "Rate saved: 1 EUR = 161.5 JPY on 2026-10-01 (ECB)." in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "2026-10-01"}, "date", "There is already a rate for this day."),
        ({"rate": "0"}, "rate", "A rate must be greater than zero."),
        ({"rate": "-150"}, "rate", "A rate must be greater than zero."),
        ({"rate": "abc"}, "rate", "Give the rate as a number, e.g. 150.25."),
        ({"currency": "US1"}, "currency", "Give a three-letter ISO 4217 code, e.g. JPY."),
        ({"to_currency": "USD"}, "to_currency", "Choose two different currencies."),
    ],
)
def test_a_bad_rate_is_refused_on_its_field_and_nothing_is_saved(
    staff_client, change, field, message
):
    factories.ExchangeRateFactory()  # USD→JPY on 2026-10-01
    data = {"currency": "USD", "to_currency": "JPY", "rate": "151", "date": "2026-10-02",
            "source": "", **change}  # fmt: skip

    response = staff_client.post(reverse("companies:rate.list"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert ExchangeRate.objects.count() == 1


def test_staff_delete_a_rate(staff_client):
    rate = factories.ExchangeRateFactory()

    response = staff_client.post(reverse("companies:rate.delete", args=[rate.pk]), follow=True)

    assert not ExchangeRate.objects.exists()
    assert "Rate deleted: 1 USD = 150.25 JPY on 2026-10-01" in response.content.decode()
