"""The overseas companies' daily cap (``SchedulingSettings.overseas_max_per_day``): a cap per
day (session) in the instance, in the optimiser's schedule, in every hand edit and in repair;
the total over the days may exceed it."""

from collections import Counter
from datetime import timedelta

import pytest

from scheduling import services
from scheduling.exceptions import MeetingRefused
from scheduling.instance import build
from scheduling.models import Meeting
from scheduling.services import meetings as edits
from scheduling.services import repair
from tests import factories


@pytest.fixture
def capped(scenario):
    factories.SchedulingSettingsFactory(programme=scenario.programme, overseas_max_per_day=2)
    return scenario


def test_the_instance_carries_the_cap_per_day_not_a_total(capped):
    instance = build(capped.programme).instance()
    assert {e["max_per_day"] for e in instance["overseas"]} == {2}
    assert not any("max_meetings" in e for e in instance["overseas"])
    assert not any("max_per_day" in e for e in instance["domestic"])


def test_no_cap_or_a_cap_above_the_slots_of_a_day_is_left_out(scenario):
    assert not any("max_per_day" in e for e in build(scenario.programme).instance()["overseas"])
    factories.SchedulingSettingsFactory(programme=scenario.programme, overseas_max_per_day=4)
    assert not any("max_per_day" in e for e in build(scenario.programme).instance()["overseas"])


def test_a_run_keeps_the_cap_each_day_while_the_total_exceeds_it(capped, staff):
    run = services.schedule_run_create(capped.programme, by=staff, time_limit=10)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    meetings = run.schedule.meetings.filter(status="planned")
    per_day = Counter(meetings.values_list("overseas_id", "activity_id"))
    assert set(per_day.values()) == {2}
    totals = Counter(meetings.values_list("overseas_id", flat=True))
    assert set(totals.values()) == {4}  # two a day over two days


def _add(schedule, overseas, domestic, slot, staff):
    return edits.meeting_add(schedule, overseas=overseas, domestic=domestic, slot=slot, by=staff)


def test_hand_add_over_the_daily_cap_is_refused_with_the_reason(capped, staff):
    schedule = factories.ScheduleFactory(programme=capped.programme)
    o, d = capped.overseas[0], capped.domestic
    _add(schedule, o, d[0], 0, staff)
    _add(schedule, o, d[1], 1, staff)
    with pytest.raises(MeetingRefused) as caught:
        _add(schedule, o, d[2], 2, staff)
    assert f"{o.legal_name} has already 2 meetings that day (cap 2)." in caught.value.message
    assert schedule.meetings.count() == 2  # nothing saved
    _add(schedule, o, d[2], 4, staff)  # another day: fine, three in all
    assert schedule.meetings.filter(overseas=o).count() == 3


def test_move_and_swap_into_a_full_day_are_refused(capped, staff):
    schedule = factories.ScheduleFactory(programme=capped.programme)
    o0, o1 = capped.overseas
    d = capped.domestic
    _add(schedule, o1, d[0], 0, staff)
    _add(schedule, o1, d[1], 1, staff)
    later = _add(schedule, o1, d[2], 4, staff)
    other = _add(schedule, o0, d[3], 2, staff)
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_move(later, slot=2, by=staff)
    assert "already 2 meetings that day (cap 2)" in caught.value.message
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_swap(other, later, by=staff)
    assert f"{o1.legal_name} has already 2 meetings that day (cap 2)." in caught.value.message
    assert Meeting.objects.get(pk=later.pk).slot == 4 and Meeting.objects.get(pk=other.pk).slot == 2
    # inside the same day a move is fine: the meeting itself does not count twice
    first = schedule.meetings.get(overseas=o1, slot=0)
    assert edits.meeting_move(first, slot=3, by=staff).slot == 3


def test_a_swap_within_a_full_day_of_one_company_is_allowed(capped, staff):
    schedule = factories.ScheduleFactory(programme=capped.programme)
    o, d = capped.overseas[0], capped.domestic
    a = _add(schedule, o, d[0], 0, staff)
    b = _add(schedule, o, d[1], 1, staff)
    a, b = edits.meeting_swap(a, b, by=staff)
    assert (a.slot, b.slot) == (1, 0)


def test_planning_a_cancelled_meeting_again_checks_the_cap(capped, staff):
    schedule = factories.ScheduleFactory(programme=capped.programme)
    o, d = capped.overseas[0], capped.domestic
    gone = _add(schedule, o, d[0], 0, staff)
    edits.meeting_cancel(gone, by=staff)
    _add(schedule, o, d[1], 1, staff)
    _add(schedule, o, d[2], 2, staff)
    with pytest.raises(MeetingRefused, match="already 2 meetings that day"):
        edits.meeting_mark(gone, status="planned", by=staff)


def test_repair_does_not_move_a_lost_meeting_into_a_full_day(capped, staff):
    schedule = factories.ScheduleFactory(programme=capped.programme)
    o, d = capped.overseas[0], capped.domestic
    day1 = [_add(schedule, o, d[n], n, staff) for n in (0, 1)]
    lost = _add(schedule, o, d[2], 4, staff)
    repair.company_absence_add(capped.programme, o, session=capped.sessions[1], by=staff)
    preview = repair.repair_preview(
        schedule, now=capped.sessions[0].starts_at - timedelta(hours=1), time_limit=10
    )
    by_meeting = {c.meeting.pk: c.kind for c in preview["changes"] if c.meeting}
    assert by_meeting == {lost.pk: "removed"}
    assert preview["counts"]["kept"] == len(day1)
    added = [c for c in preview["changes"] if c.kind == "added" and c.overseas == o]
    slots = {c.slot for c in added} | {m.slot for m in day1}
    assert sum(1 for s in slots if s < 4) <= 2, [(c.slot, c.domestic) for c in added]
