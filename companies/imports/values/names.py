"""Company names as compared for duplicates."""

import re
import unicodedata

from .base import _words

_LEGAL_WORDS = set(
    _words(
        "co|ltd|llc|inc|corp|corporation|incorporated|company|limited|jsc|pjsc|ojsc|cjsc|plc|pte|"
        "kabushiki|kaisha|ooo|ооо|ао|пао|зао|оао|ип|株|有|tnhh|บริษัท|จำกัด|มหาชน"
    )
)


_LEGAL_PHRASES = re.compile(
    r"(?<!\w)(?:общество с ограниченной ответственностью|(?:публичное |закрытое |открытое )?"
    r"акционерное общество|индивидуальный предприниматель|cong ty|co phan|sdn bhd)(?!\w)"
)


# A word every legal phrase above contains: no match of one of these, no phrase.
_PHRASE_WORDS = re.compile(r"общество|предприниматель|cong ty|co phan|sdn bhd")


_CJK_LEGAL = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社")


def _strip_latin_accents(text: str) -> str:
    if text.isascii():  # nothing to strip (most names): the same text, without decomposing it
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


class _Separators(dict):
    """str.translate table: punctuation, symbols, separators and control characters → " ",
    every other character kept; each character's category is looked up once."""

    def __missing__(self, code: int) -> int | str:
        value = " " if unicodedata.category(chr(code))[0] in "PSZC" else code
        self[code] = value
        return value


_SEPARATORS = _Separators()


_DOTTED_ABBREVIATION = re.compile(r"\b(?:\w\.){2,}")


def normalise_name(name: str) -> str:
    """A company name as compared for duplicates: casefolded, NFKC, without punctuation, Latin
    accents and legal-form words ("Co., Ltd.", "LLC", "株式会社", "ООО", ...), spaces collapsed.
    "ООО «Ромашка»" and "Ромашка ООО" give the same result; so do "㈱テスト" and
    "テスト株式会社"."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    text = _strip_latin_accents(text.replace("ё", "е"))
    # Abbreviations written with dots are one word: "J.S.C." is "jsc", "Co.,Ltd." is "co ltd".
    if "." in text:
        text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.translate(_SEPARATORS)
    for word in _CJK_LEGAL:
        text = text.replace(word, " ")
    plain = " ".join(text.split())
    # The phrases' regular expression only where one of them may be (it scans every name).
    text = _LEGAL_PHRASES.sub(" ", plain) if _PHRASE_WORDS.search(plain) else plain
    words = [word for word in text.split() if word not in _LEGAL_WORDS]
    return " ".join(words) or plain
