"""/healthz (core/health.py, core/worker.py) and the demo loader (load_demo)."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from kombu.asynchronous.timer import Timer

from core.models import Organisation, User
from core.worker import HEARTBEAT_KEY, HeartbeatStep, read_heartbeat, record_heartbeat
from programmes.management.commands.load_demo import DEMO_PASSWORD
from programmes.models import (
    Activity,
    Programme,
    ProgrammeOrganisation,
    ProgrammeRole,
    Role,
    Table,
    Venue,
)
from programmes.rules import roles_in_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_worker(settings):
    """As in production: a broker (kombu's in-memory transport here) and a separate worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


@pytest.fixture
def staff_client(client, staff):
    """/healthz as agency staff see it: with the details."""
    client.force_login(staff)
    return client


def test_healthz_is_ok_with_eager_celery(staff_client):
    response = staff_client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
        "checks": {
            "database": {"ok": True, "vendor": connection.vendor},
            "cache": {"ok": True, "backend": "LocMemCache"},
            "broker": {"ok": True, "transport": "eager"},
            "worker": {"ok": True, "mode": "eager"},
        },
    }


def test_healthz_tells_anonymous_callers_the_states_only(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
        "checks": {
            "database": {"ok": True},
            "cache": {"ok": True},
            "broker": {"ok": True},
            "worker": {"ok": True},
        },
    }


BROKEN_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_hides_errors_and_the_worker_host_from_anonymous_callers(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKEN_BROKER
    record_heartbeat("celery@secret-worker-host")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "ok",
        "broker": "down",
        "worker": "ok",
        "checks": {
            "database": {"ok": True},
            "cache": {"ok": True},
            "broker": {"ok": False},
            "worker": {"ok": True},
        },
    }
    text = response.content.decode()
    assert "secret-worker-host" not in text
    assert "127.0.0.1" not in text
    assert "redis" not in text


def test_healthz_hides_the_details_from_signed_in_users_who_are_not_staff(client, settings):
    from tests import factories

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKEN_BROKER
    record_heartbeat("celery@secret-worker-host")
    client.force_login(factories.UserFactory(username="counterpart"))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"ok": True},
        "cache": {"ok": True},
        "broker": {"ok": False},
        "worker": {"ok": True},
    }
    assert "secret-worker-host" not in response.content.decode()


def test_healthz_logs_the_error_it_does_not_show(client, settings, caplog):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKEN_BROKER
    record_heartbeat("celery@worker-1")

    with caplog.at_level("WARNING", logger="core.health"):
        client.get("/healthz")

    logged = [r.getMessage() for r in caplog.records if r.name == "core.health"]
    assert len(logged) == 1
    assert logged[0].startswith("health check broker failed: ")
    assert "127.0.0.1:1" in logged[0]


def test_healthz_fails_the_worker_check_without_a_heartbeat(staff_client, with_worker):
    response = staff_client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"] == {"ok": True, "transport": "memory"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"] == {
        "ok": False,
        "error": "no worker has reported a heartbeat",
    }


def test_healthz_is_ok_with_a_fresh_heartbeat(staff_client, with_worker):
    record_heartbeat("celery@worker-1")

    response = staff_client.get("/healthz")

    assert response.status_code == 200
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is True
    assert worker["hostname"] == "celery@worker-1"
    assert 0 <= worker["last_seen_seconds"] < 5


def test_healthz_fails_the_worker_check_with_a_stale_heartbeat(staff_client, settings, with_worker):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 45
    cache.set(HEARTBEAT_KEY, {"hostname": "celery@worker-1", "at": time.time() - 60})

    response = staff_client.get("/healthz")

    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False
    assert worker["error"] == "the last heartbeat is too old"
    assert worker["hostname"] == "celery@worker-1"
    assert 59 <= worker["last_seen_seconds"] < 65


