"""Checks behind /healthz: the database, the cache, the broker and the worker."""

import logging
import time

from django.conf import settings
from django.db import connection

from .worker import read_heartbeat

logger = logging.getLogger(__name__)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - health checks report, never raise
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)[:300]}


def check_cache() -> dict:
    """Write a value and read it back: Redis when CACHE_URL points to it (rate limits and the
    worker's heartbeat live there), the file or locmem cache otherwise."""
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        probe = f"healthz:{time.time()}"
        cache.set("smematch:healthz", probe, timeout=30)
        if cache.get("smematch:healthz") != probe:
            return {"ok": False, "backend": backend, "error": "the cache did not keep a value"}
        return {"ok": True, "backend": backend}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "backend": backend, "error": str(exc)[:300]}


def check_broker() -> dict:
    from config.celery import app

    transport = settings.CELERY_BROKER_URL.split("://", 1)[0]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "transport": "eager"}
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if transport == "filesystem":
                folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
                conn.default_channel  # noqa: B018 - opening a channel proves the folder works
                return {"ok": True, "transport": transport, "folder": str(folder)}
        return {"ok": True, "transport": transport}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "transport": transport, "error": str(exc)[:300]}


def check_worker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    try:
        beat = read_heartbeat()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:300]}
    if not beat:
        return {"ok": False, "error": "no worker has reported a heartbeat"}
    age = max(0.0, time.time() - beat["at"])
    ok = age <= settings.WORKER_HEARTBEAT_STALE_SECONDS
    result = {"ok": ok, "hostname": beat["hostname"], "last_seen_seconds": round(age, 1)}
    if not ok:
        result["error"] = "the last heartbeat is too old"
    return result


def health_report(*, details: bool = False) -> tuple[dict, bool]:
    """The state of each part ("ok" or "down"), for anyone (a load balancer, a monitor).

    Only with `details` (for agency staff) does it say more: the database vendor, the cache
    backend, the broker transport, error texts, the worker's host name and the age of its
    heartbeat. Error texts name hosts, ports and paths, so everyone else gets the states only;
    a failing check is logged with its details instead.
    """
    checks = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
        "worker": check_worker(),
    }
    healthy = all(check["ok"] for check in checks.values())
    for name, check in checks.items():
        if not check["ok"]:
            logger.warning("health check %s failed: %s", name, check.get("error", ""))
    states = {name: "ok" if check["ok"] else "down" for name, check in checks.items()}
    if not details:
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    return {"status": "ok" if healthy else "error", **states, "checks": checks}, healthy
