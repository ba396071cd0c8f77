"""Reasons: stable English templates with numeric parameters, and the public JSON shape."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from companies.eligibility import Reason, default_number_format, format_reason
from companies.eligibility import messages as m

from .util import judge

M = 1_000_000
JP = "jp-sme-basic-act-1999"


def test_to_json_has_exactly_the_public_keys():
    result = judge(JP, "manufacturing", capital=120 * M, employees=350)
    data = result.to_json()
    assert list(data) == ["eligible", "size_class", "rule_set", "reasons"]
    assert data["eligible"] is True
    assert data["size_class"] == "medium"
    assert data["rule_set"] == "jp-sme-basic-act-1999"
    assert all(isinstance(text, str) for text in data["reasons"])
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_texts_of_a_typical_japanese_verdict():
    result = judge(JP, "manufacturing", capital=120 * M, employees=350)
    assert result.to_json()["reasons"] == [
        "capital JPY 120,000,000 ≤ 300,000,000 (manufacturing and others)",
        "employees 350 > 300 (manufacturing and others)",
        "eligible: medium enterprise",
        "employees means regular employees; directors and temporary staff do not count",
    ]


def test_texts_of_an_ineligible_and_an_undecided_verdict():
    large = judge(JP, "retail", capital=50 * M + 1, employees=51)
    assert large.to_json()["reasons"][:3] == [
        "capital JPY 50,000,001 > 50,000,000 (retail)",
        "employees 51 > 50 (retail)",
        "not eligible: above the SME limits (retail)",
    ]
    open_ = judge(JP, "retail", capital=50 * M + 1)
    assert open_.to_json()["reasons"][:2] == [
        "capital JPY 50,000,001 > 50,000,000 (retail)",
        "cannot decide: employees missing",
    ]


def test_a_smaller_class_limit_is_named_and_strict_limits_use_less_than():
    result = judge("eu-recommendation-2003-361", "services", employees=9, sales=2 * M)
    assert result.to_json()["reasons"][:3] == [
        "employees 9 < 10, the micro limit (all sectors)",
        "sales EUR 2,000,000 ≤ 2,000,000, the micro limit (all sectors)",
        "eligible: micro enterprise",
    ]
    failed = judge("eu-recommendation-2003-361", "services", employees=250)
    assert failed.to_json()["reasons"][0] == "employees 250 ≥ 250 (all sectors)"


def test_parameters_stay_numbers_and_words_are_marked_for_translation():
    result = judge(JP, "manufacturing", capital=120 * M, employees=350)
    capital = result.reasons[0]
    assert capital.code == "pass" and capital.figure == "capital"
    assert capital.template == "capital %(currency)s %(value)s %(op)s %(limit)s (%(group)s)"
    assert capital.params == {
        "value": Decimal(120 * M),
        "op": "≤",
        "limit": Decimal(300 * M),
        "group": "manufacturing and others",
        "currency": "JPY",
    }
    assert capital.translate == ("group",)
    assert isinstance(result.reasons[1].params["value"], int)


def test_format_reason_translates_templates_and_words_and_formats_numbers():
    catalogue = {
        m.COMPARED["employees"]: "従業員 %(value)s %(op)s %(limit)s（%(group)s）",
        "retail": "小売業",
    }
    reason = judge(JP, "retail", employees=1234).reasons[0]
    text = format_reason(
        reason,
        gettext=lambda s: catalogue.get(s, s),
        number=lambda n: f"{n:_}",
    )
    assert text == "従業員 1_234 > 50（小売業）"


def test_a_note_is_rendered_verbatim_even_with_a_percent_sign():
    reason = Reason(code="note", template="at most 25% held by public bodies")
    assert reason.text == "at most 25% held by public bodies"


def test_default_number_format():
    assert default_number_format(120_000_000) == "120,000,000"
    assert default_number_format(Decimal("150.250")) == "150.25"
    assert default_number_format(Decimal("1E+3")) == "1,000"
    assert default_number_format(Decimal("1234567.5")) == "1,234,567.5"
    assert default_number_format(Decimal("0.0066")) == "0.0066"


def test_every_template_is_marked_with_gettext_noop_in_the_source():
    """makemessages only sees literals inside gettext_noop(...); check none escaped it."""
    package = Path(m.__file__).parent
    source = (package / "messages.py").read_text(encoding="utf-8")
    templates = [
        *m.COMPARED.values(),
        *m.COMPARED_WITH_CLASS.values(),
        m.CONVERTED,
        m.CONVERTED_NO_SOURCE,
        m.NOT_APPLICABLE,
        m.CANNOT_DECIDE,
        m.SIZE_NOT_DECIDED,
        m.ELIGIBLE,
        m.ELIGIBLE_SIZE_UNKNOWN,
        m.NOT_ELIGIBLE,
    ]
    marked = re.findall(r"gettext_noop\(\s*((?:\"[^\"]*\"\s*)+)\)", source)
    literals = {"".join(re.findall(r"\"([^\"]*)\"", group)) for group in marked}
    for template in templates:
        assert template in literals
