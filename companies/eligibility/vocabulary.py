"""The shared vocabulary the rule sets and the figures speak: sectors, legal forms, size classes,
figures and countries.  Every rule set maps each sector code to one of its own groups."""

from __future__ import annotations

SECTORS: tuple[str, ...] = (
    "manufacturing",
    "construction",
    "transport",
    "agriculture",
    "wholesale",
    "retail",
    "services",
    "software",
    "rubber",
    "inns",
    "other",
)

LEGAL_FORMS: tuple[str, ...] = ("company", "sole_proprietor")

# Smallest first.  "large" is not defined by limits: it is what lies above a group's largest class.
SIZE_CLASSES: tuple[str, ...] = ("micro", "small", "medium", "large")
LIMITED_SIZE_CLASSES: tuple[str, ...] = ("micro", "small", "medium")

MONEY_FIGURES: tuple[str, ...] = ("capital", "sales", "balance_sheet")
FIGURES: tuple[str, ...] = (*MONEY_FIGURES, "employees")

RULE_SET_COUNTRIES: tuple[str, ...] = ("EU", "JP", "MY", "RU", "TH", "VN")
RULE_SET_KINDS: tuple[str, ...] = ("law", "programme")

# ISO 3166-1 alpha-2 codes of the 27 member states (2020 onwards), plus "EL", the code the EU
# itself uses for Greece.
EU_MEMBER_STATES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
_EU_ALIASES = frozenset({"EL"})


def rule_country(country_code: str) -> str:
    """The country code a rule set is filed under: "EU" for a member state of the European
    Union (and for "EU" itself), otherwise the code itself, in upper case."""
    code = str(country_code).strip().upper()
    if code in EU_MEMBER_STATES or code in _EU_ALIASES:
        return "EU"
    return code


def known_countries() -> tuple[str, ...]:
    """Every country code `evaluate` accepts in `Figures.country`, sorted."""
    return tuple(sorted({*RULE_SET_COUNTRIES, *EU_MEMBER_STATES, *_EU_ALIASES}))
