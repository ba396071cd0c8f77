"""Hand edits of a schedule (move, swap, add, cancel, day-of marks): every rule refused with its
reason and nothing saved; edits of the published schedule tell only those whose agenda changed."""

import pytest
from django.core import mail

from scheduling import services
from scheduling.exceptions import MeetingConflict, MeetingRefused
from scheduling.models import Meeting, Schedule
from scheduling.services import meetings as edits
from tests import factories
from tests.factories import local


@pytest.fixture
def draft(scenario, staff):
    """A real run's draft on the scenario: 2 overseas × 4 Japanese over 7 slots."""
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    assert run.schedule is not None, run.message
    return run.schedule


def _free_slot_for(schedule, meeting):
    """A slot of the meeting's day where neither company nor its table is busy."""
    busy = set(
        schedule.meetings.filter(status__in=["planned", "held"])
        .filter(overseas=meeting.overseas)
        .values_list("slot", flat=True)
    ) | set(
        schedule.meetings.filter(status__in=["planned", "held"])
        .filter(domestic=meeting.domestic)
        .values_list("slot", flat=True)
    )
    for slot in edits.schedule_slots(schedule):
        if slot not in busy:
            return slot
    pytest.skip("no free slot in this draft")


def test_move_puts_the_meeting_in_the_new_slot_at_its_table(draft, staff):
    meeting = draft.meetings.order_by("slot", "pk").first()
    slot = _free_slot_for(draft, meeting)
    moved = edits.meeting_move(meeting, slot=slot, by=staff)
    moved.refresh_from_db()
    target = edits.schedule_slots(draft)[slot]
    assert (moved.slot, moved.activity_id, moved.starts_at, moved.origin) == (
        slot,
        target.activity_id,
        target.starts_at,
        "manual",
    )
    assert (
        moved.table.number == meeting.table.number and moved.table.activity_id == target.activity_id
    )


def test_move_refuses_a_double_booking_of_the_company_and_saves_nothing(draft, staff):
    # Two meetings of the same overseas company: moving one into the other's slot.
    overseas = draft.meetings.values_list("overseas", flat=True).first()
    first, second = draft.meetings.filter(overseas=overseas).order_by("slot")[:2]
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_move(second, slot=first.slot, by=staff)
    when = draft.programme.local(first.starts_at).strftime("%Y-%m-%d %H:%M")
    assert (
        f"Double booking: {first.overseas.legal_name} already meets "
        f"{first.domestic.legal_name} at {when} (table {first.table.number})."
    ) in str(caught.value.message)
    assert f"Double booking: table {first.table.number} is taken at {when}." in str(
        caught.value.message
    )
    second_before = Meeting.objects.get(pk=second.pk)
    assert second_before.slot == second.slot  # nothing saved


def test_move_refuses_a_slot_when_the_company_is_away(draft, scenario, staff):
    meeting = draft.meetings.order_by("slot", "pk").first()
    slot = _free_slot_for(draft, meeting)
    target = edits.schedule_slots(draft)[slot]
    factories.UnavailabilityFactory(
        programme=scenario.programme,
        company=meeting.domestic,
        starts_at=target.starts_at,
        ends_at=target.ends_at,
        reason="Visits a supplier",
    )
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_move(meeting, slot=slot, by=staff)
    when = scenario.programme.local(target.starts_at).strftime("%Y-%m-%d %H:%M")
    assert str(caught.value.message) == (
        f"{meeting.domestic.legal_name} is not available at {when} (Visits a supplier)."
    )
    assert Meeting.objects.get(pk=meeting.pk).slot == meeting.slot


def test_move_refuses_a_slot_when_the_company_attends_a_seminar(draft, scenario, staff):
    meeting = draft.meetings.order_by("slot", "pk").first()
    slot = _free_slot_for(draft, meeting)
    target = edits.schedule_slots(draft)[slot]
    seminar = factories.SeminarFactory(
        programme=scenario.programme,
        title="Export finance seminar",
        venue=scenario.sessions[0].venue,
        starts_at=target.starts_at,
        ends_at=target.ends_at,
    )
    factories.AttendanceFactory(activity=seminar, company=meeting.overseas)
    factories.AttendanceFactory(activity=scenario.sessions[0], company=meeting.overseas)
    factories.AttendanceFactory(activity=scenario.sessions[1], company=meeting.overseas)
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_move(meeting, slot=slot, by=staff)
    assert "attends “Export finance seminar”" in str(caught.value.message)


