"""The rule sets shipped with the application, as plain JSON-serialisable data.

Limits are written the way the law words them: a bare number is "at most" (≤), which is how
every law here words its limits except the EU headcount ("fewer than", <) and the micro and small
lines of Malaysia ("less than", <).  Titles, group labels and notes are English and marked for
translation; citations are not translated.  docs/eligibility.md describes each rule set.
"""

from __future__ import annotations

from .messages import gettext_noop

M = 1_000_000
BN = 1_000_000_000

# -- Japan -------------------------------------------------------------------------------------

_JP_MANUFACTURING_LABEL = gettext_noop("manufacturing and others")
_JP_NOTE_EMPLOYEES = gettext_noop(
    "employees means regular employees; directors and temporary staff do not count"
)

JP_SME_BASIC_ACT_1999 = {
    "name": "jp-sme-basic-act-1999",
    "title": gettext_noop("Japan: SME Basic Act (1999 amendment) with the sub-sector orders"),
    "country": "JP",
    "kind": "law",
    "valid_from": "1999-12-03",
    "valid_until": None,
    "citation": (
        "Small and Medium-sized Enterprise Basic Act (Act No. 154 of 1963), art. 2(1) and 2(5), "
        "as amended by Act No. 146 of 1999 (in force 3 December 1999); sub-sector figures for "
        "rubber products, software and information processing services, and inns (ryokan) from "
        "the Cabinet Orders made under the SME support acts (e.g. Order for Enforcement of the "
        "Small and Medium-sized Enterprise Credit Insurance Act, art. 1); small-enterprise line "
        "of 20 employees for inns from the 2014 amendment of those orders"
    ),
    "currency": "JPY",
    "definition": {
        "combination": {"any": ["capital", "employees"]},
        "not_applicable": {"sole_proprietor": ["capital"]},
        "sectors": {
            "manufacturing": "manufacturing",
            "construction": "manufacturing",
            "transport": "manufacturing",
            "agriculture": "manufacturing",
            "other": "manufacturing",
            "wholesale": "wholesale",
            "retail": "retail",
            "services": "services",
            "software": "software",
            "rubber": "rubber",
            "inns": "inns",
        },
        "groups": {
            "manufacturing": {
                "label": _JP_MANUFACTURING_LABEL,
                "small": {"employees": 20},
                "medium": {"capital": 300 * M, "employees": 300},
            },
            "wholesale": {
                "label": gettext_noop("wholesale"),
                "small": {"employees": 5},
                "medium": {"capital": 100 * M, "employees": 100},
            },
            "retail": {
                "label": gettext_noop("retail"),
                "small": {"employees": 5},
                "medium": {"capital": 50 * M, "employees": 50},
            },
            "services": {
                "label": gettext_noop("services"),
                "small": {"employees": 5},
                "medium": {"capital": 50 * M, "employees": 100},
            },
            "software": {
                "label": gettext_noop("software and information processing services"),
                "small": {"employees": 5},
                "medium": {"capital": 300 * M, "employees": 300},
            },
            "rubber": {
                "label": gettext_noop("rubber products"),
                "notes": [
                    gettext_noop(
                        "rubber products exclude tyres and inner tubes for cars and aircraft and "
                        "industrial belts, which count as manufacturing"
                    )
                ],
                "small": {"employees": 20},
                "medium": {"capital": 300 * M, "employees": 900},
            },
            "inns": {
                "label": gettext_noop("inns and hotels"),
                "small": {"employees": 20},
                "medium": {"capital": 50 * M, "employees": 200},
            },
        },
        "notes": [_JP_NOTE_EMPLOYEES],
    },
}

