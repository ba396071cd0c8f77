"""What every cell parser shares: the problem it raises and the blank / text helpers."""

import unicodedata
from datetime import date, datetime

from django.utils.translation import gettext as _


class ValueProblem(ValueError):
    """A cell value that cannot be understood; `message` is translated and names no column."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split("|") if word.strip()]


_EXCEL_ERRORS = {
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#DIV/0!",
    "#NUM!",
    "#NAME?",
    "#NULL!",
    "#SPILL!",
}


_BLANK_MARKS = {"-", "–", "—", "―", "n/a", "N/A"}


def is_blank(value) -> bool:
    """None, an empty or all-space string, or a lone dash / "n/a" (how forms say "nothing")."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or unicodedata.normalize("NFKC", text) in _BLANK_MARKS
    return False


def show(value) -> str:
    """A value as quoted in a message: short, one line."""
    if isinstance(value, datetime | date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _nfkc(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _key(value) -> str:
    """Comparison form of a word: NFKC, casefolded, punctuation and spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = "".join(" " if unicodedata.category(ch)[0] in "PZ" else ch for ch in text)
    return " ".join(text.split())


def _check_excel_error(text: str) -> None:
    if text.upper() in _EXCEL_ERRORS:
        raise ValueProblem(
            _("the cell shows the Excel error %(error)s: fix the formula or type the value")
            % {"error": text.upper()}
        )
