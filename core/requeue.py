"""Background jobs saved but never started: queue their task again.

A service saves its job (core.models.Job) and queues the task once the transaction commits
(core.tasks.enqueue_on_commit). When the broker (Redis) is down at that moment, the message is
lost and the job stays queued. Every minute (beat: core.jobs_requeue; by hand:
`manage.py jobs_requeue`) the jobs still queued `JOB_REQUEUE_AFTER_SECONDS` after they were
saved are queued again. The message may in fact be there, only late (a long queue): the task
claims its job (or run, or report) once, so a second message does nothing; and a job is queued
again at most once per its age (at 2, 4, 8, 16 ... minutes), so a long queue is not doubled.

core does not import the apps: each app registers the kinds of job it queues, and how its
task is called, in its AppConfig.ready (`requeue_register`).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

# Why reading jobs without a user is safe here (core/scoping.py).
SWEEP = "the sweeper queues the task of every job left queued; it shows nothing to anyone"
# At most this many jobs queued again per sweep (oldest first); the next sweep takes the rest.
BATCH = 500

_KINDS: dict[str, tuple[object, Callable[[Job], dict]]] = {}


def _by_job_id(job: Job) -> dict:
    return {"job_id": job.pk}


def requeue_register(kind: str, task, *, kwargs: Callable[[Job], dict] = _by_job_id) -> None:
    """Jobs of `kind` left queued are queued again as `task.delay(**kwargs(job))`."""
    _KINDS[kind] = (task, kwargs)


def requeue_kinds() -> dict[str, str]:
    """Each registered kind of job and the name of its task."""
    return {kind: task.name for kind, (task, _kwargs) in _KINDS.items()}


def jobs_requeue(*, now: datetime | None = None) -> list[int]:
    """Queue again the task of every registered job still queued past the grace period (and
    not queued again within its age). Returns the ids of the jobs queued again. A broker still
    down raises (the job is not marked: the next sweep tries again)."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS)
    jobs = (
        Job.objects.unscoped(SWEEP)
        .filter(status=Job.Status.QUEUED, created_at__lt=now - grace, kind__in=list(_KINDS))
        .order_by("created_at", "pk")
        .only("pk", "kind", "params", "created_at")[:BATCH]
    )
    requeued = []
    for job in jobs:
        age = max(grace, now - job.created_at)
        key = f"smematch:requeue:{job.pk}:{job.created_at.timestamp()}"
        if not cache.add(key, 1, timeout=int(age.total_seconds())):
            continue  # queued again less than its age ago: its message may still be waiting
        task, kwargs = _KINDS[job.kind]
        try:
            task.delay(**kwargs(job))
        except BaseException:
            cache.delete(key)
            raise
        logger.warning("Queued %s #%s again: it was still queued after %s.", job.kind, job.pk, age)
        requeued.append(job.pk)
    return requeued
