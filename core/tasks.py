from celery import shared_task


@shared_task(name="core.ping")
def ping(*, echo: str = "pong") -> str:
    """A trivial task for checking that a worker consumes the queue."""
    return echo
