"""POST /api/v1/eligibility/check: a stable interface. The answer is exactly
{"eligible", "size_class", "rule_set", "reasons"}; null where the figures cannot decide."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/check"
KEYS = {"eligible", "size_class", "rule_set", "reasons"}
JP_LAW = "jp-sme-basic-act-1999"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # Anonymous checks are throttled per address; every test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def signed_in(db):
    client = APIClient()
    client.force_authenticate(factories.UserFactory(username="reader"))
    return client


def check(client, **data):
    response = client.post(URL, data, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == KEYS
    return body


def test_anonymous_caller_gets_exactly_the_four_keys(anonymous):
    body = check(
        anonymous, country="JP", sector="services", legal_form="company",
        capital=50_000_000, employees=101,
    )  # fmt: skip

    assert body == {
        "eligible": True,
        "size_class": "medium",
        "rule_set": JP_LAW,
        "reasons": [
            "capital JPY 50,000,000 ≤ 50,000,000 (services)",
            "employees 101 > 100 (services)",
            "eligible: medium enterprise",
            "employees means regular employees; directors and temporary staff do not count",
        ],
    }


def test_signed_in_caller_gets_the_same_answer(anonymous, signed_in):
    data = {"country": "JP", "sector": "services", "legal_form": "company", "employees": 80}

    assert check(signed_in, **data) == check(anonymous, **data)


def test_the_path_answers_with_and_without_a_trailing_slash(anonymous):
    data = {"country": "VN", "sector": "services", "legal_form": "company", "employees": 8,
            "sales": 1_000_000_000}  # fmt: skip

    assert check(anonymous, **data)["size_class"] == "micro"
    assert anonymous.post(URL + "/", data, format="json").json()["size_class"] == "micro"


def test_missing_figure_gives_null_and_the_reason_never_a_guess(anonymous):
    body = check(anonymous, country="JP", sector="services", legal_form="company", capital=60e6)

    assert body["eligible"] is None
    assert body["size_class"] is None
    assert body["rule_set"] == JP_LAW
    assert "cannot decide: employees missing" in body["reasons"]


def test_no_figures_at_all_cannot_decide(anonymous):
    body = check(anonymous, country="DE", sector="retail", legal_form="company")

    assert (body["eligible"], body["size_class"]) == (None, None)
    assert body["rule_set"] == "eu-recommendation-2003-361"
    assert "cannot decide: employees missing" in body["reasons"]


def test_bad_sector_is_a_field_error_in_the_one_error_shape(anonymous):
    response = anonymous.post(
        URL, {"country": "JP", "sector": "mining", "legal_form": "company"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert list(body["errors"]) == ["sector"]
    assert body["errors"]["sector"][0].startswith("Unknown sector “mining”; use one of: ")
    assert "services" in body["errors"]["sector"][0]


def test_every_bad_field_is_answered_at_once(anonymous):
    response = anonymous.post(
        URL,
        {"country": "Japan", "sector": "services", "legal_form": "kabushiki", "capital": "lots",
         "employees": "12.5", "currency": "yen!", "date": "1 Oct 2026"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == [
        "capital", "country", "currency", "date", "employees", "legal_form",
    ]  # fmt: skip


def test_a_country_without_a_rule_set_is_a_field_error(anonymous):
    response = anonymous.post(
        URL, {"country": "US", "sector": "services", "legal_form": "company"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"country": ["No SME rule set for this country and date."]}


def test_an_unknown_rule_set_is_a_field_error(anonymous):
    response = anonymous.post(
        URL,
        {"country": "JP", "sector": "services", "legal_form": "company", "rule_set": "nope"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"rule_set": ["No rule set has this name."]}


def test_figures_in_usd_are_converted_at_the_stored_rate_and_the_rate_is_named(anonymous):
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", rate="150.25")  # 2026-10-01

    body = check(
        anonymous, country="JP", sector="manufacturing", legal_form="company",
        capital=1_000_000, employees=350, currency="USD", date="2026-10-15",
    )  # fmt: skip

    assert (body["eligible"], body["size_class"]) == (True, "medium")
    converted, capital, employees = body["reasons"][:3]
    assert converted.startswith("converted capital USD 1,000,000 to JPY at 150.25")
    assert converted.endswith("(rate of 2026-10-01, Bank of Japan reference rate)")
    assert capital == "capital JPY 150,250,000 ≤ 300,000,000 (manufacturing and others)"
    assert employees == "employees 350 > 300 (manufacturing and others)"


def test_the_rate_in_the_reason_reads_as_entered(anonymous):
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", rate="150.25")

    body = check(
        anonymous, country="JP", sector="manufacturing", legal_form="company",
        capital=1_000_000, employees=350, currency="USD", date="2026-10-15",
    )  # fmt: skip

    assert body["reasons"][0] == (
        "converted capital USD 1,000,000 to JPY at 150.25 (rate of 2026-10-01, "
        "Bank of Japan reference rate)"
    )


def test_a_rate_dated_after_the_figures_is_not_used(anonymous):
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", date="2026-10-01")

    body = check(
        anonymous, country="JP", sector="manufacturing", legal_form="company",
        capital=1_000_000, employees=350, currency="USD", date="2026-09-30",
    )  # fmt: skip

    assert (body["eligible"], body["size_class"]) == (None, None)
    assert (
        "cannot decide: no exchange rate from USD to JPY dated on or before 2026-09-30"
        in body["reasons"]
    )


def test_without_a_rate_the_result_is_undecided_and_names_the_missing_rate(anonymous):
    body = check(
        anonymous, country="JP", sector="services", legal_form="company",
        capital=200_000, employees=150, currency="USD", date="2026-10-01",
    )  # fmt: skip

    assert (body["eligible"], body["size_class"]) == (None, None)
    assert body["rule_set"] == JP_LAW
    assert body["reasons"][-1] == (
        "cannot decide: no exchange rate from USD to JPY dated on or before 2026-10-01"
    )
    assert "employees 150 > 100 (services)" in body["reasons"]


def test_without_a_rate_employees_alone_can_still_decide_in_japan(anonymous):
    body = check(
        anonymous, country="JP", sector="services", legal_form="company",
        capital=200_000, employees=40, currency="USD",
    )  # fmt: skip

    assert (body["eligible"], body["size_class"]) == (True, "medium")


def test_a_named_programme_rule_set_is_applied(anonymous):
    # The case study's figures: services JPY 15M where the law says JPY 50M.
    data = {"country": "JP", "sector": "services", "legal_form": "company", "employees": 101}

    law = check(anonymous, **data, capital=20_000_000)
    case_study = check(anonymous, **data, capital=20_000_000, rule_set="jp-case-study-ceo-network")

    assert (law["eligible"], law["rule_set"]) == (True, JP_LAW)
    assert (case_study["eligible"], case_study["rule_set"]) == (False, "jp-case-study-ceo-network")
    assert "capital JPY 20,000,000 > 15,000,000 (services)" in case_study["reasons"]


# --- the law at its boundaries (docs: DOMAIN.md, "SME definitions") -------------------------

M, BN = 1_000_000, 1_000_000_000
CO, SOLE = "company", "sole_proprietor"

# fmt: off
BOUNDARIES = [
    # Japan, SME Basic Act: capital OR employees; sole proprietors by employees alone.
    ("JP", "services", CO, {"capital": 50 * M, "employees": 101}, True, "medium"),
    ("JP", "services", CO, {"capital": 50 * M + 1, "employees": 101}, False, "large"),
    ("JP", "services", CO, {"capital": 60 * M, "employees": 100}, True, "medium"),
    ("JP", "services", CO, {"capital": 60 * M, "employees": 5}, True, "small"),
    ("JP", "services", SOLE, {"capital": 1, "employees": 101}, False, "large"),
    ("JP", "services", SOLE, {"capital": 900 * BN, "employees": 100}, True, "medium"),
    ("JP", "manufacturing", CO, {"capital": 300 * M, "employees": 301}, True, "medium"),
    ("JP", "manufacturing", CO, {"capital": 300 * M + 1, "employees": 301}, False, "large"),
    ("JP", "manufacturing", CO, {"capital": 1 * BN, "employees": 20}, True, "small"),
    ("JP", "wholesale", CO, {"capital": 100 * M + 1, "employees": 100}, True, "medium"),
    ("JP", "wholesale", CO, {"capital": 100 * M + 1, "employees": 101}, False, "large"),
    ("JP", "retail", CO, {"capital": 50 * M + 1, "employees": 50}, True, "medium"),
    ("JP", "retail", CO, {"capital": 50 * M + 1, "employees": 51}, False, "large"),
    ("JP", "rubber", CO, {"capital": 400 * M, "employees": 900}, True, "medium"),
    ("JP", "software", CO, {"capital": 400 * M, "employees": 300}, True, "medium"),
    ("JP", "inns", CO, {"capital": 60 * M, "employees": 201}, False, "large"),
    # EU: headcount AND (turnover OR balance sheet); headcount "fewer than".
    ("DE", "manufacturing", CO, {"employees": 249, "sales": 50 * M}, True, "medium"),
    ("DE", "manufacturing", CO, {"employees": 250, "sales": 1 * M}, False, "large"),
    ("FR", "services", CO, {"employees": 249, "sales": 60 * M, "balance_sheet": 43 * M},
     True, "medium"),
    ("FR", "services", CO, {"employees": 249, "sales": 60 * M, "balance_sheet": 43 * M + 1},
     False, "large"),
    ("EU", "retail", CO, {"employees": 9, "sales": 2 * M}, True, "micro"),
    ("EU", "retail", CO, {"employees": 10, "sales": 2 * M}, True, "small"),
    ("EU", "retail", CO, {"employees": 49, "sales": 11 * M, "balance_sheet": 10 * M},
     True, "small"),
    # Russia: employees AND income; the larger size applies.
    ("RU", "services", CO, {"employees": 15, "sales": 120 * M}, True, "micro"),
    ("RU", "services", CO, {"employees": 16, "sales": 120 * M}, True, "small"),
    ("RU", "services", CO, {"employees": 100, "sales": 800 * M + 1}, True, "medium"),
    ("RU", "services", CO, {"employees": 250, "sales": 2 * BN}, True, "medium"),
    ("RU", "services", CO, {"employees": 251, "sales": 1 * M}, False, "large"),
    ("RU", "services", CO, {"employees": 10, "sales": 2 * BN + 1}, False, "large"),
    # Vietnam: insured employees AND (revenue OR capital), by sector group.
    ("VN", "manufacturing", CO, {"employees": 200, "sales": 200 * BN}, True, "medium"),
    ("VN", "manufacturing", CO, {"employees": 201, "sales": 1 * BN}, False, "large"),
    ("VN", "manufacturing", CO, {"employees": 200, "sales": 250 * BN, "balance_sheet": 100 * BN},
     True, "medium"),
    ("VN", "services", CO, {"employees": 100, "sales": 300 * BN}, True, "medium"),
    ("VN", "services", CO, {"employees": 101, "sales": 1 * BN}, False, "large"),
    ("VN", "services", CO, {"employees": 10, "sales": 10 * BN}, True, "micro"),
    ("VN", "services", CO, {"employees": 50, "sales": 100 * BN}, True, "small"),
    # Thailand: employees and revenue; the larger size applies.
    ("TH", "manufacturing", CO, {"employees": 50, "sales": 100 * M}, True, "small"),
    ("TH", "manufacturing", CO, {"employees": 51, "sales": 100 * M}, True, "medium"),
    ("TH", "manufacturing", CO, {"employees": 200, "sales": 500 * M}, True, "medium"),
    ("TH", "manufacturing", CO, {"employees": 201, "sales": 1 * M}, False, "large"),
    ("TH", "services", CO, {"employees": 30, "sales": 50 * M}, True, "small"),
    ("TH", "services", CO, {"employees": 30, "sales": 50 * M + 1}, True, "medium"),
    ("TH", "services", CO, {"employees": 101, "sales": 1 * M}, False, "large"),
    # Malaysia: sales OR employees; the smaller size applies.
    ("MY", "manufacturing", CO, {"sales": 50 * M, "employees": 250}, True, "medium"),
    ("MY", "manufacturing", CO, {"sales": 50 * M + 1, "employees": 201}, False, "large"),
    ("MY", "manufacturing", CO, {"sales": 10 * M, "employees": 150}, True, "small"),
    ("MY", "services", CO, {"sales": 25 * M, "employees": 75}, True, "medium"),
    ("MY", "services", CO, {"sales": 20 * M + 1, "employees": 76}, False, "large"),
]
# fmt: on


@pytest.mark.parametrize(
    ("country", "sector", "legal_form", "figures", "eligible", "size_class"),
    BOUNDARIES,
    ids=[
        f"{c}-{s}-{lf}-" + "-".join(f"{k}={v}" for k, v in f.items())
        for c, s, lf, f, *_ in BOUNDARIES
    ],
)
def test_the_law_at_its_boundaries(
    anonymous, country, sector, legal_form, figures, eligible, size_class
):
    body = check(
        anonymous, country=country, sector=sector, legal_form=legal_form, date="2026-10-01",
        **figures,
    )  # fmt: skip

    assert (body["eligible"], body["size_class"]) == (eligible, size_class), body["reasons"]


def test_sole_proprietor_reason_says_capital_does_not_apply(anonymous):
    body = check(
        anonymous, country="JP", sector="services", legal_form="sole_proprietor",
        capital=1, employees=101,
    )  # fmt: skip

    assert body["reasons"][0] == "capital does not apply to a sole proprietor"
    assert "not eligible: above the SME limits (services)" in body["reasons"]
