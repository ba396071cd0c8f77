"""Yes/no, free text, names, registration numbers, e-mail addresses, web addresses and
telephones."""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from .base import ValueProblem, _check_excel_error, _nfkc, _words, is_blank, show

_TRUE = set(_words("yes|y|true|1|да|д|はい|有|有り|あり|○|〇|◯|✓|✔"))


_FALSE = set(_words("no|n|false|0|нет|н|いいえ|無|無し|なし|×|✕|✗"))


def parse_bool(value) -> bool | None:
    """yes/no/y/n/true/false/1/0/да/нет/はい/いいえ/有/無/○/×; blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    key = _nfkc(value).casefold().rstrip(".")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(_('not yes or no: "%(value)s"') % {"value": show(value)})


def _as_text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def parse_text(value, *, max_length: int = 5000, single_line: bool = False) -> str | None:
    """Free text, NFC-normalised; `single_line` also NFKC-normalises (full-width Latin, half-width
    katakana) and collapses all whitespace, which is what a name wants."""
    if is_blank(value):
        return None
    text = _as_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    _check_excel_error(text)
    if single_line:
        text = " ".join(unicodedata.normalize("NFKC", text).split())
    else:
        text = unicodedata.normalize("NFC", text)
    if len(text) > max_length:
        raise ValueProblem(
            _("too long: %(length)d characters; at most %(max)d")
            % {"length": len(text), "max": max_length}
        )
    return text


def parse_latin_name(value, *, max_length: int = 255) -> str | None:
    """A name in Latin letters (accents allowed: "Công ty Hoa Sen" is Latin)."""
    text = parse_text(value, max_length=max_length, single_line=True)
    if text is None or text.isascii():  # ASCII letters are Latin
        return text
    for char in text:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            raise ValueProblem(
                _('not in Latin letters: "%(value)s" (a name in another script goes in local_name)')
                % {"value": show(text)}
            )
    return text


_SCIENTIFIC_RE = re.compile(r"\d(?:[.,]\d+)?e\+?\d+", re.IGNORECASE)


def parse_registration_number(value) -> str | None:
    """A company registration number as written; Excel's "1.02770E+12" is refused."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(_('not a registration number: "%(value)s"') % {"value": show(value)})
        value = int(value)
    text = " ".join(_nfkc(value).split())
    _check_excel_error(text)
    if _SCIENTIFIC_RE.fullmatch(text):
        raise ValueProblem(
            _(
                'Excel shortened the number to "%(value)s": format the column as Text and type '
                "the whole number"
            )
            % {"value": show(text)}
        )
    if len(text) > 50 or not any(map(str.isdigit, text)):
        raise ValueProblem(_('not a registration number: "%(value)s"') % {"value": show(text)})
    return text


def registration_key(number: str) -> str:
    """What two registration numbers are compared by: letters and digits only."""
    if number.isascii() and number.isalnum():  # the usual case, without normalising it
        return number.upper()
    return "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isalnum()).upper()


# The usual address in plain ASCII, checked by one expression: every address it matches is one
# that Django's validate_email accepts (dot-atom local part, host labels of 1-63 letters, digits
# and inner hyphens, a top-level domain of letters); anything else goes through validate_email.
_PLAIN_EMAIL = re.compile(
    r"[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def parse_email(value) -> str | None:
    """One e-mail address; full-width "＠" and a "mailto:" prefix are fine, the domain is
    lower-cased."""
    if is_blank(value):
        return None
    text = _nfkc(value)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").strip()
    if text.count("@") > 1 and re.search(r"[\s,;]", text):
        raise ValueProblem(
            _('one e-mail address only, please: "%(value)s"') % {"value": show(value)}
        )
    if len(text) > 320 or not _PLAIN_EMAIL.fullmatch(text):  # else Django's full rules
        try:
            validate_email(text)
        except ValidationError:
            raise ValueProblem(
                _('not an e-mail address: "%(value)s"') % {"value": show(value)}
            ) from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


_SPACE = re.compile(r"\s")  # str.isspace()'s characters, found in C


_url_validator = URLValidator(schemes=["http", "https"])


_PLAIN_URL = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/[\w\-./%~?=&#+]*)?$"
)


def parse_url(value) -> str | None:
    """A web address; "example.com" becomes "https://example.com"."""
    if is_blank(value):
        return None
    text = _nfkc(value)

    def problem():
        return ValueProblem(_('not a web address: "%(value)s"') % {"value": show(value)})

    if len(text) > 500 or _SPACE.search(text):
        raise problem()
    if "://" in text:
        if text.split("://", 1)[0].lower() not in ("http", "https"):
            raise problem()
    elif text.startswith("//"):
        text = "https:" + text
    else:
        text = "https://" + text
    if _PLAIN_URL.match(text):  # the common case, without the full validator's cost
        return text
    try:
        _url_validator(text)
    except ValidationError:
        raise problem() from None
    return text


def parse_phone(value) -> str | None:
    """A telephone number as written (at least six digits)."""
    text = parse_text(value, max_length=50, single_line=True)
    if text is None:
        return None
    if sum(map(str.isdigit, text)) < 6 or "@" in text:
        raise ValueProblem(_('not a telephone number: "%(value)s"') % {"value": show(value)})
    return text
