"""Invalid input: exit status 2 and a message on stderr naming the offending entry."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matching.optimizer import InvalidInstance, parse_instance

REPO = Path(__file__).resolve().parents[3]

BASE = {
    "days": 3,
    "slots_per_day": 11,
    "overseas": [
        {"id": "VN-01", "available": [0, 1, 2, 3], "max_meetings": 30, "language": "vi"},
        {"id": "TH-01", "language": "th"},
    ],
    "domestic": [
        {"id": "JP-001", "available": [0, 5], "max_meetings": 10, "min_meetings": 2},
        {"id": "JP-002"},
        {"id": "JP-003", "max_meetings": 1},
        {"id": "JP-004"},
    ],
    "interpreters": [{"language": "vi", "available": [0, 1, 2]}, {"language": "th"}],
    "scores": [
        ["VN-01", "JP-001", 7],
        ["VN-01", "JP-002", 3],
        ["TH-01", "JP-003", 4],
        ["TH-01", "JP-002", 0],
        ["VN-01", "JP-003", 2],
    ],
    "fixed": [{"overseas": "VN-01", "domestic": "JP-001", "slot": 0}],
}


def _set(path, value):
    def change(inst):
        target = inst
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path):
    def change(inst):
        target = inst
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _append(path, value):
    def change(inst):
        target = inst
        for key in path:
            target = target[key]
        target.append(value)

    return change


CASES = [
    ("not an object", lambda inst: [inst], "instance: expected a JSON object"),
    ("missing days", _delete(["days"]), 'instance: missing required key "days"'),
    ("days as text", _set(["days"], "3"), 'instance: "days" must be a positive integer'),
    ("zero slots", _set(["slots_per_day"], 0), '"slots_per_day" must be a positive integer'),
    ("missing scores", _delete(["scores"]), 'instance: missing required key "scores"'),
    ("too many slots", _set(["days"], 1000), "exceeds the limit of 10000 slots"),
    ("overseas not a list", _set(["overseas"], {}), '"overseas" must be a list'),
    ("company not an object", _set(["domestic", 1], "JP-002"), "domestic[1]: expected an object"),
    ("missing id", _delete(["domestic", 1, "id"]), 'domestic[1]: missing required key "id"'),
    (
        "duplicate id",
        _set(["domestic", 1, "id"], "JP-001"),
        'domestic[1] "JP-001": duplicate id (also domestic[0])',
    ),
    (
        "slot out of range",
        _set(["domestic", 3, "available"], [1, 40]),
        'domestic[3] "JP-004": available slot 40 out of range 0..32',
    ),
    (
        "slot not an int",
        _set(["overseas", 1, "available"], [1.5]),
        'overseas[1] "TH-01": available slot 1.5 is not an integer',
    ),
    (
        "negative cap",
        _set(["overseas", 0, "max_meetings"], -1),
        'overseas[0] "VN-01": max_meetings must be a non-negative integer, got -1',
    ),
    (
        "negative minimum",
        _set(["domestic", 2, "min_meetings"], -2),
        'domestic[2] "JP-003": min_meetings must be a non-negative integer, got -2',
    ),
    (
        "cap as bool",
        _set(["domestic", 2, "max_meetings"], True),
        'domestic[2] "JP-003": max_meetings must be a non-negative integer, got True',
    ),
    (
        "bad language",
        _set(["overseas", 0, "language"], 5),
        'overseas[0] "VN-01": language must be a non-empty string',
    ),
    (
        "interpreter without language",
        _delete(["interpreters", 1, "language"]),
        'interpreters[1]: missing required key "language"',
    ),
    (
        "interpreter slot out of range",
        _set(["interpreters", 0, "available"], [33]),
        "interpreters[0]: available slot 33 out of range 0..32",
    ),
    (
        "unknown domestic in scores",
        _set(["scores", 1, 1], "JP-999"),
        'scores[1]: unknown domestic id "JP-999"',
    ),
    (
        "unknown overseas in scores",
        _set(["scores", 2, 0], "XX-01"),
        'scores[2]: unknown overseas id "XX-01"',
    ),
    ("score not a number", _set(["scores", 0, 2], "7"), "scores[0]: score must be a finite number"),
    (
        "score entry too short",
        _set(["scores", 3], ["TH-01", "JP-002"]),
        "scores[3]: expected [overseas id, domestic id, score]",
    ),
    (
        "duplicate pair",
        _append(["scores"], ["VN-01", "JP-002", 5]),
        'scores[5]: duplicate pair "VN-01"/"JP-002" (also scores[1])',
    ),
    (
        "fixed unknown id",
        _set(["fixed", 0, "domestic"], "JP-999"),
        'fixed[0]: unknown domestic id "JP-999"',
    ),
    (
        "fixed slot out of range",
        _set(["fixed", 0, "slot"], 99),
        "fixed[0]: slot 99 out of range 0..32",
    ),
    (
        "fixed slot unavailable",
        _set(["fixed", 0, "slot"], 3),
        'fixed[0]: domestic "JP-001" is not available in slot 3',
    ),
    (
        "fixed without score",
        _set(["fixed", 0], {"overseas": "TH-01", "domestic": "JP-002", "slot": 4}),
        'fixed[0]: pair "TH-01"/"JP-002" has no positive score',
    ),
    (
        "fixed twice",
        _append(["fixed"], {"overseas": "VN-01", "domestic": "JP-001", "slot": 0}),
        'fixed[1]: pair "VN-01"/"JP-001" is already fixed in fixed[0]',
    ),
    (
        "fixed double booking",
        _append(["fixed"], {"overseas": "VN-01", "domestic": "JP-002", "slot": 0}),
        'fixed[1]: overseas "VN-01" already meets in slot 0 (fixed[0])',
    ),
    (
        "fixed over the cap",
        lambda inst: inst["fixed"].extend(
            [
                {"overseas": "VN-01", "domestic": "JP-003", "slot": 1},
                {"overseas": "TH-01", "domestic": "JP-003", "slot": 2},
            ]
        ),
        'fixed[2]: domestic "JP-003" has more fixed meetings than its maximum',
    ),
    (
        "fixed without interpreter",
        _set(["fixed", 0], {"overseas": "VN-01", "domestic": "JP-002", "slot": 3}),
        'fixed[0]: no free "vi" interpreter in slot 3',
    ),
    ("fixed missing key", _delete(["fixed", 0, "slot"]), 'fixed[0]: missing required key "slot"'),
    (
        "negative fairness weight",
        _set(["fairness_weight"], -1),
        "instance: fairness_weight must be a non-negative number",
    ),
]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, "-m", "matching.optimizer", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_base_instance_is_valid(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(BASE))
    res = _run(tmp_path, "solve", str(src), "-o", str(tmp_path / "out.json"))
    assert res.returncode == 0, res.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    assert {"meetings", "objective", "upper_bound", "status", "seconds"} <= set(out)


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_instance_exits_2(tmp_path, change, message):
    inst = copy.deepcopy(BASE)
    result = change(inst)
    if result is not None:
        inst = result
    # the API raises the same message
    with pytest.raises(InvalidInstance) as err:
        parse_instance(inst)
    assert message in str(err.value)
    src = tmp_path / "in.json"
    src.write_text(json.dumps(inst))
    out = tmp_path / "out.json"
    res = _run(tmp_path, "solve", str(src), "-o", str(out))
    assert res.returncode == 2
    assert message in res.stderr
    assert not out.exists()


def test_malformed_json_exits_2(tmp_path):
    src = tmp_path / "in.json"
    src.write_text('{"days": 3, "slots_per_day": ')
    res = _run(tmp_path, "solve", str(src), "-o", str(tmp_path / "out.json"))
    assert res.returncode == 2
    assert "invalid JSON" in res.stderr


def test_missing_file_exits_2(tmp_path):
    res = _run(tmp_path, "solve", str(tmp_path / "nope.json"), "-o", str(tmp_path / "out.json"))
    assert res.returncode == 2
    assert "nope.json: cannot read" in res.stderr


def test_repair_rejects_malformed_previous(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(BASE))
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps({"meetings": [{"overseas": "VN-01", "domestic": "JP-001"}]}))
    res = _run(tmp_path, "repair", str(src), "--previous", str(prev), "-o", str(tmp_path / "o"))
    assert res.returncode == 2
    assert 'previous.meetings[0]: missing required key "slot"' in res.stderr


def test_repair_rejects_invalid_instance(tmp_path):
    inst = copy.deepcopy(BASE)
    inst["scores"][0][1] = "JP-999"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(inst))
    prev = tmp_path / "prev.json"
    prev.write_text(json.dumps({"meetings": []}))
    res = _run(tmp_path, "repair", str(src), "--previous", str(prev), "-o", str(tmp_path / "o"))
    assert res.returncode == 2
    assert 'scores[0]: unknown domestic id "JP-999"' in res.stderr