JP_CASE_STUDY_CEO_NETWORK = {
    "name": "jp-case-study-ceo-network",
    "title": gettext_noop("Japan as the SMEs' CEO Network case study states it"),
    "country": "JP",
    "kind": "programme",
    "valid_from": "2012-01-01",
    "valid_until": None,
    "citation": (
        "SME Support, JAPAN case study (programme-specific; differs from the SME Basic Act)"
    ),
    "description": (
        "Example of a programme-specific rule set: the thresholds the case study of the SMEs' CEO "
        "Network Enhancing Project gives for Japanese participants (one or both criteria). "
        "Services and retail use JPY 15M where the Act says JPY 50M."
    ),
    "currency": "JPY",
    "definition": {
        "combination": {"any": ["capital", "employees"]},
        "not_applicable": {"sole_proprietor": ["capital"]},
        "sectors": {
            "manufacturing": "manufacturing",
            "construction": "manufacturing",
            "transport": "manufacturing",
            "agriculture": "manufacturing",
            "rubber": "manufacturing",
            "other": "manufacturing",
            "wholesale": "wholesale",
            "retail": "retail",
            "services": "services",
            "software": "services",
            "inns": "services",
        },
        "groups": {
            "manufacturing": {
                "label": _JP_MANUFACTURING_LABEL,
                "small": {"employees": 20},
                "medium": {"capital": 300 * M, "employees": 300},
            },
            "wholesale": {
                "label": gettext_noop("wholesale"),
                "small": {"employees": 5},
                "medium": {"capital": 100 * M, "employees": 100},
            },
            "services": {
                "label": gettext_noop("services"),
                "small": {"employees": 5},
                "medium": {"capital": 15 * M, "employees": 100},
            },
            "retail": {
                "label": gettext_noop("retail"),
                "small": {"employees": 5},
                "medium": {"capital": 15 * M, "employees": 50},
            },
        },
        "notes": [
            gettext_noop(
                "the case study gives only the SME line; the small-enterprise line (20 "
                "employees, 5 in commerce and services) is taken from the SME Basic Act"
            )
        ],
    },
}

# -- European Union ----------------------------------------------------------------------------

EU_RECOMMENDATION_2003_361 = {
    "name": "eu-recommendation-2003-361",
    "title": gettext_noop("European Union: Commission Recommendation 2003/361/EC"),
    "country": "EU",
    "kind": "law",
    "valid_from": "2005-01-01",
    "valid_until": None,
    "citation": (
        "Commission Recommendation 2003/361/EC of 6 May 2003 concerning the definition of "
        "micro, small and medium-sized enterprises (OJ L 124, 20.5.2003, p. 36), Annex arts. 2 "
        "to 6; applies from 1 January 2005 (art. 9)"
    ),
    "currency": "EUR",
    "definition": {
        "combination": {"all": ["employees", {"any": ["sales", "balance_sheet"]}]},
        "sectors": {
            "manufacturing": "all",
            "construction": "all",
            "transport": "all",
            "agriculture": "all",
            "wholesale": "all",
            "retail": "all",
            "services": "all",
            "software": "all",
            "rubber": "all",
            "inns": "all",
            "other": "all",
        },
        "groups": {
            "all": {
                "label": gettext_noop("all sectors"),
                "micro": {
                    "employees": {"less_than": 10},
                    "sales": {"at_most": 2 * M},
                    "balance_sheet": {"at_most": 2 * M},
                },
                "small": {
                    "employees": {"less_than": 50},
                    "sales": {"at_most": 10 * M},
                    "balance_sheet": {"at_most": 10 * M},
                },
                "medium": {
                    "employees": {"less_than": 250},
                    "sales": {"at_most": 50 * M},
                    "balance_sheet": {"at_most": 43 * M},
                },
            }
        },
        "notes": [
            gettext_noop(
                "employees means the headcount in annual work units; the figures of partner "
                "enterprises (holdings of 25 percent or more) must be added in proportion and "
                "those of linked enterprises in full: not checked here"
            ),
            gettext_noop(
                "an enterprise 25 percent or more controlled by public bodies is not an SME, and "
                "a size class changes only after the limits are crossed in two consecutive "
                "years: not checked here"
            ),
        ],
    },
}

# -- Russia ------------------------------------------------------------------------------------

