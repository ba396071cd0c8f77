"""Pages of the company registry, one module per part: companies, their duplicates and merging
(companies, with the reads they share with the API in reads); the SME calculator (calculator);
the SME rule sets, the law and programme-specific ones (rule_sets); the exchange-rate table
(rates).

Each view parses, calls one service or selector, and responds. Agency staff manage; everyone
signed in may read the law and use the calculator."""

from .calculator import sme_check, sme_check_url
from .common import check_view
from .companies import company_detail, company_duplicates, company_list, company_merge
from .rates import rate_delete, rate_list
from .reads import (
    companies_with_application_counts,
    companies_with_duplicate_flags,
    company_search,
    possible_duplicates_of,
)
from .rule_sets import (
    combination_words,
    rule_set_create,
    rule_set_detail,
    rule_set_edit,
    rule_set_list,
    rule_set_table,
)

__all__ = [
    "check_view",
    "combination_words",
    "companies_with_application_counts",
    "companies_with_duplicate_flags",
    "company_detail",
    "company_duplicates",
    "company_list",
    "company_merge",
    "company_search",
    "possible_duplicates_of",
    "rate_delete",
    "rate_list",
    "rule_set_create",
    "rule_set_detail",
    "rule_set_edit",
    "rule_set_list",
    "rule_set_table",
    "sme_check",
    "sme_check_url",
]
