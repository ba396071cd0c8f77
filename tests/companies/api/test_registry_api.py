"""The registry API: companies (scoped reads, merging), SME rule sets and exchange rates."""

import copy

import pytest
from rest_framework.test import APIClient

from companies.imports.values import normalise_name
from companies.models import ApplicationEvent, Company, ExchangeRate, RuleSet
from tests import factories

pytestmark = pytest.mark.django_db

JP_LAW = "jp-sme-basic-act-1999"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def company(name, **fields) -> Company:
    return factories.CompanyFactory(legal_name=name, normalised_name=normalise_name(name), **fields)


@pytest.fixture
def staff_api(role_users):
    return api_as(role_users["staff"])


@pytest.fixture
def registry(programme, role_users):
    """Hanoi (put forward by the counterpart, two applications, one by another counterpart),
    Bangkok (by nobody), the company role's own company, and a merged record."""
    opora = role_users["counterpart"].organisation
    hanoi = company("Hanoi Mechanical JSC", registration_number="0101234567")
    factories.ApplicationFactory(
        programme=programme, company=hanoi, counterpart=opora, eligible=True, size_class="small"
    )
    factories.ApplicationFactory(
        company=hanoi, counterpart=factories.OrganisationFactory(name="Russian Export Center")
    )
    bangkok = company("Bangkok Moulds Co., Ltd.", country="TH", sector="manufacturing")
    own = company(
        "Naniwa Seiko Co., Ltd.", country="JP", organisation=role_users["company"].organisation
    )
    merged = company("Hanoi Mech")
    merged.merged_into = hanoi
    merged.save()
    return {"hanoi": hanoi, "bangkok": bangkok, "own": own, "merged": merged}


# --- companies --------------------------------------------------------------------------------


def test_staff_list_every_live_company_with_counts(staff_api, registry):
    body = staff_api.get("/api/v1/companies/").json()

    rows = {row["legal_name"]: row["application_count"] for row in body["results"]}
    assert rows == {
        "Bangkok Moulds Co., Ltd.": 0,
        "Hanoi Mechanical JSC": 2,
        "Naniwa Seiko Co., Ltd.": 0,
    }


def test_a_counterpart_lists_only_what_it_put_forward_and_counts_only_its_applications(
    role_users, registry
):
    body = api_as(role_users["counterpart"]).get("/api/v1/companies/").json()

    assert [(r["legal_name"], r["application_count"]) for r in body["results"]] == [
        ("Hanoi Mechanical JSC", 1)
    ]


def test_a_company_user_lists_its_own_company(role_users, registry):
    body = api_as(role_users["company"]).get("/api/v1/companies/").json()

    assert [r["id"] for r in body["results"]] == [registry["own"].pk]
    assert body["results"][0]["organisation"]["slug"] == role_users["company"].organisation.slug


