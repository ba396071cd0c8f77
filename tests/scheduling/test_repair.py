"""The day itself: a company cancelled for a day, a late arrival, and repair: the preview lists
only the meetings that change, the confirmation changes exactly those, held meetings stay."""

from datetime import timedelta

import pytest
from django.core import mail

from scheduling import services
from scheduling.exceptions import RepairRefused
from scheduling.models import Meeting, Unavailability
from scheduling.services import meetings as edits
from scheduling.services import repair
from tests import factories


@pytest.fixture
def draft(scenario, staff):
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    return run.schedule


def _state(schedule):
    return {m.pk: (m.slot, m.table_id, m.status) for m in schedule.meetings.all()}


def test_cancelling_an_overseas_company_for_a_day_repairs_only_its_meetings(
    draft, scenario, staff, django_capture_on_commit_callbacks
):
    # The company with the most meetings in one session cancels that session's day.
    pick = max(
        ((o, sess) for o in scenario.overseas for sess in scenario.sessions),
        key=lambda p: draft.meetings.filter(overseas=p[0], activity=p[1]).count(),
    )
    gone, day2 = pick
    other_day = [n for n, s in edits.schedule_slots(draft).items() if s.activity_id != day2.pk]
    away = repair.company_absence_add(scenario.programme, gone, session=day2, by=staff)
    assert (away.starts_at, away.ends_at, away.reason) == (
        day2.starts_at,
        day2.ends_at,
        "Cancelled for the day",
    )
    hit = set(draft.meetings.filter(overseas=gone, activity=day2).values_list("pk", flat=True))
    assert hit, "the draft should give the company meetings that day"
    before = _state(draft)
    now = scenario.sessions[0].starts_at - timedelta(hours=1)

    preview = repair.repair_preview(draft, now=now, time_limit=10)

    changed = {c.meeting.pk for c in preview["changes"] if c.meeting}
    assert changed == hit  # only the cancelled company's day-2 meetings
    assert preview["counts"]["kept"] == len(before) - len(hit)
    assert _state(draft) == before  # the preview saves nothing
    for change in preview["changes"]:
        if change.kind == "moved":
            assert change.slot in other_day  # the cancelled day is gone
    draft.status = "published"
    draft.save(update_fields=["status"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = repair.repair_confirm(draft, token=preview["token"], by=staff)

    after = _state(draft)
    assert {pk: after[pk] for pk in before if pk not in hit} == {
        pk: v for pk, v in before.items() if pk not in hit
    }
    assert counts == {k: preview["counts"][k] for k in ("moved", "interpreter", "removed", "added")}
    for m in Meeting.objects.filter(pk__in=hit):
        assert m.status == "cancelled" or m.slot in other_day
    assert not draft.meetings.filter(overseas=gone, activity=day2, status="planned").exists()
    told = {address for m in mail.outbox for address in m.to}
    untouched = {
        c for c in scenario.domestic if not any(ch.domestic == c for ch in preview["changes"])
    }
    for company in untouched:
        assert company.applications.first().email not in told


def test_held_meetings_and_started_slots_stay(draft, scenario, staff):
    first = draft.meetings.order_by("slot", "pk").first()
    edits.meeting_mark(first, status="held", by=staff)
    # The domestic company of the held meeting leaves for the rest of the programme.
    Unavailability.objects.create(
        programme=scenario.programme,
        company=first.domestic,
        starts_at=scenario.sessions[0].starts_at,
        ends_at=scenario.sessions[1].ends_at,
        reason="Flew home",
    )
    preview = repair.repair_preview(draft, now=first.ends_at, time_limit=10)
    assert first.pk not in {c.meeting.pk for c in preview["changes"] if c.meeting}
    started = draft.meetings.filter(slot=first.slot).values_list("pk", flat=True)
    assert not set(started) & {c.meeting.pk for c in preview["changes"] if c.meeting}
    assert all(c.slot > first.slot for c in preview["changes"] if c.kind != "removed")


def test_a_stale_preview_is_refused(draft, scenario, staff):
    preview = repair.repair_preview(draft, time_limit=5)
    meeting = draft.meetings.first()
    edits.meeting_cancel(meeting, by=staff)
    with pytest.raises(RepairRefused) as caught:
        repair.repair_confirm(draft, token=preview["token"], by=staff)
    assert str(caught.value.message) == (
        "The schedule changed since the preview: preview the repair again."
    )
    with pytest.raises(RepairRefused):
        repair.repair_confirm(draft, token="forged", by=staff)


def test_late_arrival_must_be_inside_the_session(scenario, staff):
    session = scenario.sessions[0]
    with pytest.raises(RepairRefused) as caught:
        repair.company_absence_add(
            scenario.programme,
            scenario.domestic[0],
            session=session,
            arrives_at=session.ends_at + timedelta(hours=1),
            by=staff,
        )
    assert str(caught.value.message).startswith("The arrival time must be during the session")
    late = repair.company_absence_add(
        scenario.programme,
        scenario.domestic[0],
        session=session,
        arrives_at=session.starts_at + timedelta(hours=1),
        by=staff,
    )
    assert (late.ends_at - late.starts_at, late.reason) == (timedelta(hours=1), "Arrives late")


def test_a_day_lost_does_not_cost_meetings_on_the_other_days(scenario, staff):
    """The daily cap is a cap per day (docs/scheduling.md): a company at its cap on day 1 keeps
    those meetings when day 2 is lost, and nothing is pushed into the full day: only the lost
    day's meetings change."""
    factories.SchedulingSettingsFactory(programme=scenario.programme, overseas_max_per_day=3)
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    gone, domestic = scenario.overseas[0], scenario.domestic
    day1 = [
        edits.meeting_add(schedule, overseas=gone, domestic=d, slot=n, by=staff)
        for n, d in enumerate(domestic[:3])
    ]  # three on day 1 (slots 0-2), at the daily cap of three
    lost = edits.meeting_add(schedule, overseas=gone, domestic=domestic[3], slot=4, by=staff)
    repair.company_absence_add(scenario.programme, gone, session=scenario.sessions[1], by=staff)

    preview = repair.repair_preview(
        schedule, now=scenario.sessions[0].starts_at - timedelta(hours=1), time_limit=10
    )

    changed = {c.meeting.pk for c in preview["changes"] if c.meeting}
    assert changed == {lost.pk}, [(c.kind, c.meeting) for c in preview["changes"]]
    assert preview["counts"]["kept"] == len(day1)
