from itertools import product

import pytest

from monitoring.levels import derive_level

ANSWERS = (None, 1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("japanese", "overseas", "interpreter", "expected", "rule", "flagged"),
    [
        (3, 3, None, 3, "agree", False),
        (3, 3, 1, 3, "agree", True),  # the interpreter two levels away: flagged
        (3, 4, 4, 4, "interpreter", False),
        (3, 4, 3, 3, "interpreter", False),
        (3, 4, None, 3, "lower", False),
        (3, 4, 5, 3, "lower", True),
        (2, 4, 4, 2, "disagree", True),
        (5, 1, 3, 1, "disagree", True),
        (4, None, None, 4, "one_company", False),
        (None, 2, 4, 2, "one_company", True),
        (None, None, 3, 3, "interpreter_only", False),
        (None, None, None, None, "none", False),
    ],
)
def test_derive_level_table(japanese, overseas, interpreter, expected, rule, flagged):
    found = derive_level(japanese, overseas, interpreter)
    assert (found.level, found.rule, found.flagged) == (expected, rule, flagged)


@pytest.mark.parametrize(("japanese", "overseas", "interpreter"), list(product(ANSWERS, repeat=3)))
def test_derived_level_lies_between_the_company_answers(japanese, overseas, interpreter):
    """Every one of the 216 combinations (the whole input space)."""
    found = derive_level(japanese, overseas, interpreter)
    companies = [v for v in (japanese, overseas) if v is not None]
    if companies:
        assert min(companies) <= found.level <= max(companies)
    answered = [v for v in (japanese, overseas, interpreter) if v is not None]
    assert found.flagged == (bool(answered) and max(answered) - min(answered) >= 2)
    assert derive_level(overseas, japanese, interpreter) == found  # symmetric in the companies


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_derive_level_refuses_a_level_outside_1_to_5(bad):
    with pytest.raises(ValueError, match="outside 1–5"):
        derive_level(bad, 3, None)
