"""Staff's schedule pages: a run started as a job (never solved in the request), refusals with
their reason, the quality of the drafts, comparing two, publishing with a confirmation, the grid,
hand edits refused with the rule, and the repair preview and confirmation."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Job
from scheduling import services
from scheduling.models import Meeting, Schedule, ScheduleRun
from scheduling.services import meetings as edits
from tests import factories


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _draft(programme, staff):
    run = services.schedule_run_create(programme, by=staff, time_limit=5)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    return run.schedule


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_starting_a_run_queues_a_job_and_shows_its_progress(scenario, staff_client):
    slug = scenario.programme.slug
    response = staff_client.post(
        reverse("scheduling:schedule.run_start", args=[slug]), {"time_limit": "7"}, follow=True
    )
    run = ScheduleRun.objects.get()
    assert (run.status, run.time_limit, run.job.kind, run.schedule) == (
        "queued",
        7,
        "schedule_run",
        None,
    )  # not solved in the request
    page = response.content.decode()
    assert f'hx-get="{reverse("core:job.detail", args=[run.job.pk])}"' in page
    assert f"Run {run.pk} is queued" in _messages(response)[0]


def test_a_run_that_cannot_start_is_refused_with_the_reason(programme, staff_client):
    factories.ActivityFactory(programme=programme)
    response = staff_client.post(
        reverse("scheduling:schedule.run_start", args=[programme.slug]),
        {"time_limit": "10"},
        follow=True,
    )
    assert _messages(response) == ["No overseas company is selected and taking part."]
    assert not ScheduleRun.objects.exists() and not Job.objects.exists()


def test_failed_runs_show_their_message(scenario, staff_client):
    factories.ScheduleRunFactory(
        programme=scenario.programme, status="failed", message="Failed while solving: boom"
    )
    page = staff_client.get(reverse("scheduling:schedule.list", args=[scenario.programme.slug]))
    assert "Failed while solving: boom" in page.content.decode()


def test_the_list_and_detail_show_the_quality(scenario, staff, staff_client):
    schedule = _draft(scenario.programme, staff)
    q = schedule.quality
    page = staff_client.get(
        reverse("scheduling:schedule.list", args=[scenario.programme.slug])
    ).content.decode()
    assert f"{q['ratio']:.4f}" in page and str(schedule) in page
    detail = staff_client.get(
        reverse("scheduling:schedule.detail", args=[scenario.programme.slug, schedule.pk])
    ).content.decode()
    assert f"{q['ratio']:.4f}" in detail
    assert "e-mails every participant (6 companies)" in detail


def test_compare_two_drafts_side_by_side(scenario, staff, staff_client):
    a, b = _draft(scenario.programme, staff), _draft(scenario.programme, staff)
    b.meetings.first().delete()
    response = staff_client.get(
        reverse("scheduling:schedule.compare", args=[scenario.programme.slug]),
        {"a": a.pk, "b": b.pk},
    )
    assert [s.pk for s, _q in response.context["columns"]] == [a.pk, b.pk]
    assert (response.context["only_a"], response.context["only_b"]) == (1, 0)


def test_publish_needs_the_confirmation_then_mails_everyone(
    scenario, staff, staff_client, django_capture_on_commit_callbacks
):
    schedule = _draft(scenario.programme, staff)
    url = reverse("scheduling:schedule.publish", args=[scenario.programme.slug, schedule.pk])
    response = staff_client.post(url, {}, follow=True)
    assert _messages(response) == ["Tick the box to confirm that every participant is e-mailed."]
    schedule.refresh_from_db()
    assert schedule.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"confirm": "yes"})
    schedule.refresh_from_db()
    assert schedule.status == "published"
    assert len(mail.outbox) >= 6


def test_the_grid_shows_tables_by_slots_in_the_programme_time_zone(
    scenario, staff, staff_client, django_assert_max_num_queries
):
    schedule = _draft(scenario.programme, staff)
    meeting = schedule.meetings.filter(slot__lt=4).select_related("domestic").first()
    url = reverse("scheduling:schedule.grid", args=[scenario.programme.slug, schedule.pk])
    with django_assert_max_num_queries(25):
        response = staff_client.get(url, {"day": 0})
    page = response.content.decode()
    assert "13:00–13:30" in page  # the session starts at 13:00 local time
    assert meeting.domestic.legal_name in page
    assert len(response.context["rows"]) == 2


def test_a_double_booking_on_the_grid_is_refused_with_the_rule(scenario, staff, staff_client):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    o, d = scenario.overseas, scenario.domestic
    a = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    b = edits.meeting_add(schedule, overseas=o[1], domestic=d[0], slot=1, by=staff)
    response = staff_client.post(
        reverse("scheduling:meeting.move", args=[scenario.programme.slug, schedule.pk, b.pk]),
        {"slot": "0", "day": "0"},
        follow=True,
    )
    when = scenario.programme.local(a.starts_at).strftime("%Y-%m-%d %H:%M")
    assert _messages(response) == [
        f"Double booking: {d[0].legal_name} already meets {o[0].legal_name} at {when} (table 1)."
    ]
    assert Meeting.objects.get(pk=b.pk).slot == 1
    response = staff_client.post(
        reverse("scheduling:meeting.move", args=[scenario.programme.slug, schedule.pk, b.pk]),
        {"slot": "2", "day": "0"},
        follow=True,
    )
    assert _messages(response) == ["The meeting is moved."]
    assert Meeting.objects.get(pk=b.pk).slot == 2


def test_repair_preview_then_confirm_from_the_pages(scenario, staff, staff_client):
    schedule = _draft(scenario.programme, staff)
    slug = scenario.programme.slug
    company = schedule.meetings.first().overseas
    session = scenario.sessions[0]
    staff_client.post(
        reverse("scheduling:schedule.absence_add", args=[slug, schedule.pk]),
        {"company": company.pk, "session": session.pk, "arrives_at": "14:00"},
    )
    response = staff_client.post(
        reverse("scheduling:schedule.repair_preview", args=[slug, schedule.pk])
    )
    preview = response.context["preview"]
    hit = {
        m.pk for m in schedule.meetings.filter(overseas=company, slot__in=[0, 1], status="planned")
    }
    assert {c.meeting.pk for c in preview["changes"] if c.meeting} == hit
    response = staff_client.post(
        reverse("scheduling:schedule.repair_confirm", args=[slug, schedule.pk]),
        {"token": preview["token"]},
        follow=True,
    )
    assert _messages(response)[0].startswith("Repaired: ")
    assert not schedule.meetings.filter(
        overseas=company, slot__in=[0, 1], status="planned"
    ).exists()


def test_a_reviewer_reads_the_pages_and_changes_nothing(role_users, scenario, client, staff):
    schedule = _draft(scenario.programme, staff)
    client.force_login(role_users["reviewer"])
    slug = scenario.programme.slug
    assert (
        client.get(reverse("scheduling:schedule.grid", args=[slug, schedule.pk])).status_code == 200
    )
    response = client.post(
        reverse("scheduling:schedule.publish", args=[slug, schedule.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 403
    assert Schedule.objects.get(pk=schedule.pk).status == "draft"
