"""Validation of rule-set definitions: every message names the path of the problem."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from companies.eligibility import (
    BUILTIN_RULE_SETS,
    Figures,
    InvalidRuleSet,
    evaluate,
    validate_rule_set,
)
from companies.eligibility.vocabulary import SECTORS

from .util import builtin

DOCS = Path(__file__).resolve().parents[3] / "docs" / "eligibility.md"


def case_study():
    return copy.deepcopy(builtin("jp-case-study-ceo-network"))


@pytest.mark.parametrize("rule_set", BUILTIN_RULE_SETS, ids=lambda rs: rs["name"])
def test_every_builtin_rule_set_is_valid_and_json_serialisable(rule_set):
    assert validate_rule_set(rule_set) == []
    assert json.loads(json.dumps(rule_set)) == rule_set


@pytest.mark.parametrize("rule_set", BUILTIN_RULE_SETS, ids=lambda rs: rs["name"])
def test_every_builtin_maps_every_sector(rule_set):
    assert set(rule_set["definition"]["sectors"]) == set(SECTORS)


def test_the_case_study_example_in_the_docs_is_the_shipped_one_and_valid():
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    example = json.loads(blocks[0])
    assert validate_rule_set(example) == []
    assert example == builtin("jp-case-study-ceo-network")


def test_a_negative_limit_is_reported_with_its_path():
    data = case_study()
    data["definition"]["groups"]["services"]["medium"]["capital"] = -15
    assert validate_rule_set(data) == [
        "definition.groups.services.medium.capital: must be a positive number"
    ]


@pytest.mark.parametrize("bad", [0, "15M", True, None, [1], float("nan")])
def test_money_limits_must_be_positive_numbers(bad):
    data = case_study()
    data["definition"]["groups"]["services"]["medium"]["capital"] = bad
    assert validate_rule_set(data) == [
        "definition.groups.services.medium.capital: must be a positive number"
    ]


@pytest.mark.parametrize("good", [15_000_000, "15000000", "15000000.50", 15e6])
def test_money_limits_accept_integers_decimal_strings_and_floats(good):
    data = case_study()
    data["definition"]["groups"]["services"]["medium"]["capital"] = good
    assert validate_rule_set(data) == []


def test_employee_limits_must_be_whole_numbers():
    data = case_study()
    data["definition"]["groups"]["retail"]["medium"]["employees"] = {"at_most": 50.5}
    assert validate_rule_set(data) == [
        "definition.groups.retail.medium.employees.at_most: must be a positive whole number"
    ]


def test_limit_objects_take_one_known_key():
    data = case_study()
    data["definition"]["groups"]["retail"]["medium"]["employees"] = {"max": 50}
    assert validate_rule_set(data) == [
        "definition.groups.retail.medium.employees: must be a number, or an object with one "
        'key, "at_most" (≤) or "less_than" (<)'
    ]


def test_a_missing_sector_and_an_unknown_group_are_named():
    data = case_study()
    del data["definition"]["sectors"]["inns"]
    data["definition"]["sectors"]["retail"] = "shops"
    assert validate_rule_set(data) == [
        "definition.sectors.retail: unknown group 'shops'; groups: manufacturing, wholesale, "
        "services, retail",
        "definition.sectors.inns: is required: every sector must be mapped to a group",
    ]


def test_an_unknown_sector_lists_the_vocabulary():
    data = case_study()
    data["definition"]["sectors"]["mining"] = "manufacturing"
    assert validate_rule_set(data) == [
        "definition.sectors.mining: unknown sector; allowed: manufacturing, construction, "
        "transport, agriculture, wholesale, retail, services, software, rubber, inns, other"
    ]


def test_a_group_no_sector_uses_is_reported():
    data = case_study()
    data["definition"]["groups"]["mining"] = {"label": "mining", "medium": {"employees": 300}}
    assert validate_rule_set(data) == ["definition.groups.mining: is not used by any sector"]


def test_unknown_figure_in_the_combination():
    data = case_study()
    data["definition"]["combination"] = {"any": ["capital", "turnover", "employees"]}
    assert validate_rule_set(data) == [
        "definition.combination.any[1]: unknown figure 'turnover'; allowed: capital, sales, "
        "balance_sheet, employees"
    ]


def test_combination_shape_errors():
    data = case_study()
    data["definition"]["combination"] = {"either": ["capital", "employees"]}
    assert validate_rule_set(data) == [
        'definition.combination: must be an object with one key, "any" or "all", holding a list'
    ]
    data["definition"]["combination"] = {"any": []}
    assert validate_rule_set(data) == ["definition.combination.any: must be a non-empty list"]
    data["definition"]["combination"] = {"any": ["capital", {"all": ["employees", "capital"]}]}
    assert validate_rule_set(data) == [
        "definition.combination.any[1].all[1]: capital appears more than once"
    ]


def test_a_class_limiting_a_figure_outside_the_combination():
    data = case_study()
    data["definition"]["groups"]["retail"]["medium"]["sales"] = 100
    assert validate_rule_set(data) == [
        "definition.groups.retail.medium.sales: is not part of definition.combination"
    ]


def test_a_smaller_class_may_not_accept_more_than_a_larger_one():
    data = case_study()
    data["definition"]["groups"]["retail"]["small"]["employees"] = 60
    assert validate_rule_set(data) == [
        "definition.groups.retail.small.employees: must not accept more than the medium limit "
        "(≤ 50)"
    ]


def test_equal_limits_must_not_loosen_from_less_than_to_at_most():
    data = copy.deepcopy(builtin("my-sme-corp-2013"))
    data["definition"]["groups"]["manufacturing"]["small"]["employees"] = {"at_most": 200}
    data["definition"]["groups"]["manufacturing"]["medium"]["employees"] = {"less_than": 200}
    assert validate_rule_set(data) == [
        "definition.groups.manufacturing.small.employees: must not accept more than the medium "
        "limit (< 200)"
    ]


def test_an_all_combination_needs_every_figure_in_smaller_classes():
    data = copy.deepcopy(builtin("ru-209-fz-decree-265-2016"))
    del data["definition"]["groups"]["all"]["micro"]["sales"]
    assert validate_rule_set(data) == [
        "definition.groups.all.micro.sales: is required: sales sits in an 'all' combination "
        "and the small class limits it"
    ]


def test_an_any_combination_needs_every_figure_in_larger_classes():
    data = copy.deepcopy(builtin("my-sme-corp-2013"))
    del data["definition"]["groups"]["services_other"]["medium"]["sales"]
    assert validate_rule_set(data) == [
        "definition.groups.services_other.medium.sales: is required: sales sits in an 'any' "
        "combination and the small class limits it"
    ]


def test_large_takes_no_limits_and_unknown_group_keys_are_named():
    data = case_study()
    data["definition"]["groups"]["retail"]["large"] = {"employees": 51}
    data["definition"]["groups"]["retail"]["tiny"] = {"employees": 1}
    assert validate_rule_set(data) == [
        "definition.groups.retail.large: takes no limits: large is whatever lies above the "
        "group's largest class",
        "definition.groups.retail.tiny: unknown key; allowed: label, notes, micro, small, medium",
    ]


def test_top_level_fields():
    data = case_study()
    data.update(
        name="Case Study!",
        country="JPN",
        currency="yen",
        valid_from="2012-13-01",
        kind="custom",
        extra=1,
    )
    del data["citation"]
    assert validate_rule_set(data) == [
        "extra: unknown key; allowed: name, title, country, kind, valid_from, valid_until, "
        "citation, currency, description, definition",
        "name: must be lower-case letters and digits joined by '-' or '_'",
        "citation: is required",
        "country: must be one of EU, JP, MY, RU, TH, VN",
        "kind: must be one of law, programme",
        "currency: must be a three-letter ISO 4217 code in capitals, e.g. JPY",
        "valid_from: must be a date written YYYY-MM-DD",
    ]


def test_valid_until_must_not_precede_valid_from():
    data = case_study()
    data["valid_until"] = "2011-12-31"
    assert validate_rule_set(data) == ["valid_until: must not be before valid_from (2012-01-01)"]


def test_not_applicable_must_name_a_legal_form_and_combined_figures():
    data = case_study()
    data["definition"]["not_applicable"] = {"partnership": ["capital"], "company": ["sales"]}
    assert validate_rule_set(data) == [
        "definition.not_applicable.partnership: unknown legal form; allowed: company, "
        "sole_proprietor",
        "definition.not_applicable.company[0]: must be a figure of definition.combination "
        "(capital, employees)",
    ]


def test_not_applicable_may_not_leave_a_class_without_figures():
    data = case_study()
    data["definition"]["not_applicable"] = {"sole_proprietor": ["employees"]}
    messages = validate_rule_set(data)
    assert (
        "definition.not_applicable.sole_proprietor: leaves definition.groups.manufacturing.small "
        "without any figure to judge"
    ) in messages


@pytest.mark.parametrize("data", [None, [], "rule set"])
def test_a_rule_set_must_be_an_object(data):
    assert validate_rule_set(data) == ["rule set: must be an object"]


def test_evaluate_refuses_an_invalid_rule_set_with_all_its_messages():
    data = case_study()
    data["definition"]["groups"]["services"]["medium"]["capital"] = -1
    with pytest.raises(InvalidRuleSet) as caught:
        evaluate(data, Figures("JP", "services", "company", employees=1))
    assert caught.value.messages == [
        "definition.groups.services.medium.capital: must be a positive number"
    ]
    assert isinstance(caught.value, ValueError)


def test_a_staff_rule_set_with_less_than_limits_and_a_nested_combination_works():
    data = {
        "name": "eu-programme-strict",
        "title": "A programme that wants small enterprises only",
        "country": "EU",
        "kind": "programme",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "citation": "Programme call, section 3",
        "currency": "EUR",
        "definition": {
            "combination": {"all": ["employees", {"any": ["sales", "balance_sheet"]}]},
            "sectors": dict.fromkeys(SECTORS, "all"),
            "groups": {
                "all": {
                    "label": "all sectors",
                    "small": {
                        "employees": {"less_than": 50},
                        "sales": "10000000",
                        "balance_sheet": "10000000",
                    },
                }
            },
        },
    }
    assert validate_rule_set(data) == []
    figures = Figures(
        "FR", "software", "company", employees=49, balance_sheet=Decimal(10_000_000), currency="EUR"
    )
    result = evaluate(data, figures)
    assert (result.eligible, result.size_class) == (True, "small")
