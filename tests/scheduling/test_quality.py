"""Quality figures and the reasons given for companies without meetings (no database)."""

from scheduling.quality import assess


def _instance(**changes):
    instance = {
        "days": 1,
        "slots_per_day": 3,
        "overseas": [{"id": "VN-1"}, {"id": "VN-2", "available": [], "max_meetings": 3}],
        "domestic": [
            {"id": "JP-1", "min_meetings": 2},
            {"id": "JP-2", "min_meetings": 1},
            {"id": "JP-3", "min_meetings": 1, "available": [2]},
            {"id": "JP-4", "min_meetings": 0, "available": []},
        ],
        "scores": [["VN-1", "JP-1", 10], ["VN-1", "JP-2", 4], ["VN-2", "JP-3", 5]],
    }
    instance.update(changes)
    return instance


SOLUTION = {
    "meetings": [
        {"overseas": "VN-1", "domestic": "JP-1", "slot": 0},
    ],
    "objective": 10,
    "upper_bound": 14,
    "status": "feasible",
    "seconds": 0.01,
}


def test_assess_reports_bound_ratio_and_spread():
    quality = assess(_instance(), SOLUTION)
    assert quality["objective"] == 10
    assert quality["upper_bound"] == 14
    assert quality["ratio"] == round(10 / 14, 6)
    assert quality["meetings"] == 1
    assert quality["per_company"] == {
        "overseas": {"min": 0, "mean": 0.5, "max": 1},
        "domestic": {"min": 0, "mean": 0.25, "max": 1},
    }


def test_assess_says_why_a_company_has_no_meeting():
    quality = assess(_instance(), SOLUTION)
    why = {entry["company"]: entry["why"] for entry in quality["no_meeting"]}
    assert why == {
        "VN-2": "unavailable",
        "JP-2": "capacity",  # VN-1 was free: only the (fairness) choice left it out
        "JP-3": "no_common_slot",  # its only partner VN-2 is never free
        "JP-4": "unavailable",
    }
    under = {e["company"]: (e["meetings"], e["minimum"]) for e in quality["under_minimum"]}
    assert under == {"JP-1": (1, 2), "JP-2": (0, 1), "JP-3": (0, 1)}


def test_assess_no_positive_score():
    quality = assess(_instance(scores=[["VN-1", "JP-1", 10]]), SOLUTION)
    why = {entry["company"]: entry["why"] for entry in quality["no_meeting"]}
    assert why["JP-2"] == "no_positive_score"


def test_assess_unmet_must_requests_with_reasons():
    musts = [
        {"by": "JP-1", "overseas": "VN-1", "domestic": "JP-1"},  # met
        {"by": "JP-2", "overseas": "VN-1", "domestic": "JP-2"},
        {"by": "JP-2", "overseas": "VN-1", "domestic": "JP-2"},  # the same request twice
        {"by": "VN-2", "overseas": "VN-2", "domestic": "JP-3"},
        {"by": "JP-4", "overseas": "VN-1", "domestic": "JP-4"},
        {"by": "VN-1", "overseas": "VN-1", "domestic": "JP-3"},
    ]
    excluded = {("VN-1", "JP-4"): "declined_by_overseas"}
    quality = assess(_instance(), SOLUTION, excluded=excluded, musts=musts)
    assert [(e["by"], e["domestic"], e["why"]) for e in quality["unmet_must"]] == [
        ("JP-2", "JP-2", "capacity"),
        ("VN-2", "JP-3", "no_common_slot"),
        ("JP-4", "JP-4", "declined_by_overseas"),
        ("VN-1", "JP-3", "not_scored"),
    ]


def test_assess_at_cap():
    instance = _instance()
    instance["overseas"][0]["max_meetings"] = 1
    musts = [{"by": "JP-2", "overseas": "VN-1", "domestic": "JP-2"}]
    quality = assess(instance, SOLUTION, musts=musts)
    assert quality["unmet_must"][0]["why"] == "at_cap"


def test_assess_at_cap_per_day():
    """A must-meet pair unmet because the overseas company is at its daily cap on every day
    both are free, while its total is below what the days would allow."""
    instance = {
        "days": 2,
        "slots_per_day": 3,
        "overseas": [{"id": "VN-1", "max_per_day": 1}],
        "domestic": [{"id": "JP-1"}, {"id": "JP-2"}, {"id": "JP-3", "available": [0, 1]}],
        "scores": [["VN-1", "JP-1", 10], ["VN-1", "JP-2", 9], ["VN-1", "JP-3", 1]],
    }
    solution = {
        "meetings": [
            {"overseas": "VN-1", "domestic": "JP-1", "slot": 0},
            {"overseas": "VN-1", "domestic": "JP-2", "slot": 3},
        ],
        "objective": 19, "upper_bound": 19, "status": "optimal", "seconds": 0.01,
    }  # fmt: skip
    musts = [{"by": "JP-3", "overseas": "VN-1", "domestic": "JP-3"}]
    assert assess(instance, solution, musts=musts)["unmet_must"][0]["why"] == "at_cap"
    # on a day with room left the reason stays "capacity"
    instance["overseas"][0]["max_per_day"] = 2
    assert assess(instance, solution, musts=musts)["unmet_must"][0]["why"] == "capacity"
