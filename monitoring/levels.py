"""The agreement rule: a meeting's outcome level from its respondents' answers. Pure Python.

Inputs are the levels (1–5) of the Japanese company, the overseas company and the interpreter,
``None`` for a respondent who has not answered or said the meeting did not take place.

- Both companies answered:
  - the same level → that level (rule ``agree``);
  - one level apart → the interpreter's level if it is one of the two (``interpreter``), else
    the lower of the two (``lower``);
  - two levels or more apart → the lower of the two (``disagree``).
- One company answered → its level (``one_company``).
- No company answered → the interpreter's level (``interpreter_only``), or none (``none``).

A meeting is **flagged** for staff to settle whenever any two of its answers differ by two
levels or more (companies or interpreter). Until staff settle it, the derived level stands.
"""

from dataclasses import dataclass

LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Derivation:
    level: int | None
    rule: str
    flagged: bool


def _check(value):
    if value is not None and value not in LEVELS:
        raise ValueError(f"level {value!r} is outside 1–5")
    return value


def derive_level(japanese: int | None, overseas: int | None, interpreter: int | None) -> Derivation:
    japanese, overseas, interpreter = _check(japanese), _check(overseas), _check(interpreter)
    answered = [v for v in (japanese, overseas, interpreter) if v is not None]
    flagged = bool(answered) and max(answered) - min(answered) >= 2
    if japanese is not None and overseas is not None:
        low, high = sorted((japanese, overseas))
        if low == high:
            return Derivation(low, "agree", flagged)
        if high - low == 1:
            if interpreter in (low, high):
                return Derivation(interpreter, "interpreter", flagged)
            return Derivation(low, "lower", flagged)
        return Derivation(low, "disagree", flagged)
    company = japanese if japanese is not None else overseas
    if company is not None:
        return Derivation(company, "one_company", flagged)
    if interpreter is not None:
        return Derivation(interpreter, "interpreter_only", flagged)
    return Derivation(None, "none", False)
