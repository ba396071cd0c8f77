"""The pure arithmetic of scores, free slots and spreads (no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.combine import Weights, free_slots, overlaps, pair_score, spread


@pytest.mark.parametrize(
    ("domestic", "overseas", "adjustment", "score", "parts"),
    [
        ("must", "", 0, 10, (("domestic_must", 10),)),
        ("like", "", 0, 4, (("domestic_like", 4),)),
        ("", "must", 0, 10, (("overseas_must", 10),)),
        ("like", "must", 0, 16, (("domestic_like", 4), ("overseas_must", 10), ("mutual", 2))),
        ("must", "must", -3, 19, (("domestic_must", 10), ("overseas_must", 10), ("mutual", 2),
                                  ("adviser", -3))),
        ("", "", 5, 5, (("adviser", 5),)),
        ("", "", 0, 0, ()),
        ("like", "", -6, -2, (("domestic_like", 4), ("adviser", -6))),
    ],
)  # fmt: skip
def test_pair_score_adds_both_sides_mutual_bonus_and_adviser(
    domestic, overseas, adjustment, score, parts
):
    combined = pair_score(domestic_wants=domestic, overseas_wants=overseas, adjustment=adjustment)
    assert combined.score == score
    assert combined.parts == parts
    assert combined.positive is (score > 0)


@pytest.mark.parametrize(
    ("kwargs", "excluded"),
    [
        ({"blocked": True, "domestic_wants": "must", "adjustment": 9}, "blocked"),
        ({"domestic_wants": "no", "overseas_wants": "must", "adjustment": 9},
         "declined_by_domestic"),
        ({"domestic_wants": "must", "overseas_wants": "no"}, "declined_by_overseas"),
    ],
)  # fmt: skip
def test_pair_score_block_or_not_interested_excludes_whatever_the_points(kwargs, excluded):
    combined = pair_score(**kwargs)
    assert (combined.score, combined.excluded, combined.positive) == (0, excluded, False)


def test_pair_score_uses_the_weights():
    weights = Weights(must=7, like=3, mutual=0, base=1, adviser=2)
    assert pair_score(domestic_wants="must", overseas_wants="like", weights=weights).score == 10
    assert pair_score(weights=weights).score == 1  # nobody asked: base points
    assert pair_score(adjustment=2, weights=weights).parts == (("base", 1), ("adviser", 4))


def test_free_slots_drops_every_slot_touching_a_busy_interval():
    t0 = datetime(2027, 2, 15, 4, 0, tzinfo=UTC)
    half = timedelta(minutes=30)
    slots = [(n, t0 + n * half, t0 + (n + 1) * half) for n in range(6)]
    busy = [(t0 + half, t0 + 2 * half), (t0 + 3 * half + timedelta(minutes=10), t0 + 4 * half)]
    assert free_slots(slots, busy) == [0, 2, 4, 5]
    assert free_slots(slots, []) == [0, 1, 2, 3, 4, 5]


def test_overlaps_is_half_open():
    t = datetime(2027, 2, 15, tzinfo=UTC)
    h = timedelta(hours=1)
    assert not overlaps(t, t + h, t + h, t + 2 * h)
    assert overlaps(t, t + 2 * h, t + h, t + 3 * h)


def test_spread_counts_zeros_and_rounds_the_mean():
    assert spread([0, 1, 2]) == {"min": 0, "mean": 1.0, "max": 2}
    assert spread([1, 1, 2]) == {"min": 1, "mean": 1.33, "max": 2}
    assert spread([]) == {"min": 0, "mean": 0.0, "max": 0}
