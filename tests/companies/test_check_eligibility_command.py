"""`manage.py check_eligibility`: a stable interface. With --json it prints exactly what
POST /api/v1/eligibility/check answers for the same figures."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

KEYS = {"eligible", "size_class", "rule_set", "reasons"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("check_eligibility", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict:
    result = json.loads(run(*args, "--json"))
    assert set(result) == KEYS
    return result


def test_json_output_has_exactly_the_four_keys():
    result = run_json(
        "--country", "JP", "--sector", "services", "--legal-form", "company",
        "--capital", "50000000", "--employees", "101",
    )  # fmt: skip

    assert result["eligible"] is True
    assert result["size_class"] == "medium"
    assert result["rule_set"] == "jp-sme-basic-act-1999"
    assert result["reasons"][:3] == [
        "capital JPY 50,000,000 ≤ 50,000,000 (services)",
        "employees 101 > 100 (services)",
        "eligible: medium enterprise",
    ]


def test_json_output_is_what_the_api_answers():
    cache.clear()
    factories.ExchangeRateFactory(currency="USD", to_currency="JPY", rate="150.25")
    figures = {"country": "JP", "sector": "manufacturing", "legal_form": "company",
               "capital": "1000000", "employees": "350", "currency": "USD",
               "date": "2026-10-02"}  # fmt: skip

    api = APIClient().post("/api/v1/eligibility/check", figures, format="json").json()
    cli = run_json(*(arg for key, value in figures.items()
                     for arg in (f"--{key.replace('_', '-')}", value)))  # fmt: skip

    assert cli == api
    assert cli["reasons"][0].startswith("converted capital USD 1,000,000 to JPY at 150.25")
    assert cli["reasons"][0].endswith("(rate of 2026-10-01, Bank of Japan reference rate)")


def test_missing_figures_print_null_and_the_reason():
    result = run_json("--country", "VN", "--sector", "retail", "--legal-form", "company",
                      "--sales", "5000000000")  # fmt: skip

    assert (result["eligible"], result["size_class"]) == (None, None)
    assert result["rule_set"] == "vn-decree-80-2021"
    assert "cannot decide: employees missing" in result["reasons"]


def test_a_missing_rate_is_named_in_the_reasons():
    result = run_json(
        "--country", "JP", "--sector", "services", "--legal-form", "company",
        "--capital", "100000", "--currency", "EUR", "--employees", "120", "--date", "2026-03-31",
    )  # fmt: skip

    assert result["eligible"] is None
    assert result["reasons"][-1] == (
        "cannot decide: no exchange rate from EUR to JPY dated on or before 2026-03-31"
    )


def test_a_named_rule_set_is_used():
    result = run_json(
        "--country", "JP", "--sector", "retail", "--legal-form", "company",
        "--capital", "20000000", "--employees", "60", "--rule-set", "jp-case-study-ceo-network",
    )  # fmt: skip

    assert (result["eligible"], result["rule_set"]) == (False, "jp-case-study-ceo-network")


def test_without_json_it_prints_the_verdict_and_the_reasons():
    text = run("--country", "TH", "--sector", "manufacturing", "--legal-form", "company",
               "--employees", "51", "--sales", "100000000")  # fmt: skip

    lines = text.splitlines()
    assert lines[0] == "SME (medium) under th-ministerial-regulation-2019"
    assert "  - employees 51 ≤ 200 (manufacturing)" in lines
    assert lines[-2:] == [
        "  - eligible: medium enterprise",
        "  - when employees and revenue point to different sizes, the larger size applies",
    ]


def test_a_bad_sector_is_a_command_error_naming_the_flag():
    with pytest.raises(CommandError) as error:
        run("--country", "JP", "--sector", "mining", "--legal-form", "company", "--json")

    assert "--sector: Unknown sector “mining”; use one of: manufacturing" in str(error.value)


def test_bad_figures_are_command_errors_naming_each_flag():
    with pytest.raises(CommandError) as error:
        run("--country", "JP", "--sector", "services", "--legal-form", "company",
            "--capital", "lots", "--employees", "-3", "--date", "31/03/2026")  # fmt: skip

    message = str(error.value)
    assert "--capital: Not a number: “lots”." in message
    assert "--employees: Give the number of employees as a whole number ≥ 0." in message
    assert "--date: Give the date as YYYY-MM-DD." in message


def test_an_unknown_rule_set_is_a_command_error():
    with pytest.raises(CommandError, match="--rule-set: No rule set has this name."):
        run("--country", "JP", "--sector", "services", "--legal-form", "company",
            "--rule-set", "nope")  # fmt: skip


def test_a_missing_required_flag_is_a_command_error():
    with pytest.raises(CommandError, match="--legal-form"):
        run("--country", "JP", "--sector", "services")


def test_an_unknown_legal_form_is_a_command_error():
    with pytest.raises(CommandError, match="invalid choice: 'llc'"):
        run("--country", "JP", "--sector", "services", "--legal-form", "llc")
