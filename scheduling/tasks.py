from celery import shared_task


@shared_task(name="scheduling.schedule_run_execute")
def schedule_run_execute(*, run_id: int) -> None:
    """Run one schedule run; a run already started or finished is left alone."""
    from . import services
    from .models import ScheduleRun

    run = ScheduleRun.objects.filter(pk=run_id).select_related("programme").first()
    if run is None:
        return
    services.schedule_run_execute(run, worker=schedule_run_execute.request.hostname or "")


@shared_task(name="scheduling.agenda_day_bundle_run")
def agenda_day_bundle_run(*, job_id: int) -> None:
    """Staff's PDF of all agendas of a day (scheduling/agenda_jobs.py); safe to run twice."""
    from core.models import Job

    from .agenda_jobs import agenda_day_bundle_run as run

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    run(job, worker=agenda_day_bundle_run.request.hostname or "")
