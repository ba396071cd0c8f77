"""The schedules API: runs start as jobs, schedules with their quality, compare, publish,
meetings moved and refused with the rule in the one error shape, repair preview and confirm."""

import pytest
from rest_framework.test import APIClient

from scheduling import services
from scheduling.models import Meeting, ScheduleRun
from scheduling.services import meetings as edits
from tests import factories


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def _base(programme) -> str:
    return f"/api/v1/programmes/{programme.slug}"


def test_start_a_run_and_read_its_status(scenario, api):
    response = api.post(f"{_base(scenario.programme)}/schedule-runs/", {"time_limit": 4},
                        format="json")  # fmt: skip
    assert response.status_code == 202
    run = ScheduleRun.objects.get()
    assert (response.json()["id"], response.json()["status"], run.time_limit) == (
        run.pk, "queued", 4,
    )  # fmt: skip
    services.schedule_run_execute(run)
    body = api.get(f"{_base(scenario.programme)}/schedule-runs/{run.pk}/").json()
    run.refresh_from_db()
    assert (body["status"], body["schedule"], body["progress"]) == (
        "succeeded", run.schedule_id, 100,
    )  # fmt: skip


def test_a_refused_run_answers_the_reason_in_the_one_shape(programme, api):
    factories.ActivityFactory(programme=programme)
    response = api.post(f"{_base(programme)}/schedule-runs/", {"time_limit": 4}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "No overseas company is selected and taking part.",
        "code": "no_participants",
        "errors": {},
    }


def test_schedules_with_quality_compare_and_publish(scenario, staff, api):
    runs = [services.schedule_run_create(scenario.programme, by=staff, time_limit=4)
            for _ in range(2)]  # fmt: skip
    for run in runs:
        services.schedule_run_execute(run)
    a, b = (r.schedule for r in ScheduleRun.objects.order_by("pk"))
    listed = api.get(f"{_base(scenario.programme)}/schedules/").json()
    assert {s["id"] for s in listed} == {a.pk, b.pk}
    detail = api.get(f"{_base(scenario.programme)}/schedules/{a.pk}/").json()
    assert detail["quality"]["ratio"] == a.quality["ratio"]
    assert set(detail["quality"]["per_company"]) == {"overseas", "domestic"}
    compared = api.get(f"{_base(scenario.programme)}/schedules/compare/",
                       {"a": a.pk, "b": b.pk}).json()  # fmt: skip
    assert compared["common"] == a.meetings.count() and compared["only_a"] == 0
    published = api.post(f"{_base(scenario.programme)}/schedules/{a.pk}/publish/")
    assert published.json()["status"] == "published"
    again = api.post(f"{_base(scenario.programme)}/schedules/{a.pk}/publish/")
    assert again.status_code == 400 and again.json()["code"] == "publish_refused"


def test_move_refused_with_the_rule_then_moved(scenario, staff, api):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    o, d = scenario.overseas, scenario.domestic
    first = edits.meeting_add(schedule, overseas=o[0], domestic=d[0], slot=0, by=staff)
    second = edits.meeting_add(schedule, overseas=o[0], domestic=d[1], slot=1, by=staff)
    url = f"{_base(scenario.programme)}/schedules/{schedule.pk}/meetings/{second.pk}/"
    refused = api.patch(url, {"slot": 0}, format="json")
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "meeting_refused"
    when = scenario.programme.local(first.starts_at).strftime("%Y-%m-%d %H:%M")
    assert body["errors"]["rules"][0] == (
        f"Double booking: {o[0].legal_name} already meets {d[0].legal_name} at {when} (table 1)."
    )
    assert Meeting.objects.get(pk=second.pk).slot == 1
    moved = api.patch(url, {"slot": 2}, format="json")
    assert (moved.status_code, moved.json()["slot"]) == (200, 2)
    cancelled = api.post(f"{url}cancel/")
    assert cancelled.json()["status"] == "cancelled"
    listed = api.get(f"{_base(scenario.programme)}/schedules/{schedule.pk}/meetings/").json()
    assert [(m["id"], m["status"]) for m in listed] == [(first.pk, "planned"),
                                                         (second.pk, "cancelled")]  # fmt: skip


def test_repair_preview_and_confirm(scenario, staff, api):
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=4)
    services.schedule_run_execute(run)
    run.refresh_from_db()
    schedule = run.schedule
    base = f"{_base(scenario.programme)}/schedules/{schedule.pk}"
    company = schedule.meetings.first().domestic
    absence = {"company": company.pk, "session": scenario.sessions[0].pk}
    away = api.post(f"{base}/absences/", absence, format="json")
    assert away.status_code == 201
    preview = api.post(f"{base}/repair/preview/").json()
    hit = set(schedule.meetings.filter(domestic=company, activity=scenario.sessions[0])
              .values_list("pk", flat=True))  # fmt: skip
    assert {c["meeting"] for c in preview["changes"] if c["meeting"]} == hit
    confirmed = api.post(f"{base}/repair/confirm/", {"token": preview["token"]}, format="json")
    assert confirmed.status_code == 200
    assert not schedule.meetings.filter(
        domestic=company, activity=scenario.sessions[0], status="planned"
    ).exists()
    stale = api.post(f"{base}/repair/confirm/", {"token": preview["token"]}, format="json")
    assert (stale.status_code, stale.json()["code"]) == (400, "stale")
