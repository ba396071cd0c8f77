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
