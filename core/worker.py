"""A worker bootstep that records a heartbeat, so /healthz can tell whether a worker is alive.

It works with every broker, including the demo's filesystem transport, which has no remote control.
"""

import logging
import time

from celery import bootsteps

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "smematch:worker-heartbeat"


def record_heartbeat(hostname: str) -> None:
    from django.conf import settings
    from django.core.cache import cache

    cache.set(
        HEARTBEAT_KEY,
        {"hostname": hostname, "at": time.time()},
        timeout=settings.WORKER_HEARTBEAT_STALE_SECONDS * 4,
    )


def read_heartbeat() -> dict | None:
    from django.core.cache import cache

    return cache.get(HEARTBEAT_KEY)


class HeartbeatStep(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        hostname = worker.hostname

        def beat():
            try:
                record_heartbeat(hostname)
            except Exception:  # a failing cache must not stop the worker
                logger.warning("could not record the worker heartbeat", exc_info=True)

        beat()
        self.tref = worker.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, beat)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