def test_healthz_judges_staleness_by_the_setting(client, settings, with_worker):
    cache.set(HEARTBEAT_KEY, {"hostname": "celery@worker-1", "at": time.time() - 20})

    settings.WORKER_HEARTBEAT_STALE_SECONDS = 30
    assert client.get("/healthz").status_code == 200

    settings.WORKER_HEARTBEAT_STALE_SECONDS = 10
    assert client.get("/healthz").status_code == 503


def test_healthz_fails_the_broker_check_when_the_broker_is_unreachable(staff_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    record_heartbeat("celery@worker-1")

    response = staff_client.get("/healthz")

    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert broker["ok"] is False
    assert broker["transport"] == "redis"
    assert broker["error"]
    assert response.json()["checks"]["worker"]["ok"] is True


def test_record_heartbeat_keeps_the_entry_longer_than_the_stale_limit(settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 45

    record_heartbeat("celery@worker-2")

    beat = read_heartbeat()
    assert beat["hostname"] == "celery@worker-2"
    assert abs(beat["at"] - time.time()) < 5


def test_heartbeat_step_beats_on_start_and_stops_its_timer(settings):
    cache.delete(HEARTBEAT_KEY)
    timer = Timer()
    worker = SimpleNamespace(hostname="celery@step-test", timer=timer)
    step = HeartbeatStep(worker)
    try:
        step.start(worker)
        assert read_heartbeat()["hostname"] == "celery@step-test"
        assert step.tref is not None

        step.stop(worker)
        assert step.tref is None
    finally:
        timer.stop()


# --- load_demo ------------------------------------------------------------------------------


def demo_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "programmes": Programme.objects.count(),
        "activities": Activity.objects.count(),
        "tables": Table.objects.count(),
        "venues": Venue.objects.count(),
        "organisation invitations": ProgrammeOrganisation.objects.count(),
        "people invitations": ProgrammeRole.objects.count(),
    }


def test_load_demo_runs_twice_without_duplicating_rows():
    call_command("load_demo", "--quiet")
    first = demo_counts()

    call_command("load_demo", "--quiet")

    assert demo_counts() == first
    assert first == {
        "organisations": 11,
        "users": 13,
        "programmes": 3,
        "activities": 16,
        "tables": 4 * 20 + 9 + 12,  # four sessions in the CEO week, one each in the others
        "venues": 8,
        "organisation invitations": 5,
        "people invitations": 11,  # four advisers in the CEO Network project
    }


def test_load_demo_stores_times_in_utc_from_programme_local_times():
    call_command("load_demo", "--quiet")

    osaka = Activity.objects.get(title="Business meetings, Osaka (day 1)")
    brussels = Activity.objects.get(title="Business meetings, Brussels")
    assert osaka.starts_at.isoformat() == "2027-02-15T04:00:00+00:00"  # 13:00 in Tokyo
    assert brussels.starts_at.isoformat() == "2027-05-18T12:00:00+00:00"  # 14:00 in Brussels
    assert [s.starts_at.isoformat() for s in brussels.slots()[:2]] == [
        "2027-05-18T12:00:00+00:00",
        "2027-05-18T12:25:00+00:00",
    ]
    assert brussels.tables.count() == 12


def test_load_demo_prints_the_logins(capsys):
    call_command("load_demo")

    out = capsys.readouterr().out
    assert f"password for all: {DEMO_PASSWORD}" in out
    assert "counterpart-ru" in out


def test_load_demo_users_sign_in_with_the_demo_password(client):
    call_command("load_demo", "--quiet")

    response = client.post("/accounts/login/", {"username": "staff", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/programmes/").status_code == 200


@pytest.mark.parametrize("role", Role.values)
def test_load_demo_gives_each_role_to_a_user(role):
    call_command("load_demo", "--quiet")

    holders = {
        user.username
        for user in User.objects.all()
        for programme in Programme.objects.all()
        if role in roles_in_programme(user, programme)
    }

    assert holders, f"no demo user has the role {role}"
