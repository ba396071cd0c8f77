"""Permission rows: registry (see tests/companies/permission_rows.py).

The company registry is for agency staff; a company page also opens to the counterpart that put
the company forward (world.applicant, through world.application) and to the company's own members
(world.own_application.company); everyone else gets 404. The law (rule sets) and the SME
calculator are open to everyone signed in; the SME check API to anyone. Rule sets shipped with the
application cannot be edited: the edit page answers 403 with the refusal and a link to copy it."""

import json

from tests.permission_table import (
    API_ANONYMOUS,
    INVITED,
    LOGIN,
    agency_only,
    api_row,
    everyone,
    literal,
    row,
    signed_in,
)

BUILTIN = literal("jp-sme-basic-act-1999")  # loaded by companies/migrations/0002


def _expect(*, anonymous, staff, others, **roles) -> dict:
    """`others` for every signed-in role not named in `roles`."""
    table = {"anonymous": anonymous, "staff": staff, "other_counterpart": others}
    table.update(dict.fromkeys(INVITED, others))
    table.update(roles)
    return table


def put_forward(status, counterpart, *, anonymous=LOGIN) -> dict:
    """world.applicant: staff, and the counterpart that put it forward; others 404."""
    return _expect(anonymous=anonymous, staff=status, others=404, counterpart=counterpart)


def own_company(status, *, anonymous=LOGIN) -> dict:
    """world.own_application.company: staff, and the company role's members; others (the other
    company of the programme too) 404."""
    return _expect(anonymous=anonymous, staff=status, others=404, company=status, other_company=404)


def rule_set_form(world) -> dict:
    return {
        "name": "ceo-network-2027-jp",
        "title": "CEO Network 2027: Japanese participants",
        "country": "JP",
        "currency": "JPY",
        "valid_from": "2027-01-01",
        "citation": "Programme document",
        "definition": _definition_json(world),
    }


def _definition_json(world) -> str:
    return json.dumps(world.rule_set.definition)


def rate_form(world) -> dict:
    return {
        "currency": "EUR",
        "to_currency": "JPY",
        "rate": "161.5",
        "date": "2026-10-01",
        "source": "ECB",
    }


def api_rule_set(world) -> dict:
    data = rule_set_form(world)
    return {**data, "definition": world.rule_set.definition}


def sme_check(world) -> dict:
    return {"country": "JP", "sector": "services", "legal_form": "company", "employees": 80}


API = API_ANONYMOUS

HTML_ROWS = [
    row("companies:company.list", "GET", agency_only(200)),
    row("companies:company.detail", "GET", put_forward(200, 200), "applicant.pk"),
    row(
        "companies:company.detail",
        "GET",
        own_company(200),
        "own_application.company.pk",
        label=" (own company)",
    ),
    row("companies:company.duplicates", "GET", agency_only(200)),
    row(
        "companies:company.merge",
        "POST",
        agency_only(302),
        "applicant.pk",
        data=lambda w: {"duplicate": w.duplicate.pk},
    ),
    row("companies:company.merge", "GET", signed_in(405), "applicant.pk"),
    row("companies:sme.check", "GET", signed_in(200)),
    row("companies:rule_set.list", "GET", signed_in(200)),
    row("companies:rule_set.detail", "GET", signed_in(200), "rule_set.name"),
    row("companies:rule_set.detail", "GET", signed_in(200), BUILTIN, label=" (builtin)"),
    row("companies:rule_set.create", "GET", agency_only(200)),
    row("companies:rule_set.create", "POST", agency_only(302), data=rule_set_form),
    row("companies:rule_set.edit", "GET", agency_only(200), "rule_set.name"),
    row(
        "companies:rule_set.edit",
        "POST",
        agency_only(302),
        "rule_set.name",
        data=lambda w: {**rule_set_form(w), "title": "Renamed"},
    ),
    row("companies:rule_set.edit", "GET", agency_only(403), BUILTIN, label=" (builtin)"),
    row("companies:rate.list", "GET", agency_only(200)),
    row("companies:rate.list", "POST", agency_only(302), data=rate_form),
    row("companies:rate.delete", "POST", agency_only(302), "rate.pk"),
]

API_ROWS = [
    api_row("eligibility.check", "POST", everyone(200), data=sme_check),
    api_row("company.list", "GET", signed_in(200, anonymous=API)),
    api_row("company.detail", "GET", put_forward(200, 200, anonymous=API), "applicant.pk"),
    api_row(
        "company.detail",
        "GET",
        own_company(200, anonymous=API),
        "own_application.company.pk",
        label=" (own company)",
    ),
    api_row(
        "company.merge",
        "POST",
        put_forward(200, 403, anonymous=API),
        "applicant.pk",
        data=lambda w: {"duplicate": w.duplicate.pk},
    ),
    api_row("rule_set.list", "GET", signed_in(200, anonymous=API)),
    api_row("rule_set.list", "POST", agency_only(201, anonymous=API), data=api_rule_set),
    api_row("rule_set.detail", "GET", signed_in(200, anonymous=API), "rule_set.name"),
    api_row(
        "rule_set.detail",
        "PATCH",
        agency_only(200, anonymous=API),
        "rule_set.name",
        data=lambda w: {"title": "Renamed through the API"},
    ),
    api_row(
        "rule_set.detail",
        "PATCH",
        agency_only(403, anonymous=API),
        BUILTIN,
        data=lambda w: {"title": "Renamed through the API"},
        label=" (builtin)",
    ),
    api_row("exchange_rate.list", "GET", signed_in(200, anonymous=API)),
    api_row("exchange_rate.list", "POST", agency_only(201, anonymous=API), data=rate_form),
    api_row("exchange_rate.detail", "GET", signed_in(200, anonymous=API), "rate.pk"),
    api_row("exchange_rate.detail", "DELETE", agency_only(204, anonymous=API), "rate.pk"),
]