RU_209_FZ_DECREE_265 = {
    "name": "ru-209-fz-decree-265-2016",
    "title": gettext_noop("Russia: Federal Law 209-FZ with Government Decree 265 (2016)"),
    "country": "RU",
    "kind": "law",
    "valid_from": "2016-08-01",
    "valid_until": None,
    "citation": (
        "Federal Law No. 209-FZ of 24 July 2007 on the Development of Small and Medium-sized "
        "Entrepreneurship in the Russian Federation, art. 4 parts 1.1 and 4 (the category "
        "follows the larger of the two conditions); Government Decree No. 265 of 4 April 2016 "
        "on the income limits, in force 1 August 2016"
    ),
    "currency": "RUB",
    "definition": {
        "combination": {"all": ["employees", "sales"]},
        "sectors": {
            "manufacturing": "all",
            "construction": "all",
            "transport": "all",
            "agriculture": "all",
            "wholesale": "all",
            "retail": "all",
            "services": "all",
            "software": "all",
            "rubber": "all",
            "inns": "all",
            "other": "all",
        },
        "groups": {
            "all": {
                "label": gettext_noop("all sectors"),
                "micro": {"employees": 15, "sales": 120 * M},
                "small": {"employees": 100, "sales": 800 * M},
                "medium": {"employees": 250, "sales": 2 * BN},
            }
        },
        "notes": [
            gettext_noop(
                "employees means the average headcount and sales the income under the Tax Code, "
                "both for the previous calendar year"
            ),
            gettext_noop(
                "ownership limits (state, regional, municipal, public and religious bodies at "
                "most 25 percent together; foreign and non-SME companies at most 49 percent) and "
                "the industry exceptions of art. 4 are not checked here"
            ),
        ],
    },
}

# -- Vietnam -----------------------------------------------------------------------------------

VN_DECREE_80_2021 = {
    "name": "vn-decree-80-2021",
    "title": gettext_noop("Vietnam: Decree 80/2021/ND-CP"),
    "country": "VN",
    "kind": "law",
    "valid_from": "2021-10-15",
    "valid_until": None,
    "citation": (
        "Decree No. 80/2021/ND-CP of 26 August 2021 detailing the Law on Support for Small and "
        "Medium-sized Enterprises, art. 5; in force 15 October 2021 (replacing Decree "
        "39/2018/ND-CP)"
    ),
    "currency": "VND",
    "definition": {
        "combination": {"all": ["employees", {"any": ["sales", "balance_sheet"]}]},
        "sectors": {
            "manufacturing": "agriculture_industry_construction",
            "construction": "agriculture_industry_construction",
            "agriculture": "agriculture_industry_construction",
            "rubber": "agriculture_industry_construction",
            "transport": "trade_services",
            "wholesale": "trade_services",
            "retail": "trade_services",
            "services": "trade_services",
            "software": "trade_services",
            "inns": "trade_services",
            "other": "trade_services",
        },
        "groups": {
            "agriculture_industry_construction": {
                "label": gettext_noop(
                    "agriculture, forestry, fisheries, industry and construction"
                ),
                "micro": {"employees": 10, "sales": 3 * BN, "balance_sheet": 3 * BN},
                "small": {"employees": 100, "sales": 50 * BN, "balance_sheet": 20 * BN},
                "medium": {"employees": 200, "sales": 200 * BN, "balance_sheet": 100 * BN},
            },
            "trade_services": {
                "label": gettext_noop("trade and services"),
                "micro": {"employees": 10, "sales": 10 * BN, "balance_sheet": 3 * BN},
                "small": {"employees": 50, "sales": 100 * BN, "balance_sheet": 50 * BN},
                "medium": {"employees": 100, "sales": 300 * BN, "balance_sheet": 100 * BN},
            },
        },
        "notes": [
            gettext_noop(
                "employees means the yearly average of employees covered by social insurance; "
                "the decree's total capital is the balance sheet total of the previous year's "
                "financial statements"
            ),
        ],
    },
}

# -- Thailand ----------------------------------------------------------------------------------

