from celery import shared_task

from core.models import Job


@shared_task(name="programmes.programme_export_run")
def programme_export_run(*, job_id: int) -> None:
    from . import services

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    services.programme_export_run(job, worker=programme_export_run.request.hostname or "")
