"""Choosing the rule set for a country and a date: valid_from and valid_until both inclusive."""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from companies.eligibility import (
    BUILTIN_RULE_SETS,
    EU_MEMBER_STATES,
    EligibilityInputError,
    rule_country,
    select_rule_set,
)

from .util import builtin


def versions():
    old = copy.deepcopy(builtin("ru-209-fz-decree-265-2016"))
    old.update(name="ru-old", valid_from="2010-01-01", valid_until="2016-07-31")
    new = copy.deepcopy(builtin("ru-209-fz-decree-265-2016"))
    return [old, new]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2009, 12, 31), None),
        (date(2010, 1, 1), "ru-old"),  # valid_from is inclusive
        (date(2016, 7, 31), "ru-old"),  # valid_until is inclusive: its last day
        (date(2016, 8, 1), "ru-209-fz-decree-265-2016"),
        (date(2100, 1, 1), "ru-209-fz-decree-265-2016"),  # no valid_until: open-ended
    ],
)
def test_the_version_valid_on_the_day_is_chosen(day, expected):
    chosen = select_rule_set(versions(), country="RU", on=day)
    assert (chosen and chosen["name"]) == expected


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [
        ("JP", date(1999, 12, 2), None),
        ("JP", date(1999, 12, 3), "jp-sme-basic-act-1999"),
        ("EU", date(2004, 12, 31), None),
        ("EU", date(2005, 1, 1), "eu-recommendation-2003-361"),
        ("RU", date(2016, 7, 31), None),
        ("RU", date(2016, 8, 1), "ru-209-fz-decree-265-2016"),
        ("VN", date(2021, 10, 14), None),
        ("VN", date(2021, 10, 15), "vn-decree-80-2021"),
        ("TH", date(2020, 1, 7), None),
        ("TH", date(2020, 1, 8), "th-ministerial-regulation-2019"),
        ("MY", date(2013, 12, 31), None),
        ("MY", date(2014, 1, 1), "my-sme-corp-2013"),
        ("ID", date(2026, 1, 1), None),
    ],
)
def test_builtin_rule_sets_start_on_the_day_the_law_took_effect(country, day, expected):
    chosen = select_rule_set(BUILTIN_RULE_SETS, country=country, on=day)
    assert (chosen and chosen["name"]) == expected


@pytest.mark.parametrize("code", sorted(EU_MEMBER_STATES | {"EL", "de", "EU"}))
def test_member_states_use_the_eu_rule_set(code):
    assert rule_country(code) == "EU"
    chosen = select_rule_set(BUILTIN_RULE_SETS, country=code, on=date(2026, 1, 1))
    assert chosen["name"] == "eu-recommendation-2003-361"


def test_rule_country_keeps_other_codes():
    assert len(EU_MEMBER_STATES) == 27
    assert rule_country("jp") == "JP"
    assert rule_country("GB") == "GB"


def test_programme_rule_sets_are_chosen_only_when_asked_for():
    law = select_rule_set(BUILTIN_RULE_SETS, country="JP", on=date(2026, 1, 1))
    programme = select_rule_set(
        BUILTIN_RULE_SETS, country="JP", on=date(2026, 1, 1), kind="programme"
    )
    assert law["name"] == "jp-sme-basic-act-1999"
    assert programme["name"] == "jp-case-study-ceo-network"


def test_overlapping_rule_sets_are_an_error_not_a_guess():
    with pytest.raises(EligibilityInputError, match="several rule sets for JP are valid"):
        select_rule_set(BUILTIN_RULE_SETS, country="JP", on=date(2026, 1, 1), kind=None)


def test_a_datetime_counts_as_its_date():
    chosen = select_rule_set(BUILTIN_RULE_SETS, country="MY", on=datetime(2014, 1, 1, 0, 30))
    assert chosen["name"] == "my-sme-corp-2013"


def test_the_result_is_a_copy():
    chosen = select_rule_set(BUILTIN_RULE_SETS, country="MY", on=date(2020, 1, 1))
    chosen["name"] = "changed"
    assert builtin("my-sme-corp-2013")["name"] == "my-sme-corp-2013"


def test_builtin_versions_of_one_country_and_kind_never_overlap():
    seen = {}
    for rs in BUILTIN_RULE_SETS:
        key = (rs["country"], rs.get("kind", "law"))
        assert key not in seen, f"{rs['name']} overlaps {seen[key]}"
        seen[key] = rs["name"]