TH_MINISTERIAL_REGULATION_2019 = {
    "name": "th-ministerial-regulation-2019",
    "title": gettext_noop("Thailand: Ministerial Regulation on SME characteristics (2019)"),
    "country": "TH",
    "kind": "law",
    "valid_from": "2020-01-08",
    "valid_until": None,
    "citation": (
        "Ministerial Regulation Prescribing the Characteristics of Small and Medium Enterprises "
        "B.E. 2562 (2019), under the SME Promotion Act B.E. 2543 (2000) as amended in 2018; "
        "published in the Royal Gazette on 7 January 2020 and in force the next day; micro "
        "lines from the OSMEP announcement on the characteristics of micro enterprises of "
        "21 January 2020"
    ),
    "currency": "THB",
    "definition": {
        "combination": {"all": ["employees", "sales"]},
        "sectors": {
            "manufacturing": "manufacturing",
            "rubber": "manufacturing",
            "agriculture": "manufacturing",
            "construction": "trade_services",
            "transport": "trade_services",
            "wholesale": "trade_services",
            "retail": "trade_services",
            "services": "trade_services",
            "software": "trade_services",
            "inns": "trade_services",
            "other": "trade_services",
        },
        "groups": {
            "manufacturing": {
                "label": gettext_noop("manufacturing"),
                "micro": {"employees": 5, "sales": 1_800_000},
                "small": {"employees": 50, "sales": 100 * M},
                "medium": {"employees": 200, "sales": 500 * M},
            },
            "trade_services": {
                "label": gettext_noop("trade and services"),
                "micro": {"employees": 5, "sales": 1_800_000},
                "small": {"employees": 30, "sales": 50 * M},
                "medium": {"employees": 100, "sales": 300 * M},
            },
        },
        "notes": [
            gettext_noop(
                "when employees and revenue point to different sizes, the larger size applies"
            ),
        ],
    },
}

# -- Malaysia ----------------------------------------------------------------------------------

MY_SME_CORP_2013 = {
    "name": "my-sme-corp-2013",
    "title": gettext_noop("Malaysia: SME Corporation definition (2013)"),
    "country": "MY",
    "kind": "law",
    "valid_from": "2014-01-01",
    "valid_until": None,
    "citation": (
        "SME Corporation Malaysia, Guideline for New SME Definition (October 2013), as endorsed "
        "by the National SME Development Council in July 2013; in force 1 January 2014"
    ),
    "currency": "MYR",
    "definition": {
        "combination": {"any": ["sales", "employees"]},
        "sectors": {
            "manufacturing": "manufacturing",
            "rubber": "manufacturing",
            "construction": "services_other",
            "transport": "services_other",
            "agriculture": "services_other",
            "wholesale": "services_other",
            "retail": "services_other",
            "services": "services_other",
            "software": "services_other",
            "inns": "services_other",
            "other": "services_other",
        },
        "groups": {
            "manufacturing": {
                "label": gettext_noop("manufacturing"),
                "micro": {"sales": {"less_than": 300_000}, "employees": {"less_than": 5}},
                "small": {"sales": {"less_than": 15 * M}, "employees": {"less_than": 75}},
                "medium": {"sales": {"at_most": 50 * M}, "employees": {"at_most": 200}},
            },
            "services_other": {
                "label": gettext_noop("services and other sectors"),
                "micro": {"sales": {"less_than": 300_000}, "employees": {"less_than": 5}},
                "small": {"sales": {"less_than": 3 * M}, "employees": {"less_than": 30}},
                "medium": {"sales": {"at_most": 20 * M}, "employees": {"at_most": 75}},
            },
        },
        "notes": [
            gettext_noop(
                "when sales and employees point to different sizes, the smaller size applies"
            ),
            gettext_noop(
                "employees means full-time employees; companies listed on the main board, their "
                "subsidiaries, multinationals and state-owned enterprises are not SMEs: not "
                "checked here"
            ),
        ],
    },
}

BUILTIN_RULE_SETS: list[dict] = [
    JP_SME_BASIC_ACT_1999,
    JP_CASE_STUDY_CEO_NETWORK,
    EU_RECOMMENDATION_2003_361,
    RU_209_FZ_DECREE_265,
    VN_DECREE_80_2021,
    TH_MINISTERIAL_REGULATION_2019,
    MY_SME_CORP_2013,
]