def test_list_searches_and_filters(staff_api, registry):
    def names(**params):
        rows = staff_api.get("/api/v1/companies/", params).json()["results"]
        return [row["legal_name"] for row in rows]

    assert names(q="0101234") == ["Hanoi Mechanical JSC"]
    assert names(q="moulds") == ["Bangkok Moulds Co., Ltd."]
    assert names(country="th") == ["Bangkok Moulds Co., Ltd."]
    assert names(sector="manufacturing") == [
        "Bangkok Moulds Co., Ltd.",
        "Hanoi Mechanical JSC",
        "Naniwa Seiko Co., Ltd.",
    ]
    response = staff_api.get("/api/v1/companies/", {"sector": "mining"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sector"]


def test_detail_has_the_company_data_and_the_applications_the_reader_may_see(
    role_users, registry, programme
):
    hanoi = registry["hanoi"]

    staff_view = api_as(role_users["staff"]).get(f"/api/v1/companies/{hanoi.pk}/").json()
    counterpart_view = api_as(role_users["counterpart"]).get(f"/api/v1/companies/{hanoi.pk}/")

    assert staff_view["registration_number"] == "0101234567"
    assert staff_view["currency"] == "VND"
    assert staff_view["capital"] == "15000000000.00"
    assert staff_view["merged_from"] == [registry["merged"].pk]
    assert len(staff_view["applications"]) == 2
    (mine,) = counterpart_view.json()["applications"]
    assert mine["programme"] == programme.slug
    assert mine["sme"] == {
        "eligible": True,
        "size_class": "small",
        "rule_set": None,
        "reasons": [],
        "exchange_rate": None,
    }


def test_a_company_the_reader_may_not_see_is_not_found(role_users, registry):
    response = api_as(role_users["other_counterpart"]).get(
        f"/api/v1/companies/{registry['hanoi'].pk}/"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_merged_company_is_not_found(staff_api, registry):
    assert staff_api.get(f"/api/v1/companies/{registry['merged'].pk}/").status_code == 404


def test_staff_merge_a_duplicate(staff_api, registry):
    hanoi = registry["hanoi"]
    twin = company("HANOI MECHANICAL, JSC", website="https://hanoi-mech.example")
    application = factories.ApplicationFactory(company=twin)

    response = staff_api.post(
        f"/api/v1/companies/{hanoi.pk}/merge/", {"duplicate": twin.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["website"] == "https://hanoi-mech.example"
    assert body["application_count"] == 3
    assert set(body["merged_from"]) == {registry["merged"].pk, twin.pk}
    twin.refresh_from_db()
    assert twin.merged_into == hanoi
    assert ApplicationEvent.objects.filter(
        application=application, kind=ApplicationEvent.Kind.MERGED
    ).exists()


def test_merge_is_refused_when_both_applied_to_the_same_programme(staff_api, registry, programme):
    twin = company("HANOI MECHANICAL, JSC")
    factories.ApplicationFactory(company=twin, programme=programme)

    response = staff_api.post(
        f"/api/v1/companies/{registry['hanoi'].pk}/merge/", {"duplicate": twin.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"Both companies applied to {programme}.")
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_merge_of_an_unknown_or_merged_duplicate_is_a_field_error(staff_api, registry):
    url = f"/api/v1/companies/{registry['hanoi'].pk}/merge/"

    unknown = staff_api.post(url, {"duplicate": 999999}, format="json")
    merged = staff_api.post(url, {"duplicate": registry["merged"].pk}, format="json")
    missing = staff_api.post(url, {}, format="json")

    for response in (unknown, merged):
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "duplicate": ["No such company in the registry (it may have been merged)."]
        }
    assert list(missing.json()["errors"]) == ["duplicate"]


def test_a_counterpart_may_not_merge_what_it_sees(role_users, registry):
    response = api_as(role_users["counterpart"]).post(
        f"/api/v1/companies/{registry['hanoi'].pk}/merge/",
        {"duplicate": registry["bangkok"].pk},
        format="json",
    )

    assert response.status_code == 403
    assert Company.objects.filter(merged_into__isnull=False).count() == 1


# --- rule sets --------------------------------------------------------------------------------


def variant(**changes) -> dict:
    definition = copy.deepcopy(RuleSet.objects.get(name=JP_LAW).definition)
    definition["groups"]["services"]["medium"]["capital"] = 15_000_000
    return {
        "name": "ceo-network-2027-jp",
        "title": "CEO Network 2027: Japanese participants",
        "country": "JP",
        "currency": "JPY",
        "valid_from": "2027-01-01",
        "valid_until": None,
        "citation": "CEO Network 2027 programme document",
        "definition": definition,
        **changes,
    }


def test_everyone_signed_in_reads_the_rule_sets(role_users):
    body = api_as(role_users["adviser"]).get("/api/v1/rule-sets/").json()

    law = next(r for r in body["results"] if r["name"] == JP_LAW)
    assert (law["builtin"], law["programme_specific"]) == (True, False)
    assert law["valid_from"] == "1999-12-03"
    assert law["definition"]["combination"] == {"any": ["capital", "employees"]}
    one = api_as(role_users["adviser"]).get(f"/api/v1/rule-sets/{JP_LAW}/").json()
    assert one == law


def test_staff_add_a_programme_specific_rule_set(staff_api):
    response = staff_api.post("/api/v1/rule-sets/", variant(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["builtin"], body["programme_specific"]) == (False, True)
    assert RuleSet.objects.get(name="ceo-network-2027-jp").created_by.username == "staff"


def test_an_invalid_rule_set_answers_every_problem_by_field_and_saves_nothing(staff_api):
    data = variant(valid_until="2026-01-01", country="XX")
    data["definition"]["combination"] = {"any": ["capital", "turnover"]}

    response = staff_api.post("/api/v1/rule-sets/", data, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert (
        "definition.combination.any[1]: unknown figure 'turnover'; allowed: capital, sales, "
        "balance_sheet, employees"
    ) in errors["definition"]
    assert "valid_until: must not be before valid_from (2027-01-01)" in errors["valid_until"]
    assert "country: must be one of EU, JP, MY, RU, TH, VN" in errors["country"]
    assert not RuleSet.objects.filter(name="ceo-network-2027-jp").exists()


def test_a_taken_name_is_a_field_error(staff_api):
    response = staff_api.post("/api/v1/rule-sets/", variant(name=JP_LAW), format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["name"] == ["SME rule set with this Name already exists."]


def test_staff_change_a_programme_rule_set(staff_api):
    factories.RuleSetFactory(name="programme-rule")

    response = staff_api.patch(
        "/api/v1/rule-sets/programme-rule/", {"valid_until": "2027-12-31"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["valid_until"] == "2027-12-31"


def test_the_name_of_a_rule_set_cannot_change(staff_api):
    factories.RuleSetFactory(name="programme-rule")

    response = staff_api.patch(
        "/api/v1/rule-sets/programme-rule/", {"name": "other"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert RuleSet.objects.filter(name="programme-rule").exists()


def test_a_shipped_rule_set_cannot_be_changed(staff_api):
    response = staff_api.patch(f"/api/v1/rule-sets/{JP_LAW}/", {"title": "Mine"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "follow the law and cannot be edited" in response.json()["detail"]
    assert RuleSet.objects.get(name=JP_LAW).title != "Mine"


# --- exchange rates ---------------------------------------------------------------------------


def test_staff_add_a_rate_and_everyone_signed_in_reads_it(staff_api, role_users):
    response = staff_api.post(
        "/api/v1/exchange-rates/",
        {"currency": "usd", "to_currency": "JPY", "rate": "150.25", "date": "2026-10-01",
         "source": "Bank of Japan"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["currency"], body["rate"]) == ("USD", "150.25")
    assert body["text"] == "1 USD = 150.25 JPY on 2026-10-01 (Bank of Japan)"
    listed = api_as(role_users["interpreter"]).get("/api/v1/exchange-rates/").json()["results"]
    assert listed == [body]


def test_rates_filter_by_currency(staff_api):
    factories.ExchangeRateFactory()
    factories.ExchangeRateFactory(currency="EUR", rate="161.5")

    rows = staff_api.get("/api/v1/exchange-rates/", {"currency": "eur"}).json()["results"]

    assert [(r["currency"], r["to_currency"], r["rate"]) for r in rows] == [("EUR", "JPY", "161.5")]


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"date": "2026-10-01"}, {"date": ["There is already a rate for this day."]}),
        ({"rate": "0"}, {"rate": ["A rate must be greater than zero."]}),
        ({"rate": "-1"}, {"rate": ["A rate must be greater than zero."]}),
        ({"currency": "U$D"}, {"currency": ["Give a three-letter ISO 4217 code, e.g. JPY."]}),
        ({"to_currency": "USD"}, {"to_currency": ["Choose two different currencies."]}),
    ],
)
def test_a_bad_rate_is_refused_by_field(staff_api, change, errors):
    factories.ExchangeRateFactory()  # USD→JPY on 2026-10-01
    data = {"currency": "USD", "to_currency": "JPY", "rate": "151", "date": "2026-10-02", **change}

    response = staff_api.post("/api/v1/exchange-rates/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert ExchangeRate.objects.count() == 1


def test_staff_delete_a_rate_others_may_not(staff_api, role_users):
    rate = factories.ExchangeRateFactory()

    refused = api_as(role_users["counterpart"]).delete(f"/api/v1/exchange-rates/{rate.pk}/")
    deleted = staff_api.delete(f"/api/v1/exchange-rates/{rate.pk}/")

    assert (refused.status_code, deleted.status_code) == (403, 204)
    assert not ExchangeRate.objects.exists()


def test_the_schema_documents_the_registry(staff_api):
    schema = staff_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert "post" in schema["paths"]["/api/v1/companies/{id}/merge/"]
    assert set(schema["paths"]["/api/v1/rule-sets/{name}/"]) >= {"get", "patch"}
    assert "put" not in schema["paths"]["/api/v1/rule-sets/{name}/"]
    assert set(schema["paths"]["/api/v1/exchange-rates/{id}/"]) >= {"get", "delete"}
