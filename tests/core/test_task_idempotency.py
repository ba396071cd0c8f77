"""Every task may run twice (a message given back after its worker died, a retry): each one is
keyed by its job or its e-mail row and has one effect. The tasks are called the way the worker
calls them (`task.apply`, i.e. through Celery's tracer, with its retries)."""

from datetime import UTC, datetime

import pytest
from celery._state import _task_stack
from django.conf import settings
from django.core import mail
from django.db import transaction

from companies.models import Application, ApplicationEvent, ImportBatch, ImportRow
from companies.services import imports
from companies.tasks import import_apply_run, import_preview_run
from core import services as jobs
from core.models import Job
from core.tasks import RETRY, TRANSIENT_ERRORS
from matching.tasks import decision_notify
from programmes.models import Role
from programmes.services import programme_export_start
from programmes.tasks import programme_export_run
from scheduling import services as scheduling
from scheduling.agenda_jobs import agenda_day_bundle_start
from scheduling.models import Meeting, RequestReminder, Schedule
from scheduling.tasks import (
    agenda_changed_notify,
    agenda_day_bundle_run,
    request_reminder_send,
    schedule_run_execute,
)
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row
from tests.scheduling.conftest import make_scenario
from tests.scheduling.test_request_pages import window

pytestmark = pytest.mark.django_db


def twice(task, **kwargs) -> None:
    for _ in range(2):
        result = task.apply(kwargs=kwargs)
        assert result.successful(), result.traceback


def test_the_celery_settings_acknowledge_late_and_give_back_a_lost_task():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    from config.celery import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_retries_transient_errors_a_bounded_number_of_times():
    from config.celery import app

    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert "companies.import_apply_run" in ours and "scheduling.schedule_run_execute" in ours
    for name, task in ours.items():
        if name == "core.ping":
            continue
        assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for), name
        assert 0 < task.max_retries <= RETRY["max_retries"], name
        assert task.retry_backoff, name


def _upload():
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    user = factories.UserFactory(username="vcci", organisation=org)
    data = csv_bytes([vn_row(n) for n in range(1, 1201)])
    assert len(data) > imports.INLINE_BYTES  # read by the worker
    batch = imports.import_upload(
        programme, organisation=org, by=user, filename="big.csv", data=data
    )
    return batch, user


def test_an_import_preview_and_apply_run_twice_write_each_row_once():
    batch, user = _upload()
    assert batch.status == ImportBatch.Status.READING

    twice(import_preview_run, job_id=batch.job_id)

    batch.refresh_from_db()
    assert (batch.status, batch.new_count) == ("preview", 1200)
    assert ImportRow.objects.filter(batch=batch).count() == 1200
    batch = imports.import_confirm(batch, by=user)
    assert batch.status == ImportBatch.Status.APPLYING

    twice(import_apply_run, job_id=batch.job_id)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Application.objects.filter(programme=batch.programme).count() == 1200
    assert ApplicationEvent.objects.filter(kind="imported").count() == 1200
    job = Job.objects.get(pk=batch.job_id)
    assert job.message == "1200 rows: 1200 new, 0 to update, 0 unchanged, 0 with errors."


def test_a_programme_export_run_twice_builds_one_workbook():
    programme = factories.ProgrammeFactory()
    factories.ActivityFactory(programme=programme)
    job = programme_export_start(programme, by=factories.StaffUserFactory())

    programme_export_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    first = (job.status, job.result_file.name, job.finished_at)
    programme_export_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()

    assert first[0] == Job.Status.SUCCEEDED
    assert (job.status, job.result_file.name, job.finished_at) == first


def test_a_job_is_queued_only_once_its_transaction_commits(django_capture_on_commit_callbacks):
    programme = factories.ProgrammeFactory()
    factories.ActivityFactory(programme=programme)
    staff = factories.StaffUserFactory()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        job = programme_export_start(programme, by=staff)
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED  # not yet handed to the worker
    job.refresh_from_db()
    assert (len(queued), job.status) == (1, Job.Status.SUCCEEDED)

    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        programme_export_start(programme, by=staff)
        raise RuntimeError("rolled back")
    assert queued == []  # nothing queued for a job that was never committed
    assert Job.objects.count() == 1


@pytest.fixture
def scenario():
    return make_scenario(factories.ProgrammeFactory())


