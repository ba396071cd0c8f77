"""The day itself: an interpreter cannot come. Table mode: a replacement takes exactly the
window's meetings, checked (busy or away: refused with the rule, nothing saved), or the meetings
are flagged as needing an interpreter; pool mode: the repair plans without the absent
interpreter; only the participants whose agenda changed are told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from scheduling import services
from scheduling.exceptions import MeetingRefused
from scheduling.models import Meeting, SchedulingSettings, Unavailability
from scheduling.services import interpreters as absences
from scheduling.services import meetings as edits
from scheduling.services import repair
from tests import factories


def _interpreter(programme, username):
    user = factories.UserFactory(username=username)
    factories.ProgrammeRoleFactory(programme=programme, user=user, role="interpreter")
    return user


@pytest.fixture
def planned(scenario, staff):
    """A published schedule made by hand: table 1 (interp1) meets Japanese companies 0 and 1
    on day 1 (slots 0, 1) and company 2 on day 2 (slot 4); table 2 (interp2) meets company 3
    in slot 0. interp3 is a spare interpreter of the programme."""
    schedule = factories.ScheduleFactory(programme=scenario.programme, status="draft")
    o, d = scenario.overseas, scenario.domestic
    meetings = {
        "day1_a": edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff),
        "day1_b": edits.meeting_add(schedule, overseas=o[0], domestic=d[1], slot=1, by=staff),
        "day2": edits.meeting_add(schedule, overseas=o[0], domestic=d[2], slot=4, by=staff),
        "other": edits.meeting_add(schedule, overseas=o[1], domestic=d[3], slot=0, by=staff),
    }
    schedule.status = "published"
    schedule.save(update_fields=["status"])
    spare = _interpreter(scenario.programme, "interp3")
    return schedule, meetings, spare


def _interpreters(schedule):
    return dict(schedule.meetings.values_list("pk", "interpreter_id"))


def test_the_replacement_takes_exactly_the_windows_meetings(scenario, planned, staff):
    schedule, m, spare = planned
    day1 = scenario.sessions[0]
    absent = scenario.interpreters[0]

    result = absences.interpreter_absence_add(
        schedule, interpreter=absent, starts_at=day1.starts_at, ends_at=day1.ends_at,
        replacement=spare, by=staff,
    )  # fmt: skip

    assert {x.pk for x in result["replaced"]} == {m["day1_a"].pk, m["day1_b"].pk}
    assert _interpreters(schedule) == {
        m["day1_a"].pk: spare.pk,
        m["day1_b"].pk: spare.pk,
        m["day2"].pk: absent.pk,  # outside the window
        m["other"].pk: scenario.interpreters[1].pk,  # another table
    }
    away = result["absence"]
    assert (away.interpreter, away.company, away.starts_at, away.ends_at) == (
        absent, None, day1.starts_at, day1.ends_at,
    )  # fmt: skip
    assert list(absences.needs_interpreter(schedule)) == []


def test_a_busy_replacement_is_refused_with_the_reason_and_nothing_changes(
    scenario, planned, staff
):
    schedule, m, _spare = planned
    day1 = scenario.sessions[0]
    busy = scenario.interpreters[1]  # works at table 2 in slot 0
    before = _interpreters(schedule)

    with pytest.raises(MeetingRefused) as caught:
        absences.interpreter_absence_add(
            schedule, interpreter=scenario.interpreters[0], starts_at=day1.starts_at,
            ends_at=day1.ends_at, replacement=busy, by=staff,
        )  # fmt: skip

    assert "Double booking: the interpreter" in str(caught.value.message)
    assert "table 2" in str(caught.value.message)
    assert caught.value.errors["rules"]
    assert _interpreters(schedule) == before
    assert not Unavailability.objects.filter(interpreter__isnull=False).exists()


def test_a_replacement_away_then_is_refused(scenario, planned, staff):
    schedule, _m, spare = planned
    day1 = scenario.sessions[0]
    Unavailability.objects.create(
        programme=scenario.programme, interpreter=spare,
        starts_at=day1.starts_at, ends_at=day1.starts_at + timedelta(minutes=30),
    )  # fmt: skip
    before = _interpreters(schedule)

    with pytest.raises(MeetingRefused) as caught:
        absences.interpreter_absence_add(
            schedule, interpreter=scenario.interpreters[0], starts_at=day1.starts_at,
            ends_at=day1.ends_at, replacement=spare, by=staff,
        )  # fmt: skip

    assert "is not available at" in str(caught.value.message)
    assert _interpreters(schedule) == before


def test_without_a_replacement_the_meetings_need_an_interpreter(client, scenario, planned, staff):
    schedule, m, _spare = planned
    day1 = scenario.sessions[0]

    result = absences.interpreter_absence_add(
        schedule, interpreter=scenario.interpreters[0], starts_at=day1.starts_at,
        ends_at=day1.ends_at, by=staff,
    )  # fmt: skip

    flagged = {x.pk for x in absences.needs_interpreter(schedule)}
    assert flagged == {x.pk for x in result["unassigned"]} == {m["day1_a"].pk, m["day1_b"].pk}
    client.force_login(staff)
    slug = scenario.programme.slug
    page = client.get(reverse("scheduling:schedule.repair", args=[slug, schedule.pk]))
    section = page.content.decode().split('id="needs-interpreter"')[1]
    assert section.count('class="needs-interpreter"') == 2
    assert "Naniwa Seiko 1" in section and "Naniwa Seiko 2" in section
    assert "Naniwa Seiko 3" not in section
    grid = client.get(reverse("scheduling:schedule.grid", args=[slug, schedule.pk]))
    assert grid.content.decode().count("Needs an interpreter") == 2


def test_the_page_form_records_the_absence_in_the_programmes_time_zone(
    client, scenario, planned, staff
):
    schedule, m, spare = planned
    day1 = scenario.sessions[0]
    local = scenario.programme.local
    client.force_login(staff)

    response = client.post(
        reverse(
            "scheduling:schedule.interpreter_absence_add",
            args=[scenario.programme.slug, schedule.pk],
        ),
        {
            "interpreter": scenario.interpreters[0].pk,
            "starts_at": local(day1.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": local(day1.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "replacement": spare.pk,
        },
    )

    assert response.status_code == 302
    away = Unavailability.objects.get(interpreter=scenario.interpreters[0])
    assert (away.starts_at, away.ends_at) == (day1.starts_at, day1.ends_at)
    assert Meeting.objects.get(pk=m["day1_a"].pk).interpreter == spare


def test_the_api_refuses_a_busy_replacement_with_the_error_shape(client, scenario, planned, staff):
    schedule, _m, _spare = planned
    day1 = scenario.sessions[0]
    client.force_login(staff)

    response = client.post(
        f"/api/v1/programmes/{scenario.programme.slug}/schedules/{schedule.pk}"
        "/interpreter-absences/",
        {
            "interpreter": scenario.interpreters[0].pk,
            "starts_at": day1.starts_at.isoformat(),
            "ends_at": day1.ends_at.isoformat(),
            "replacement": scenario.interpreters[1].pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "meeting_refused"
    assert "Double booking" in body["detail"]
    assert body["errors"]["rules"]


def test_only_the_affected_are_emailed(
    scenario, planned, staff, django_capture_on_commit_callbacks
):
    schedule, _m, spare = planned
    day1 = scenario.sessions[0]
    o, d = scenario.overseas, scenario.domestic
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        absences.interpreter_absence_add(
            schedule, interpreter=scenario.interpreters[0], starts_at=day1.starts_at,
            ends_at=day1.ends_at, replacement=spare, by=staff,
        )  # fmt: skip

    def email(company):
        return company.applications.first().email or company.contact_email

    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted(
        [email(o[0]), email(d[0]), email(d[1]), scenario.interpreters[0].email, spare.email]
    )

    # An absence that touches no meeting changes no agenda: nobody is told.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        absences.interpreter_absence_add(
            schedule, interpreter=scenario.interpreters[1],
            starts_at=scenario.sessions[1].starts_at, ends_at=scenario.sessions[1].ends_at,
            by=staff,
        )  # fmt: skip
    assert mail.outbox == []


def test_pool_mode_repair_avoids_the_absent_interpreter(scenario, staff):
    programme = scenario.programme
    factories.SchedulingSettingsFactory(
        programme=programme, interpreter_mode=SchedulingSettings.InterpreterMode.POOL
    )
    from scheduling.models import OverseasTable

    OverseasTable.objects.filter(programme=programme).update(language="vi", interpreter=None)
    pool = [_interpreter(programme, f"pool{n}") for n in (1, 2)]
    for user in pool:
        factories.PoolInterpreterFactory(programme=programme, user=user, language="vi")
    run = services.schedule_run_create(programme, by=staff, time_limit=10)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    schedule = run.schedule
    day1 = scenario.sessions[0]
    absent = next(
        u for u in pool if schedule.meetings.filter(interpreter=u, activity=day1).exists()
    )

    absences.interpreter_absence_add(
        schedule, interpreter=absent, starts_at=day1.starts_at, ends_at=day1.ends_at, by=staff
    )
    preview = repair.repair_preview(
        schedule, now=day1.starts_at - timedelta(hours=1), time_limit=10
    )
    repair.repair_confirm(schedule, token=preview["token"], by=staff)

    day1_meetings = schedule.meetings.filter(status__in=["planned", "held"], activity=day1)
    assert not day1_meetings.filter(interpreter=absent).exists()
    # One interpreter of the language is left on day 1: at most one meeting per slot.
    slots = list(day1_meetings.values_list("slot", flat=True))
    assert len(slots) == len(set(slots))
    for change in preview["changes"]:
        if change.kind != "removed" and change.starts_at < day1.ends_at:
            assert change.interpreter_id != absent.pk
    assert not day1_meetings.filter(interpreter=None).exists()  # every meeting interpreted


def test_a_repair_keeps_the_replaced_meetings_and_spares_the_replacements_own_table(
    scenario, planned, staff
):
    schedule, m, _spare = planned
    slot1 = edits.schedule_slots(schedule)[1]
    replacement = scenario.interpreters[1]  # table 2's interpreter, free in slot 1
    absences.interpreter_absence_add(
        schedule, interpreter=scenario.interpreters[0], starts_at=slot1.starts_at,
        ends_at=slot1.ends_at, replacement=replacement, by=staff,
    )  # fmt: skip
    assert Meeting.objects.get(pk=m["day1_b"].pk).interpreter == replacement

    preview = repair.repair_preview(
        schedule, now=scenario.sessions[0].starts_at - timedelta(hours=1), time_limit=10
    )

    touched = {c.meeting.pk for c in preview["changes"] if c.meeting}
    assert m["day1_b"].pk not in touched  # the replacement interprets it where it is
    for change in preview["changes"]:
        if change.kind != "removed" and change.slot == 1:
            assert change.interpreter_id != replacement.pk
    repair.repair_confirm(schedule, token=preview["token"], by=staff)  # no double booking
    assert Meeting.objects.get(pk=m["day1_b"].pk).interpreter == replacement


def test_a_meeting_whose_slot_has_started_is_no_longer_flagged(scenario, planned, staff):
    """Table mode: once its slot has started (or it was held), a meeting left without an
    interpreter cannot get one any more: the grid and the repair page stop flagging it."""
    schedule, m, _spare = planned
    day1 = scenario.sessions[0]
    absences.interpreter_absence_add(
        schedule, interpreter=scenario.interpreters[0], starts_at=day1.starts_at,
        ends_at=day1.ends_at, by=staff,
    )  # fmt: skip
    before = day1.starts_at - timedelta(minutes=1)
    during_first = day1.starts_at + timedelta(minutes=10)
    assert {x.pk for x in absences.needs_interpreter(schedule, now=before)} == {
        m["day1_a"].pk, m["day1_b"].pk,
    }  # fmt: skip
    assert {x.pk for x in absences.needs_interpreter(schedule, now=during_first)} == {
        m["day1_b"].pk
    }
    edits.meeting_mark(m["day1_b"], status="held", by=staff)
    assert list(absences.needs_interpreter(schedule, now=before)) == [m["day1_a"]]


def test_pool_mode_a_new_interpreter_is_an_interpreter_change_not_a_move(
    client, scenario, staff, django_capture_on_commit_callbacks
):
    """A meeting kept in its slot that only gets another pool interpreter is listed (and
    counted) as "interpreter", not as moved; the confirmation tells its companies and the new
    interpreter."""
    programme = scenario.programme
    factories.SchedulingSettingsFactory(
        programme=programme, interpreter_mode=SchedulingSettings.InterpreterMode.POOL
    )
    from scheduling.models import OverseasTable

    OverseasTable.objects.filter(programme=programme).update(language="vi", interpreter=None)
    first, second = (_interpreter(programme, f"pool{n}") for n in (1, 2))
    for user in (first, second):
        factories.PoolInterpreterFactory(programme=programme, user=user, language="vi")
    o, d = scenario.overseas, scenario.domestic
    schedule = factories.ScheduleFactory(programme=programme, status="draft")
    meeting = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    edits.meeting_add(schedule, overseas=o[1], domestic=d[3], slot=0, by=staff)
    assert meeting.interpreter == first
    schedule.status = "published"
    schedule.save(update_fields=["status"])
    slot0 = edits.schedule_slots(schedule)[0]
    absences.interpreter_absence_add(
        schedule, interpreter=first, starts_at=slot0.starts_at, ends_at=slot0.ends_at, by=staff
    )  # the other one is busy in slot 0: the meeting is left without an interpreter
    assert Meeting.objects.get(pk=meeting.pk).interpreter is None
    third = _interpreter(programme, "pool3")
    factories.PoolInterpreterFactory(programme=programme, user=third, language="vi")

    preview = repair.repair_preview(
        schedule, now=slot0.starts_at - timedelta(hours=1), time_limit=10
    )

    change = next(c for c in preview["changes"] if c.meeting and c.meeting.pk == meeting.pk)
    assert (change.kind, change.slot, change.interpreter_id) == ("interpreter", 0, third.pk)
    assert preview["counts"]["interpreter"] == 1
    assert not any(c.kind == "moved" and c.slot == c.meeting.slot for c in preview["changes"])
    client.force_login(staff)
    page = client.post(
        reverse("scheduling:schedule.repair_preview", args=[programme.slug, schedule.pk])
    ).content.decode()
    assert "1 meeting stays in place with another interpreter." in page
    row = page.split('class="change-interpreter"')[1].split("</tr>")[0]
    assert "Interpreter changed" in row and o[0].legal_name in row
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = repair.repair_confirm(schedule, token=preview["token"], by=staff)
    assert counts["interpreter"] == 1
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.status, meeting.interpreter) == (0, "planned", third)
    told = {address for message in mail.outbox for address in message.to}

    def email(company):
        return company.applications.first().email or company.contact_email

    assert {email(o[0]), email(d[0]), third.email} <= told
    # the absent interpreter hears of it only through meetings the repair gives them later on
    assert (first.email in told) == any(c.interpreter_id == first.pk for c in preview["changes"])
