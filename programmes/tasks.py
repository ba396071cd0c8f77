from celery import shared_task

from core.models import Job
from core.tasks import RETRY


@shared_task(name="programmes.programme_export_run", **RETRY)
def programme_export_run(*, job_id: int) -> None:
    """Build one programme export; a job already claimed or finished is left alone."""
    from . import services

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    services.programme_export_run(job, worker=programme_export_run.request.hostname or "")