def test_a_schedule_run_run_twice_stores_one_draft(scenario):
    run = scheduling.schedule_run_create(
        scenario.programme, by=factories.StaffUserFactory(), time_limit=20
    )

    twice(schedule_run_execute, run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "succeeded", run.message
    assert list(Schedule.objects.values_list("run", flat=True)) == [run.pk]
    assert Meeting.objects.count() == 8


def _published(scenario):
    run = scheduling.schedule_run_execute(
        scheduling.schedule_run_create(
            scenario.programme, by=factories.StaffUserFactory(), time_limit=20
        )
    )
    schedule = run.schedule
    Schedule.objects.filter(pk=schedule.pk).update(status=Schedule.Status.PUBLISHED)
    schedule.refresh_from_db()
    return schedule


def test_an_agenda_bundle_run_twice_builds_one_pdf(scenario):
    schedule = _published(scenario)
    job = agenda_day_bundle_start(
        scenario.programme,
        schedule=schedule,
        day=scenario.programme.start_date,
        language="en",
        by=factories.StaffUserFactory(username="staff2"),
    )

    agenda_day_bundle_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    first = (job.status, job.result_file.name, job.finished_at)
    agenda_day_bundle_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()

    assert first[0] == Job.Status.SUCCEEDED, job.message
    assert (job.status, job.result_file.name, job.finished_at) == first


def test_an_agenda_change_told_twice_sends_one_email_per_change(scenario):
    schedule = _published(scenario)
    company = scenario.overseas[0]

    twice(agenda_changed_notify, schedule_id=schedule.pk, kind="company", pk=company.pk, key="a1")
    assert len(mail.outbox) == 1
    # Another change is told again.
    agenda_changed_notify.apply(
        kwargs={"schedule_id": schedule.pk, "kind": "company", "pk": company.pk, "key": "b2"}
    )
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Your meeting schedule changed")


def test_a_request_reminder_task_run_twice_sends_one_email(scenario):
    window(
        scenario.programme,
        opens=datetime(2020, 1, 1, tzinfo=UTC),
        closes=datetime(2099, 1, 1, tzinfo=UTC),
    )
    company = scenario.overseas[0]

    twice(request_reminder_send, programme_id=scenario.programme.pk, company_id=company.pk)

    assert len(mail.outbox) == 1
    assert RequestReminder.objects.filter(company=company).count() == 1


def test_a_decision_notify_task_run_twice_sends_one_email():
    decision = factories.DecisionFactory(
        application=factories.ApplicationFactory(status=Application.Status.SELECTED, eligible=True)
    )

    twice(decision_notify, decision_id=decision.pk)

    assert [m.to for m in mail.outbox] == [[decision.application.email]]
    decision.refresh_from_db()
    assert decision.notified_at is not None


# --- a job left running by a worker that died -------------------------------------------------


def _as_delivered(task, *, redelivered: bool):
    """What the worker sets up around a task: the task on Celery's stack, its message's
    delivery information in the request."""
    _task_stack.push(task)
    task.push_request(called_directly=False, delivery_info={"redelivered": redelivered})


def _done(task):
    task.pop_request()
    _task_stack.pop()


@pytest.mark.parametrize("redelivered", [False, True])
def test_a_running_job_is_taken_up_again_only_when_its_message_came_back(redelivered):
    batch, _user = _upload()
    job = Job.objects.get(pk=batch.job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, worker="dead@host")

    _as_delivered(import_preview_run, redelivered=redelivered)
    try:
        import_preview_run.run(job_id=job.pk)
    finally:
        _done(import_preview_run)

    job.refresh_from_db()
    batch.refresh_from_db()
    if redelivered:
        assert (job.status, batch.status) == (Job.Status.SUCCEEDED, "preview")
        assert ImportRow.objects.filter(batch=batch).count() == 1200
    else:  # another worker may still be on it: left alone
        assert (job.status, job.worker, batch.status) == ("running", "dead@host", "reading")
        assert not ImportRow.objects.filter(batch=batch).exists()


def test_a_finished_job_is_not_run_again_even_when_its_message_came_back():
    batch, _user = _upload()
    job = Job.objects.get(pk=batch.job_id)
    jobs.job_fail(job, message="stopped")

    _as_delivered(import_preview_run, redelivered=True)
    try:
        import_preview_run.run(job_id=job.pk)
    finally:
        _done(import_preview_run)

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "stopped")
    assert not ImportRow.objects.filter(batch=batch).exists()
