"""Helpers shared by the eligibility tests."""

from __future__ import annotations

from decimal import Decimal

from companies.eligibility import BUILTIN_RULE_SETS, Figures, evaluate

CURRENCY = {"JP": "JPY", "EU": "EUR", "RU": "RUB", "VN": "VND", "TH": "THB", "MY": "MYR"}
COUNTRY_OF = {
    "jp-sme-basic-act-1999": "JP",
    "jp-case-study-ceo-network": "JP",
    "eu-recommendation-2003-361": "DE",
    "ru-209-fz-decree-265-2016": "RU",
    "vn-decree-80-2021": "VN",
    "th-ministerial-regulation-2019": "TH",
    "my-sme-corp-2013": "MY",
}


def builtin(name: str) -> dict:
    return next(rs for rs in BUILTIN_RULE_SETS if rs["name"] == name)


def figures(name: str, sector: str, legal_form: str = "company", **values) -> Figures:
    country = COUNTRY_OF[name]
    currency = values.pop("currency", None) or CURRENCY.get(country, "EUR")
    money = {k: Decimal(v) for k, v in values.items() if k != "employees" and v is not None}
    return Figures(
        country=country,
        sector=sector,
        legal_form=legal_form,
        employees=values.get("employees"),
        currency=currency,
        **money,
    )


def judge(name: str, sector: str, legal_form: str = "company", **values):
    return evaluate(builtin(name), figures(name, sector, legal_form, **values))


def verdict(name: str, sector: str, legal_form: str = "company", **values):
    result = judge(name, sector, legal_form, **values)
    return result.eligible, result.size_class
