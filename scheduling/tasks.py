from celery import shared_task

from core.tasks import RETRY, once


@shared_task(name="scheduling.schedule_run_execute", **RETRY)
def schedule_run_execute(*, run_id: int) -> None:
    """Run one schedule run; a run already started or finished is left alone."""
    from . import services
    from .models import ScheduleRun

    run = ScheduleRun.objects.filter(pk=run_id).select_related("programme").first()
    if run is None:
        return
    services.schedule_run_execute(run, worker=schedule_run_execute.request.hostname or "")


@shared_task(name="scheduling.agenda_day_bundle_run", **RETRY)
def agenda_day_bundle_run(*, job_id: int) -> None:
    """Staff's PDF of all agendas of a day (scheduling/agenda_jobs.py); safe to run twice."""
    from core.models import Job

    from .agenda_jobs import agenda_day_bundle_run as run

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    run(job, worker=agenda_day_bundle_run.request.hostname or "")


@shared_task(name="scheduling.request_reminder_send", **RETRY)
def request_reminder_send(*, programme_id: int, company_id: int) -> None:
    """Remind one company to answer the meeting requests; safe to run twice (one e-mail)."""
    from companies.models import Company
    from programmes.models import Programme

    from .services.reminders import request_reminder_send as send

    programme = Programme.objects.filter(pk=programme_id).first()
    company = Company.objects.filter(pk=company_id).first()
    if programme is None or company is None:
        return
    send(programme, company)


@shared_task(name="scheduling.agenda_changed_notify", **RETRY)
def agenda_changed_notify(*, schedule_id: int, kind: str, pk: int, key: str = "") -> None:
    """Tell one participant their agenda changed (scheduling/services/meetings.py). Keyed by the
    change (`key`, one per change and participant): the same change is told once."""
    from .models import Schedule
    from .services.meetings import agenda_changed_notify as notify

    schedule = Schedule.objects.filter(pk=schedule_id).select_related("programme").first()
    if schedule is None or schedule.status != Schedule.Status.PUBLISHED:
        return
    if not key:  # queued before changes had keys
        notify(schedule, kind=kind, pk=pk)
        return
    with once(f"agenda-changed:{key}:{kind}:{pk}") as first:
        if first:
            notify(schedule, kind=kind, pk=pk)
