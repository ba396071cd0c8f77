"""A live Celery worker against the real PostgreSQL test database and Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from core.worker import read_heartbeat
from tests.services import port_open, require

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def services_up():
    db = settings.DATABASES["default"]
    require(db["ENGINE"].endswith("postgresql"), "PostgreSQL (DATABASE_URL=postgres://...)")
    require(port_open(db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)), "PostgreSQL")
    broker = urlparse(settings.CELERY_BROKER_URL)
    require(broker.scheme == "redis", "Redis as the broker (CELERY_BROKER_URL=redis://...)")
    require(port_open(broker.hostname or "127.0.0.1", broker.port or 6379), "Redis")
    _forget_earlier_messages()


# Kombu's Redis keys for the default queue and the messages workers took but never acknowledged.
QUEUE_KEYS = ("celery", "unacked", "unacked_index", "unacked_mutex")


def _forget_earlier_messages() -> None:
    """An earlier run's messages (a worker killed on purpose leaves one unacknowledged; Redis
    keeps them across runs) would reach this run's workers: drop them once, before the first
    test. Only the Celery queue's keys in the broker's own database are removed."""
    from config.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.client.delete(*QUEUE_KEYS)


def start_worker(**extra_env: str) -> subprocess.Popen:
    """Start a real worker process on the test database (its output in
    var/integration-worker.log) and wait for its heartbeat. `extra_env`: settings for it alone."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.integration",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        **extra_env,
    }
    log = open(ROOT / "var" / "integration-worker.log", "ab")  # noqa: SIM115
    started = time.time()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-mingle",
            "--without-gossip",
            "--hostname=integration@%h",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        beat = read_heartbeat()
        # This worker's beat: one of an earlier (killed) worker is older than its start.
        if beat and beat["hostname"].startswith("integration@") and beat["at"] >= started:
            break
        if process.poll() is not None:
            pytest.fail(
                f"the Celery worker exited with {process.returncode}; "
                "see var/integration-worker.log"
            )
        time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the Celery worker did not report a heartbeat within 60 s")
    return process


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    process.log.close()


@pytest.fixture
def celery_worker(services_up, transactional_db):
    """Start a real worker process on the test database; stop it after the test."""
    process = start_worker()
    yield process
    stop_worker(process)
