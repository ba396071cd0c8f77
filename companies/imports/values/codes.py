"""Countries, currencies, sectors and legal forms: a cell to its code."""

import re
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import override

from .base import ValueProblem, _key, _nfkc, _words, is_blank, show
from .choices import _LEGAL_FORM_SYNONYMS, _SECTOR_SYNONYMS, LEGAL_FORMS, SECTORS
from .numbers import _currency_codes

# Names django-countries does not know, compared after NFKC + casefold.
_COUNTRY_ALIASES = {
    word: code
    for code, words in {
        "RU": "russian federation|российская федерация|рф|ロシア連邦",
        "VN": "viet nam|việt nam|socialist republic of vietnam|ベトナム社会主義共和国",
        "TH": "ไทย|ประเทศไทย|タイ王国|kingdom of thailand",
        "US": "usa|united states|america|米国|сша",
        "GB": "uk|great britain|britain|英国",
        "KR": "korea|republic of korea|大韓民国|корея|республика корея",
        "CN": "中国|中華人民共和国|кнр",
        "JP": "日本国",
        "LA": "lao pdr",
        "MM": "burma",
        "KG": "kyrgyz republic|киргизия",
        "BY": "белоруссия",
        "CZ": "czech republic",
    }.items()
    for word in _words(words)
}


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    from django_countries import countries

    lookup: dict[str, str] = {}
    for code in countries.countries:
        lookup.setdefault(_key(code), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            lookup.setdefault(_key(alpha3), code)
    for language in ("en", "ru", "ja", "vi"):
        with override(language):
            for code, name in countries:
                lookup.setdefault(_key(name), code)
    for name, code in _COUNTRY_ALIASES.items():
        lookup.setdefault(_key(name), code)
    return lookup


def parse_country(value) -> str | None:
    """ISO 3166 alpha-2 from a code ("ru", "RUS") or a name in English, Russian or Japanese
    ("Russia", "Россия", "ベトナム")."""
    if is_blank(value):
        return None
    code = _country_lookup().get(_key(value))
    if not code:
        raise ValueProblem(
            _('unknown country: "%(value)s"; use a two-letter code such as RU, VN or TH')
            % {"value": show(value)}
        )
    return code


def parse_countries(value) -> list[str] | None:
    """Countries separated by ";", ",", "、", "/" or spaces: "VN; KH", "Vietnam, South Korea"."""
    if is_blank(value):
        return None
    codes: list[str] = []
    for part in re.split(r"[;,、，/|\n]+", _nfkc(value)):
        if not part.strip():
            continue
        try:
            found = [parse_country(part)]
        except ValueProblem:
            if " " not in part.strip():
                raise
            found = [parse_country(word) for word in part.split()]
        codes.extend(code for code in found if code and code not in codes)
    return codes or None


def parse_currency(value) -> str | None:
    """ISO 4217 code; "руб", "RUR", "円", "¥", "$", "€" and the like are understood."""
    if is_blank(value):
        return None
    codes = _currency_codes(_nfkc(value))
    if not codes:
        raise ValueProblem(
            _('unknown currency: "%(value)s"; use a three-letter code such as JPY, RUB or USD')
            % {"value": show(value)}
        )
    return codes[0]


def parse_sector(value) -> str | None:
    if is_blank(value):
        return None
    key = _key(value)
    if key.replace(" ", "_") in SECTORS:
        return key.replace(" ", "_")
    if key in _SECTOR_SYNONYMS:
        return _SECTOR_SYNONYMS[key]
    for code, label in SECTORS.items():
        with override("en"):
            if key == _key(label):
                return code
    raise ValueProblem(
        _('unknown sector: "%(value)s"; use one of: %(choices)s')
        % {"value": show(value), "choices": ", ".join(SECTORS)}
    )


def parse_legal_form(value) -> str | None:
    if is_blank(value):
        return None
    key = _key(value)
    if key.replace(" ", "_") in LEGAL_FORMS:
        return key.replace(" ", "_")
    for code, words in _LEGAL_FORM_SYNONYMS.items():
        if key in words:
            return code
    raise ValueProblem(
        _('unknown legal form: "%(value)s"; use company or sole_proprietor')
        % {"value": show(value)}
    )
