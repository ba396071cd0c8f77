"""Schedule runs: refusals before queuing, the job, the stored draft, idempotence, failures."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from core.models import Job
from programmes.models import Activity
from scheduling import services
from scheduling.exceptions import SchedulingError
from scheduling.models import Meeting, OverseasTable, Schedule, ScheduleRun
from scheduling.tasks import schedule_run_execute as task
from tests import factories


def _refusal(programme, staff):
    with pytest.raises(SchedulingError) as caught:
        services.schedule_run_start(programme, by=staff, time_limit=10)
    assert not ScheduleRun.objects.exists() and not Job.objects.exists()  # nothing queued
    return caught.value


def test_run_refused_without_a_business_meeting_session(programme, staff):
    factories.SeminarFactory(programme=programme)
    error = _refusal(programme, staff)
    assert error.code == "no_session"
    assert str(error.message) == (
        "The programme has no business-meeting session with meeting slots: add one (with its "
        "meeting length and meetings per day) first."
    )


def test_run_refused_without_selected_companies(programme, staff):
    factories.ActivityFactory(programme=programme)
    error = _refusal(programme, staff)
    assert (error.code, str(error.message)) == (
        "no_participants",
        "No overseas company is selected and taking part.",
    )
    factories.OverseasParticipantFactory(application__programme=programme)
    # A Japanese company that has not confirmed does not take part yet.
    factories.DomesticParticipantFactory(application__programme=programme, response="")
    error = _refusal(programme, staff)
    assert str(error.message) == "No Japanese company has confirmed its participation."


def test_run_refused_without_a_positive_score(scenario, staff):
    scenario.programme.meeting_requests.update(preference="no")
    error = _refusal(scenario.programme, staff)
    assert (error.code, str(error.message)) == (
        "no_positive_score",
        "No pair of companies has a positive score: collect meeting requests or adviser scores "
        "first.",
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"domestic_min_meetings": 3, "domestic_max_meetings": 2},
         "The minimum of 3 meetings per Japanese company is more than the maximum of 2."),
        ({"domestic_min_meetings": 8},
         "The minimum of 8 meetings per Japanese company is more than the 7 slots of all "
         "sessions together."),
        ({"domestic_min_meetings": 4},  # 4 × 4 companies, but 2 tables × 7 slots
         "The Japanese companies' minimums need 16 meetings, but the overseas companies have "
         "room for 14 at most."),
        ({"domestic_min_meetings": 3, "overseas_max_per_day": 2},
         "The Japanese companies' minimums need 12 meetings, but the overseas companies have "
         "room for 8 at most."),
    ],
)  # fmt: skip
def test_run_refused_with_contradictory_settings(scenario, staff, values, message):
    factories.SchedulingSettingsFactory(programme=scenario.programme, **values)
    error = _refusal(scenario.programme, staff)
    assert (error.code, str(error.message)) == ("contradictory_settings", message)


def test_run_refused_when_the_pool_lacks_a_language(scenario, staff):
    factories.SchedulingSettingsFactory(programme=scenario.programme, interpreter_mode="pool")
    scenario.programme.overseas_tables.update(language="vi")
    error = _refusal(scenario.programme, staff)
    assert str(error.message) == "The interpreter pool has nobody for vi."


def test_run_refused_with_a_bad_time_limit(scenario, staff):
    with pytest.raises(SchedulingError) as caught:
        services.schedule_run_start(scenario.programme, by=staff, time_limit=0)
    assert str(caught.value.message) == (
        "The time limit must be a whole number of seconds from 1 to 3600."
    )


def test_run_is_queued_as_a_job_and_stores_a_draft(
    scenario, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.schedule_run_start(scenario.programme, by=staff, time_limit=10)
    run.refresh_from_db()
    job = run.job
    assert run.status == ScheduleRun.Status.SUCCEEDED, run.message
    assert (job.status, job.kind, job.progress, job.total) == ("succeeded", "schedule_run", 4, 4)
    assert set(run.timings) == {"build", "solve", "validate", "save"}
    schedule = run.schedule
    assert (schedule.status, schedule.run, schedule.created_by) == ("draft", run, staff)
    quality = schedule.quality
    # 2 overseas × 4 Japanese pairs of score 4: every pair meets once, the bound is reached.
    assert quality["meetings"] == 8 == schedule.meetings.count()
    assert (quality["objective"], quality["upper_bound"], quality["ratio"]) == (32, 32, 1.0)
    assert quality["per_company"]["domestic"] == {"min": 2, "mean": 2.0, "max": 2}
    assert quality["no_meeting"] == [] and quality["unmet_must"] == []
    assert schedule.instance["scores"] and schedule.slot_map["slots"][0]["slot"] == 0
    slots = {s["slot"]: s for s in schedule.slot_map["slots"]}
    tables = dict(OverseasTable.objects.values_list("company_id", "number"))
    interpreters = dict(OverseasTable.objects.values_list("company_id", "interpreter_id"))
    for meeting in schedule.meetings.select_related("table", "activity"):
        assert meeting.table.number == tables[meeting.overseas_id]
        assert meeting.table.activity_id == meeting.activity_id == slots[meeting.slot]["activity"]
        assert meeting.starts_at.isoformat() == slots[meeting.slot]["starts_at"]
        assert meeting.interpreter_id == interpreters[meeting.overseas_id]
        assert (meeting.score, meeting.origin, meeting.status) == (4, "optimiser", "planned")


def test_task_run_twice_stores_one_draft(scenario, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.schedule_run_start(scenario.programme, by=staff, time_limit=10)
    task.delay(run_id=run.pk)  # delivered again
    task.delay(run_id=10**6)  # a run that is gone: nothing happens
    assert Schedule.objects.count() == 1
    assert Meeting.objects.count() == 8
    run.refresh_from_db()
    assert run.status == "succeeded"


def test_failed_run_leaves_earlier_drafts_untouched(scenario, staff):
    first = services.schedule_run_execute(
        services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    )
    earlier = list(first.schedule.meetings.values_list("pk", "slot", "overseas", "domestic"))
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    # Between queuing and running, the sessions become seminars: the run cannot build.
    Activity.objects.filter(programme=scenario.programme).update(kind="seminar")
    run = services.schedule_run_execute(run)
    assert run.status == ScheduleRun.Status.FAILED
    assert run.message.startswith("The programme has no business-meeting session")
    assert run.schedule is None and run.finished_at is not None
    assert list(Schedule.objects.values_list("pk", flat=True)) == [first.schedule.pk]
    assert list(first.schedule.meetings.values_list("pk", "slot", "overseas", "domestic")) == (
        earlier
    )


def test_run_that_breaks_while_saving_writes_nothing(scenario, staff, monkeypatch):
    """A failure in the middle of saving (as when a worker dies) leaves no half schedule."""
    run = services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    calls = []
    real = Meeting.objects.bulk_create

    def broken(rows, **kwargs):
        calls.append(len(rows))
        real(rows[:3], **kwargs)
        raise RuntimeError("worker lost")

    monkeypatch.setattr(Meeting.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.schedule_run_execute(run)
    assert calls == [8]
    assert not Schedule.objects.exists() and not Meeting.objects.exists()
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.message == "Failed while saving the draft: RuntimeError: worker lost"


def test_pool_mode_gives_each_meeting_a_free_interpreter_of_its_language(scenario, staff):
    programme = scenario.programme
    factories.SchedulingSettingsFactory(programme=programme, interpreter_mode="pool")
    programme.overseas_tables.update(language="vi")
    pool = [factories.PoolInterpreterFactory(programme=programme, language="vi")]
    run = services.schedule_run_execute(
        services.schedule_run_create(programme, by=staff, time_limit=10)
    )
    assert run.status == "succeeded", run.message
    meetings = list(run.schedule.meetings.all())
    # One interpreter for two tables: never two meetings in a slot.
    assert len(meetings) == 7
    assert {m.interpreter_id for m in meetings} == {pool[0].user_id}
    assert len({m.slot for m in meetings}) == 7


def test_publish_supersedes_the_previous_and_tells_every_participant(
    scenario, staff, django_capture_on_commit_callbacks
):
    scenario.interpreters[0].email = "interp1@example.org"
    scenario.interpreters[0].language = "ru"
    scenario.interpreters[0].save()
    first = services.schedule_run_execute(
        services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    ).schedule
    second = services.schedule_run_execute(
        services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    ).schedule
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(first, by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(second, by=staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "published")
    assert (second.published_by, second.published_at is not None) == (staff, True)
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(
        [c.contact_email for c in scenario.overseas + scenario.domestic]
        + [u.email for u in scenario.interpreters]
    )
    assert recipients == expected
    japanese = next(m for m in mail.outbox if m.to == [scenario.domestic[0].contact_email])
    slug, jp_id = scenario.programme.slug, scenario.domestic[0].pk
    assert "Naniwa Seiko 1" in japanese.body
    assert f"/programmes/{slug}/agenda/company/{jp_id}/" in japanese.body
    assert japanese.subject.endswith("中小企業経営者ネットワーク強化事業")  # in Japanese
    russian = next(m for m in mail.outbox if m.to == ["interp1@example.org"])
    assert f"/programmes/{slug}/agenda/interpreter/{scenario.interpreters[0].pk}/" in russian.body
    with pytest.raises(SchedulingError) as caught:
        services.schedule_publish(first, by=staff)
    assert str(caught.value.message) == (
        "Only a draft can be published; this schedule is superseded."
    )


@pytest.mark.parametrize(
    ("overseas", "domestic", "slot", "table", "interpreter", "refused_by"),
    [
        ("A", "Y", 0, 2, None, "overseas"),
        ("B", "X", 0, 2, None, "domestic"),
        ("B", "Y", 0, 1, None, "table"),
        ("B", "Y", 0, 2, "I", "interpreter"),
        ("A", "X", 1, 1, None, "pair"),
    ],
)
def test_database_refuses_double_booking(
    scenario, overseas, domestic, slot, table, interpreter, refused_by
):
    schedule = factories.ScheduleFactory(programme=scenario.programme)
    session = scenario.sessions[0]
    companies = {"A": scenario.overseas[0], "B": scenario.overseas[1],
                 "X": scenario.domestic[0], "Y": scenario.domestic[1]}  # fmt: skip
    tables = {n: factories.TableFactory(activity=session, number=n) for n in (1, 2)}
    people = {"I": scenario.interpreters[0], None: None}

    def meeting(o, d, s, t, i, **extra):
        slot_ = session.slots()[s]
        return Meeting.objects.create(
            schedule=schedule, overseas=companies[o], domestic=companies[d], activity=session,
            table=tables[t], slot=s, starts_at=slot_.starts_at, ends_at=slot_.ends_at,
            interpreter=people[i], **extra,
        )  # fmt: skip

    first = meeting("A", "X", 0, 1, "I")
    columns = {
        "overseas": "meeting.slot, scheduling_meeting.overseas_id",
        "domestic": "meeting.slot, scheduling_meeting.domestic_id",
        "table": "meeting.slot, scheduling_meeting.table_id",
        "interpreter": "meeting.slot, scheduling_meeting.interpreter_id",
        "pair": "schedule_id, scheduling_meeting.overseas_id, scheduling_meeting.domestic_id",
    }
    names = {
        "overseas": "meeting_overseas_once_per_slot",
        "domestic": "meeting_domestic_once_per_slot",
        "table": "meeting_table_once_per_slot",
        "interpreter": "meeting_interpreter_once_per_slot",
        "pair": "meeting_pair_once",
    }
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        meeting(overseas, domestic, slot, table, interpreter)
    text = str(caught.value)
    assert names[refused_by] in text or columns[refused_by] in text  # PostgreSQL or SQLite
    # A cancelled meeting no longer holds its slot, its table or its pair.
    Meeting.objects.filter(pk=first.pk).update(status="cancelled")
    assert meeting(overseas, domestic, slot, table, interpreter).pk
    assert meeting("B", "Y", 3, 2, None, status="no_show").pk  # a no-show holds nothing


def test_a_session_with_meetings_cannot_be_deleted(scenario, staff, client):
    run = services.schedule_run_execute(
        services.schedule_run_create(scenario.programme, by=staff, time_limit=10)
    )
    session = scenario.sessions[0]
    count = run.schedule.meetings.filter(activity=session).count()
    assert count > 1
    from programmes import services as programme_services
    from programmes.exceptions import ProgrammeError

    with pytest.raises(ProgrammeError) as caught:
        programme_services.activity_delete(session, by=staff)
    assert str(caught.value.message) == (
        f"“Osaka meetings” cannot be deleted: {count} meetings of a schedule take place in it. "
        "Move or remove them first."
    )
    client.force_login(staff)
    url = f"/programmes/{scenario.programme.slug}/activities/{session.pk}/delete/"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/activities/{session.pk}/")
    assert "cannot be deleted" in response.content.decode()
    assert Activity.objects.filter(pk=session.pk).exists()
    assert run.schedule.meetings.count() == 8
    # With its schedule gone, the session can go.
    run.schedule.delete()
    programme_services.activity_delete(session, by=staff)
    assert not Activity.objects.filter(pk=session.pk).exists()
