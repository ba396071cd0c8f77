"""The stable command-line interfaces: schedule_run and schedule_export (issue 9)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matching.optimizer import parse_instance, violations
from scheduling.models import Meeting, Schedule

from .conftest import code


def _run(*args) -> str:
    out = io.StringIO()
    call_command("schedule_run", *args, stdout=out)
    return out.getvalue()


def test_schedule_run_json_prints_exactly_one_object(scenario):
    output = _run("--programme", scenario.programme.slug, "--time-limit", "10", "--json")
    result = json.loads(output)  # one object, nothing else on stdout
    assert list(result) == [
        "schedule", "status", "meetings", "objective", "upper_bound", "ratio", "seconds",
        "per_company", "unmet_must",
    ]  # fmt: skip
    schedule = Schedule.objects.get()
    assert result["schedule"] == schedule.pk
    assert (result["status"], result["meetings"], result["objective"]) == ("optimal", 8, 32)
    assert (result["upper_bound"], result["ratio"], result["unmet_must"]) == (32, 1.0, 0)
    assert isinstance(result["seconds"], float) and result["seconds"] >= 0
    assert result["per_company"] == {
        "overseas": {"min": 4, "mean": 4.0, "max": 4},
        "domestic": {"min": 2, "mean": 2.0, "max": 2},
    }
    assert schedule.run.started_by is None and schedule.run.job is None


def test_schedule_run_prints_a_summary(scenario):
    output = _run("--programme", scenario.programme.slug)
    schedule = Schedule.objects.get()
    assert output.startswith(
        f"Draft schedule {schedule.pk}: 8 meetings, objective 32 / bound 32 = 1.0000 (optimal)"
    )
    assert "Unmet “must meet” requests: 0." in output


def test_schedule_run_exits_2_when_the_programme_cannot_be_scheduled(scenario):
    scenario.programme.meeting_requests.update(preference="no")
    with pytest.raises(CommandError) as caught:
        _run("--programme", scenario.programme.slug, "--json")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{scenario.programme.slug} cannot be scheduled: No pair of companies has a positive "
        "score: collect meeting requests or adviser scores first."
    )
    with pytest.raises(CommandError) as caught:
        _run("--programme", "no-such-programme")
    assert caught.value.returncode == 2
    assert str(caught.value) == "No programme with the short name “no-such-programme”."
    assert not Schedule.objects.exists()


def test_schedule_export_writes_instance_schedule_and_slots(scenario, tmp_path):
    result = json.loads(_run("--programme", scenario.programme.slug, "--json"))
    schedule = Schedule.objects.get(pk=result["schedule"])
    # A hand edit: one meeting cancelled, another moved to the free last Tokyo slot.
    cancelled, moved = schedule.meetings.order_by("slot", "id")[:2]
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled")
    active = schedule.meetings.filter(status="planned")
    busy = set(active.filter(overseas=moved.overseas).values_list("slot", flat=True)) | set(
        active.filter(domestic=moved.domestic).values_list("slot", flat=True)
    )
    free = min(set(range(7)) - busy)
    Meeting.objects.filter(pk=moved.pk).update(slot=free, origin="manual")
    moved.refresh_from_db()
    call_command("schedule_export", "--schedule", str(schedule.pk), "-o", str(tmp_path / "out"),
                 stdout=io.StringIO())  # fmt: skip
    files = {
        name: json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))
        for name in ("instance.json", "schedule.json", "slots.json")
    }
    instance, solved, slots = files["instance.json"], files["schedule.json"], files["slots.json"]
    parse_instance(instance)
    assert instance == schedule.instance
    assert {o["id"] for o in instance["overseas"]} == {code(c) for c in scenario.overseas}
    assert len(solved["meetings"]) == 7
    assert solved["objective"] == 28 and solved["upper_bound"] == 32
    assert violations(instance, solved) == []
    assert {"overseas": code(moved.overseas), "domestic": code(moved.domestic),
            "slot": free} in solved["meetings"]  # fmt: skip
    assert {"overseas": code(cancelled.overseas), "domestic": code(cancelled.domestic),
            "slot": cancelled.slot} not in solved["meetings"]  # fmt: skip
    assert solved["meetings"] == sorted(
        solved["meetings"], key=lambda m: (m["slot"], m["overseas"], m["domestic"])
    )
    assert [s["slot"] for s in slots["slots"]] == [0, 1, 2, 3, 4, 5, 6]
    assert slots["slots"][0] == {
        "slot": 0,
        "session": scenario.sessions[0].pk,
        "index": 0,
        "starts_at": "2027-02-15T04:00:00+00:00",
        "ends_at": "2027-02-15T04:30:00+00:00",
    }
    entry = next(
        m for m in slots["meetings"]
        if (m["overseas"], m["domestic"]) == (code(moved.overseas), code(moved.domestic))
    )  # fmt: skip
    assert entry == {
        "overseas": code(moved.overseas),
        "domestic": code(moved.domestic),
        "slot": moved.slot,
        "session": moved.activity_id,
        "table": moved.table.number,
    }


def test_schedule_export_unknown_schedule_exits_2(db, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("schedule_export", "--schedule", "999", "-o", str(tmp_path))
    assert caught.value.returncode == 2
    assert str(caught.value) == "No schedule with the id 999."
