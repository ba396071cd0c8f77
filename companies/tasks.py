"""Thin tasks: fetch the job, return quietly if it is gone, run one service. Safe to run twice
(the services claim the job with job_start and check the upload's status first); transient
errors are retried (core.tasks.RETRY)."""

from celery import shared_task

from core.models import Job
from core.tasks import RETRY


@shared_task(name="companies.import_preview_run", **RETRY)
def import_preview_run(*, job_id: int) -> None:
    from .services import imports

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    imports.import_preview_run(job, worker=import_preview_run.request.hostname or "")


@shared_task(name="companies.import_apply_run", **RETRY)
def import_apply_run(*, job_id: int) -> None:
    from .services import imports

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    imports.import_apply_run(job, worker=import_apply_run.request.hostname or "")
