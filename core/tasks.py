"""What every task shares: the transient errors it retries, and how it stays safe to run twice.

Faults (docs/security.md): a message is acknowledged only after its task finished
(CELERY_TASK_ACKS_LATE) and given back to the queue when its worker died
(CELERY_TASK_REJECT_ON_WORKER_LOST, Redis' visibility timeout), so any task may run twice. Each
one is keyed by its job: a background job (core.models.Job) is claimed once by job_start, a
schedule run by its status, an e-mail by the row that records it went out (or by once() below).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import kombu.exceptions
import redis.exceptions
from celery import current_task, shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction

# A database, broker or cache that is briefly gone: worth a few more tries, later.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)
# Bounded: 5 more tries, 10 s, 20 s, 40 s, ... (jittered, at most 10 minutes apart); then the
# error is logged and the job's own status says what happened.
RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "max_retries": 5,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}
ONCE_TIMEOUT = 7 * 24 * 3600


def redelivered() -> bool:
    """The running task's message came back from the broker: the worker that took it first
    died (or lost it) before it finished. False outside a task."""
    # current_task is a proxy: it is never None itself, but it is false when no task runs.
    task = current_task._get_current_object() if current_task else None
    if task is None or task.request is None or task.request.called_directly:
        return False
    return bool((task.request.delivery_info or {}).get("redelivered"))


def enqueue_on_commit(task, **kwargs) -> None:
    """Queue `task` with `kwargs` once the surrounding transaction commits. Robust: when the
    broker cannot take the message (Redis down), the error is logged (logger
    "django.db.backends.base", naming the task and its arguments) and the request that saved
    the row still succeeds; the row stays queued and the sweeper (core.requeue.jobs_requeue,
    every minute) queues it again once the broker is back."""

    def enqueue():
        task.delay(**kwargs)

    enqueue.__qualname__ = f"enqueue_on_commit({task.name}, {kwargs})"
    transaction.on_commit(enqueue, robust=True)


@contextmanager
def once(key: str) -> Iterator[bool]:
    """Yields whether the work keyed by `key` is still to be done, and marks it done (atomically,
    in the shared cache). When the work raises, the mark is taken back so that a retry does it."""
    key = f"smematch:once:{key}"
    first = cache.add(key, 1, timeout=ONCE_TIMEOUT)
    try:
        yield first
    except BaseException:
        if first:
            cache.delete(key)
        raise


@shared_task(name="core.jobs_requeue", **RETRY)
def jobs_requeue() -> int:
    """Beat, every minute: queue again the background jobs saved but never started (their
    message was lost: the broker was down when they were queued). Safe to run twice."""
    from .requeue import jobs_requeue as requeue

    return len(requeue())


@shared_task(name="core.ping")
def ping(*, echo: str = "pong") -> str:
    """A trivial task for checking that a worker consumes the queue."""
    return echo
