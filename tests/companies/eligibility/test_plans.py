"""One rule-set dict judges many companies: what the engine works out once per rule set, sector
and legal form (and per pattern of passed, failed and missing figures) never leaks from one
company to the next."""

from __future__ import annotations

import copy
import itertools

from companies.eligibility import evaluate

from .util import builtin, figures

M = 1_000_000
JP = "jp-sme-basic-act-1999"
VN = "vn-decree-80-2021"


def snapshot(result) -> tuple:
    return (
        result.eligible,
        result.size_class,
        result.group,
        [(r.code, r.template, dict(r.params), r.translate, r.figure) for r in result.reasons],
    )


CASES = [
    (JP, "manufacturing", "company", {"capital": 120 * M, "employees": 350}),
    (JP, "manufacturing", "sole_proprietor", {"capital": 900 * M, "employees": 20}),
    (JP, "retail", "company", {"capital": None, "employees": 40}),
    (JP, "retail", "sole_proprietor", {"employees": None}),
    (JP, "services", "company", {"capital": 10 * M, "employees": 500}),
    (JP, "manufacturing", "company", {"capital": None, "employees": None}),
    (VN, "manufacturing", "company", {"capital": 15_000 * M, "sales": 40_000 * M, "employees": 80}),
    (VN, "services", "company", {"capital": None, "sales": 500_000 * M, "employees": None}),
    (VN, "wholesale", "sole_proprietor", {"sales": 10 * M, "employees": 5}),
]


def test_a_shared_rule_set_gives_each_company_the_verdict_of_a_fresh_one():
    shared = {JP: builtin(JP), VN: builtin(VN)}
    # Every case twice, interleaved, so each one meets plans and outcomes left by the others.
    for name, sector, form, values in itertools.chain(CASES, reversed(CASES), CASES):
        fresh = copy.deepcopy(builtin(name))  # a new dict: parsed and planned from scratch
        company = figures(name, sector, form, **values)
        assert snapshot(evaluate(shared[name], company)) == snapshot(evaluate(fresh, company))


def test_not_applicable_reasons_belong_to_the_legal_form_only():
    rule_set = builtin(JP)
    sole = evaluate(
        rule_set, figures(JP, "retail", "sole_proprietor", capital=900 * M, employees=3)
    )
    company = evaluate(rule_set, figures(JP, "retail", "company", capital=900 * M, employees=3))
    assert [r.code for r in sole.reasons].count("not_applicable") == 1
    assert "not_applicable" not in [r.code for r in company.reasons]
    assert (sole.eligible, company.eligible) == (True, True)
    assert sole.size_class == company.size_class == "small"