def test_add_refuses_a_blocked_pair_with_the_reason(draft, scenario, staff):
    overseas, domestic = scenario.overseas[0], scenario.domestic[0]
    draft.meetings.filter(overseas=overseas, domestic=domestic).delete()
    factories.PairScoreFactory(
        programme=scenario.programme, overseas=overseas, domestic=domestic, blocked=True,
        reason_kind="competitor", reason="Direct competitors in bearings",
    )  # fmt: skip
    count = draft.meetings.count()
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_add(draft, overseas=overseas, domestic=domestic, slot=0, by=staff)
    assert (
        f"The pair {overseas.legal_name} – {domestic.legal_name} is blocked "
        "(Direct competitors in bearings)."
    ) in str(caught.value.message)
    assert draft.meetings.count() == count


def test_add_then_cancel_and_plan_again(scenario, staff):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    overseas, domestic = scenario.overseas[0], scenario.domestic[0]
    meeting = edits.meeting_add(schedule, overseas=overseas, domestic=domestic, slot=4, by=staff)
    assert (meeting.slot, meeting.table.number, meeting.activity, meeting.interpreter) == (
        4,
        1,
        scenario.sessions[1],
        scenario.interpreters[0],
    )
    assert meeting.starts_at == local(scenario.programme, scenario.day2, 13)
    assert meeting.score > 0
    edits.meeting_cancel(meeting, by=staff)
    other = edits.meeting_add(
        schedule, overseas=overseas, domestic=scenario.domestic[1], slot=4, by=staff
    )
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_mark(meeting, status="planned", by=staff)
    assert "already meets" in str(caught.value.message)
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    assert other.status == "planned"


def test_swap_exchanges_two_slots(scenario, staff):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    o, d = scenario.overseas, scenario.domestic
    a = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    b = edits.meeting_add(schedule, overseas=o[0], domestic=d[1], slot=5, by=staff)
    edits.meeting_swap(a, b, by=staff)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.slot, a.activity, b.slot, b.activity) == (
        5,
        scenario.sessions[1],
        0,
        scenario.sessions[0],
    )


def test_a_constraint_the_checks_miss_is_the_same_clear_conflict(scenario, staff):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    o, d = scenario.overseas, scenario.domestic
    a = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    b = edits.meeting_add(schedule, overseas=o[1], domestic=d[1], slot=0, by=staff)
    plan = edits.Plan(b.overseas, b.domestic, edits.schedule_slots(schedule)[0], a.table, None)
    b2 = Meeting.objects.get(pk=b.pk)
    edits._place(b2, plan)
    with pytest.raises(MeetingConflict) as caught:
        edits._write(b2.save)
    assert caught.value.code == "conflict"
    assert Meeting.objects.get(pk=b.pk).table_id == b.table_id


def test_edits_on_the_published_schedule_mail_only_the_affected(
    scenario, staff, mailoutbox, django_capture_on_commit_callbacks
):
    schedule = factories.ScheduleFactory(programme=scenario.programme, status="published")
    o, d = scenario.overseas, scenario.domestic
    a = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    edits.meeting_add(schedule, overseas=o[1], domestic=d[1], slot=0, by=staff)
    assert mail.outbox == []  # on commit only
    with django_capture_on_commit_callbacks(execute=True):
        edits.meeting_move(a, slot=1, by=staff)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    expected = sorted(
        [
            (o[0].applications.first().email or o[0].contact_email),
            (d[0].applications.first().email or d[0].contact_email),
            scenario.interpreters[0].email,
        ]
    )
    assert recipients == [r for r in expected if r]
    assert all(m.subject.startswith("Your meeting schedule changed") or "変更" in m.subject
               for m in mail.outbox)  # fmt: skip


def test_a_superseded_schedule_is_not_edited(scenario, staff):
    schedule = factories.ScheduleFactory(
        programme=scenario.programme, status=Schedule.Status.SUPERSEDED
    )
    with pytest.raises(MeetingRefused) as caught:
        edits.meeting_add(
            schedule, overseas=scenario.overseas[0], domestic=scenario.domestic[0], slot=0, by=staff
        )
    assert str(caught.value.message) == "A superseded schedule cannot be changed."


def test_removing_the_tables_of_a_session_with_meetings_is_refused(staff):
    from programmes import services as programme_services
    from programmes.exceptions import ProgrammeError

    meeting = factories.MeetingFactory()
    session = meeting.activity
    with pytest.raises(ProgrammeError) as caught:
        programme_services.activity_update(session, by=staff, kind="seminar")
    assert str(caught.value.message) == (
        f"The tables of “{session.display_title}” cannot be removed: 1 meeting of a schedule "
        "takes place at them. Move or remove it first."
    )
    session.refresh_from_db()
    assert session.kind == "business_meetings" and session.tables.count() == 1
