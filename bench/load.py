"""A headless load test (locust) of gunicorn + PostgreSQL + Redis on this machine; prints figures.

    .venv/bin/python bench/load.py [--run-time 60] [--max-requests 30000] [--users 200]
                                   [--workers 3] [--warm-up 15] [--rebuild]

Needs the `bench` extra (`pip install -e '.[bench]'`: locust), PostgreSQL and Redis on the
loopback. It does everything itself:

1. creates the database of --database-url (default smematch_load on 127.0.0.1:5432) if it is
   missing, migrates it and loads the demo (the `make demo` loaders) once, and collects the
   static files once; later runs reuse them (--rebuild drops the database and loads it again);
2. starts gunicorn (sync workers, as in the Dockerfile) on 127.0.0.1 on a free port with the
   production settings (bench/load_settings.py: only the cookies differ, for plain HTTP on the
   loopback), DEBUG off, persistent database connections, Redis (--redis-url, default db 13) as
   the cache and the Celery broker, and the per-address rate limits raised (every simulated
   client comes from 127.0.0.1);
3. warms up (--warm-up seconds, then the figures start from zero), then runs the mix, bounded in
   time (--run-time) and in requests (--max-requests), whichever comes first. Reads dominate:
   - companies (3 in 10 users) open the public application form, check their figures live (the
     htmx SME check, which saves nothing), start one draft each, then read and edit it through
     its private link;
   - respondents (2 in 10) open a meeting survey by its private link and answer it (an answer
     sent again changes the one there: no new row);
   - staff and a ministry reviewer (2 in 10), signed in through the sign-in form (one session
     per account, shared by its simulated users): the portfolio and programme dashboards, the
     schedule grid, the application list, the programme page;
   - API clients (3 in 10) with a token: the list endpoints.
   Every answer is checked: a page 200, a form sent 302 to where it should go; anything else
   counts as an error;
4. stops gunicorn, deletes the drafts and the API token it made and empties its Redis database,
   and prints requests per second, p50 / p95 / p99 latency, the error rate and a table per
   endpoint, with the load average (the figures mean little on a busy machine).

Loopback only: any other host for the server, the database or Redis is refused. Figures only:
it prints, never asserts, and exits 0 whether the aims (>= 300 requests/s, p95 < 200 ms,
0 errors) are met or not. No Celery worker runs: queued messages (the e-mails of new drafts) stay
in the Redis database until it is emptied at the end. The load generator (locust's FastHttpUser,
one process) runs on the same cores as the server.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
BENCH_DOMAIN = "load-bench.invalid"  # the e-mail domain of the drafts this script creates
TOKEN_NAME = "bench/load.py"
PROGRAMME = "ceo-network-2027-vn-th"  # the demo programme with a published, held schedule
FORM_PROGRAMME = "japan-russia-sme-2027"  # the demo programme whose public form is open
STAFF_USERS = ("staff", "reviewer")  # agency staff; a ministry reviewer (dashboards)
DEMO_PASSWORD = "demo-pass-2027"  # noqa: S105 - the demo users' published password
SECRET_KEY = "bench-load-only-not-secret-" + "x" * 40  # noqa: S105


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def require_loopback(what: str, host: str | None) -> None:
    if (host or "").lower() not in LOOPBACK:
        raise SystemExit(f"bench/load.py runs on the loopback only: {what} host {host!r} refused.")


def environment(args, var: Path) -> dict:
    """The environment of gunicorn and of the set-up steps (production settings)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
            "DATABASE_URL": args.database_url,
            "DB_CONN_MAX_AGE": "60",
            "CACHE_URL": args.redis_url,
            "CELERY_BROKER_URL": args.redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "VAR_DIR": str(var),
            "STATIC_ROOT": str(var / "static"),
            "LOG_LEVEL": "WARNING",
            # Every simulated client comes from 127.0.0.1: one address at 300 requests/s.
            "RATE_LIMIT_PUBLIC_FORM": "10000000/minute",
            "RATE_LIMIT_ELIGIBILITY_CHECK": "10000000/minute",
            "RATE_LIMIT_SURVEY": "10000000/minute",
            "RATE_LIMIT_TOKEN_ISSUE": "10000000/minute",
        }
    )
    return env


def run_step(step: str, env: dict, payload: dict) -> dict:
    """Run a set-up or clean-up step in a Django process of its own (this one runs locust)."""
    result = subprocess.run(  # noqa: S603 - our own script
        [python(), __file__, f"--_{step}", json.dumps(payload)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench/load.py: the {step} step failed.")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Steps run inside Django (a subprocess) ------------------------------------------------------


def _database_create(url: str, *, rebuild: bool) -> bool:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if rebuild:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        created = cursor.fetchone() is None
        if created:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return created


def _bench_rows_delete() -> int:
    from companies.models import Application, Company

    reason = "bench/load.py removes the drafts it created"
    drafts = Application.objects.unscoped(reason).filter(email__endswith=f"@{BENCH_DOMAIN}")
    company_ids = list(drafts.values_list("company_id", flat=True))
    count = drafts.count()
    drafts.delete()
    Company.objects.filter(pk__in=company_ids, applications__isnull=True).delete()
    return count


def _redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _answer_for(question) -> str:
    kind = getattr(question, "kind", "text")
    if kind == "number":
        return "3"
    if kind == "yes_no":
        return "yes"
    if kind == "choice":
        options = getattr(question, "options", None) or getattr(question, "choices", None) or []
        if isinstance(options, str):
            options = [line for line in options.splitlines() if line.strip()]
        first = options[0] if options else ""
        return str(first.get("value", first) if isinstance(first, dict) else first)
    return "Partners for measuring instruments."


def step_setup(payload: dict) -> dict:
    created = _database_create(os.environ["DATABASE_URL"], rebuild=payload["rebuild"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from monitoring.models import SurveyResponse

    loaded = SurveyResponse.objects.exists()
    if not loaded:
        from django.test.utils import override_settings

        # The loaders queue e-mails and agenda notices: run them here (no worker is started).
        with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
            from config.celery import app

            app.conf.task_always_eager = True
            for command in (
                "load_demo",
                "load_demo_applications",
                "load_demo_assessment",
                "load_demo_matching",
                "load_demo_outcomes",
            ):
                call_command(command)
            app.conf.task_always_eager = False
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    _bench_rows_delete()
    _redis_flush(os.environ["CACHE_URL"])

    from companies.models import ApplicationForm
    from core.models import ApiToken, User
    from core.services import api_token_create
    from monitoring.exceptions import MonitoringError
    from monitoring.models import SurveyLink
    from monitoring.services import survey_check_open
    from monitoring.tokens import token_for
    from scheduling.models import Schedule

    staff = User.objects.get(username="staff")
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    _token, secret = api_token_create(staff, name=TOKEN_NAME, by=staff)

    form = ApplicationForm.objects.select_related("programme").get(programme__slug=FORM_PROGRAMME)
    answers = {f"q{q.pk}": _answer_for(q) for q in form.questions.all()}

    survey_tokens = []
    links = SurveyLink.objects.select_related("meeting__schedule").filter(
        meeting__schedule__programme__slug=PROGRAMME
    )
    for link in links.order_by("pk")[:2000]:
        try:
            survey_check_open(link)
        except MonitoringError:
            continue
        survey_tokens.append(token_for(link.pk))
        if len(survey_tokens) >= 300:
            break
    schedule = (
        Schedule.objects.filter(programme__slug=PROGRAMME, status="published")
        .order_by("pk")
        .first()
    )
    return {
        "created": created,
        "demo_loaded_now": not loaded,
        "api_token": secret,
        "form_token": form.public_token,
        "form_answers": answers,
        "survey_tokens": survey_tokens,
        "programme": PROGRAMME,
        "form_programme": FORM_PROGRAMME,
        "schedule": schedule.pk if schedule else None,
    }


def step_cleanup(payload: dict) -> dict:
    import django

    django.setup()
    from core.models import ApiToken

    drafts = _bench_rows_delete()
    tokens, _ = ApiToken.objects.filter(name=TOKEN_NAME).delete()
    _redis_flush(os.environ["CACHE_URL"])
    return {"drafts_deleted": drafts, "tokens_deleted": tokens}


# --- gunicorn ------------------------------------------------------------------------------------


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host.strip("[]"), 0))
        return sock.getsockname()[1]


def gunicorn_start(args, env: dict, port: int, log: Path) -> subprocess.Popen:
    host = args.host.strip("[]")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [
        str(Path(python()).with_name("gunicorn")),
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--error-logfile",
        str(log),
        "--timeout",
        "60",
    ]
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(base: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (see {log}).")
        try:
            if requests.get(f"{base}/accounts/login/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s (see {log}).")


# --- The mix (locust users) ----------------------------------------------------------------------

FIXTURES: dict = {}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def user_classes():
    import itertools
    import random
    from urllib.parse import urlencode

    from gevent.lock import Semaphore
    from locust import between, task
    from locust.contrib.fasthttp import FastHttpUser

    survey_tokens = itertools.cycle(FIXTURES["survey_tokens"] or [""])
    counter = itertools.count(1)
    sessions: dict[str, list] = {}
    sign_in_locks = {username: Semaphore() for username in STAFF_USERS}
    form_encoded = {"Content-Type": "application/x-www-form-urlencoded"}

    def csrf_of(response) -> str:
        match = CSRF.search(response.text or "")
        return match.group(1) if match else ""

    def post(client, url, fields, *, name, expect=(302,), check=None, headers=None):
        """A form sent as a browser sends it; its redirect is not followed (the next page is a
        request of its own). Anything but the expected answer is an error."""
        with client.post(
            url,
            data=urlencode(fields, doseq=True),
            headers={**form_encoded, **(headers or {})},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"answered {response.status_code}")
            elif check is not None and not check(response):
                response.failure("unexpected answer")
            else:
                response.success()
            return response

    class User(FastHttpUser):
        abstract = True
        wait_time = between(0.2, 1.0)

    class Applicant(User):
        """A company on the public form: reads it, checks its figures live, starts one draft,
        then comes back through the private link to read and edit it."""

        weight = 3

        def on_start(self):
            self.form_url = f"/apply/{FIXTURES['form_token']}/"
            self.private_url = None
            number = next(counter)
            self.email = f"applicant-{os.getpid()}-{number}@{BENCH_DOMAIN}"
            self.company = {
                "legal_name": f"Load Bench Instruments {number} LLC",
                "latin_name": f"OOO Load Bench {number}",
                "country": "RU",
                "sector": "manufacturing",
                "legal_form": "company",
                "year_founded": "2008",
                "website": "https://instruments.example",
                "business_profile": "Measuring instruments for pipelines.",
                "currency": "RUB",
                "capital": "10000000",
                "sales": "500000000",
                "figures_date": "2025-12-31",
                "employees": "80",
                "growth_rate": "12.5",
                "exports": "yes",
                "imports": "no",
                "japanese_partner_experience": "no",
                "contact_name": "Irina Sokolova",
                "contact_email": f"contact-{number}@{BENCH_DOMAIN}",
                "contact_phone": "+7 495 000 00 00",
                **FIXTURES["form_answers"],
            }

        def form_page(self):
            return self.client.get(self.form_url, name="/apply/[form]/ (form)")

        @task(5)
        def form_open(self):
            self.form_page()

        @task(3)
        def sme_check(self):
            token = csrf_of(self.form_page())
            post(
                self.client,
                f"{self.form_url}sme-check/",
                {**self.company, "csrfmiddlewaretoken": token},
                name="/apply/[form]/sme-check/ (POST)",
                expect=(200,),
                headers={"HX-Request": "true"},
            )

        @task(3)
        def draft(self):
            if self.private_url is not None:
                self.client.get(self.private_url, name="/apply/a/[token]/ (private page)")
                return
            token = csrf_of(self.form_page())
            response = post(
                self.client,
                self.form_url,
                {**self.company, "email": self.email, "csrfmiddlewaretoken": token},
                name="/apply/[form]/ (POST: start a draft)",
                check=lambda r: "/apply/a/" in (r.headers.get("Location") or ""),
            )
            location = response.headers.get("Location") or ""
            if "/apply/a/" in location:
                self.private_url = urlsplit(location).path

        @task(1)
        def draft_edit(self):
            if self.private_url is None:
                return
            page = self.client.get(self.private_url, name="/apply/a/[token]/ (private page)")
            profile = random.choice(["Measuring instruments.", "Instruments and sensors."])
            post(
                self.client,
                self.private_url,
                {**self.company, "business_profile": profile, "csrfmiddlewaretoken": csrf_of(page)},
                name="/apply/a/[token]/ (POST: edit)",
            )

    class Respondent(User):
        """A company or adviser answering a meeting survey by its private link (an answer sent
        again changes it)."""

        weight = 2

        def on_start(self):
            self.url = f"/s/{next(survey_tokens)}/"

        @task(3)
        def survey_open(self):
            self.client.get(self.url, name="/s/[token]/ (survey)")

        @task(1)
        def survey_answer(self):
            page = self.client.get(self.url, name="/s/[token]/ (survey)")
            answer = {"took_place": "yes", "level": "3", "tx_sales": "discussed"}
            post(
                self.client,
                self.url,
                {**answer, "csrfmiddlewaretoken": csrf_of(page)},
                name="/s/[token]/ (POST: answer)",
            )

    class Staff(User):
        """Agency staff and a ministry reviewer, signed in with the sign-in form."""

        weight = 2

        def on_start(self):
            username = STAFF_USERS[next(counter) % len(STAFF_USERS)]
            # Staff sign in once and work for hours: the simulated users of one account share
            # its session (signing in hashes the password slowly on purpose; once per simulated
            # user, the mix would be mostly sign-ins).
            with sign_in_locks[username]:
                if username not in sessions:
                    self.sign_in(username)
                    sessions[username] = list(self.client.cookiejar)
            for cookie in sessions[username]:
                self.client.cookiejar.set_cookie(cookie)
            slug = FIXTURES["programme"]
            grid = f"/programmes/{slug}/schedules/{FIXTURES['schedule']}/grid/"
            self.pages = [
                (4, "/dashboards/", "/dashboards/"),
                (
                    4,
                    f"/programmes/{slug}/outcomes/dashboard/",
                    "/programmes/[p]/outcomes/dashboard/",
                ),
            ]
            if username != "reviewer":
                self.pages += [
                    (4, grid, "/programmes/[p]/schedules/[s]/grid/"),
                    (1, f"{grid}?day=1", "/programmes/[p]/schedules/[s]/grid/?day=1"),
                    (2, f"/programmes/{slug}/applications/", "/programmes/[p]/applications/"),
                    (1, f"/programmes/{slug}/", "/programmes/[p]/"),
                ]

        def sign_in(self, username):
            page = self.client.get("/accounts/login/", name="/accounts/login/")
            post(
                self.client,
                "/accounts/login/",
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "csrfmiddlewaretoken": csrf_of(page),
                },
                name="/accounts/login/ (POST)",
            )

        @task
        def page(self):
            weights = [weight for weight, _url, _name in self.pages]
            _weight, url, name = random.choices(self.pages, weights=weights)[0]
            with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"answered {r.status_code}")

    class ApiClient(User):
        """A system of the agency reading the API's lists with a token."""

        weight = 3

        def on_start(self):
            self.headers = {"Authorization": f"Token {FIXTURES['api_token']}"}
            slug = FIXTURES["programme"]
            schedule = FIXTURES["schedule"]
            self.lists = [
                (3, "/api/v1/programmes/"),
                (2, "/api/v1/activities/"),
                (3, "/api/v1/applications/"),
                (1, "/api/v1/companies/"),
                (2, f"/api/v1/programmes/{slug}/schedules/{schedule}/meetings/"),
                (1, f"/api/v1/programmes/{slug}/outcomes/"),
                (1, "/api/v1/reports/"),
            ]

        @task
        def api_list(self):
            weights = [weight for weight, _url in self.lists]
            _weight, url = random.choices(self.lists, weights=weights)[0]
            name = url.replace(FIXTURES["programme"], "[p]").replace(
                f"/schedules/{FIXTURES['schedule']}/", "/schedules/[s]/"
            )
            self.client.get(url, name=name, headers=self.headers)

    return [Applicant, Respondent, Staff, ApiClient]


def cpu_snapshot(master_pid: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds (user + system) used so far by gunicorn (master and workers), by the
    PostgreSQL backends serving this database, and by this process (locust)."""
    import psutil

    def seconds(processes) -> dict[int, float]:
        result = {}
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            result[process.pid] = times.user + times.system
        return result

    try:
        master = psutil.Process(master_pid)
        web = [master, *master.children(recursive=True)]
    except psutil.Error:
        web = []
    backends = []
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if command.startswith("postgres:") and f" {database} " in f"{command} ":
            backends.append(process)
    return {
        "gunicorn": seconds(web),
        "postgresql": seconds(backends),
        "locust": seconds([psutil.Process()]),
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    return {
        part: sum(value - before[part].get(pid, 0.0) for pid, value in after[part].items())
        for part in after
    }


def run_load(args, base: str, snapshot) -> dict:
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=user_classes(), host=base)
    runner = env.create_local_runner()
    state = {"counting": False, "count": 0, "stopping": False}

    def on_request(**_kwargs):
        if not state["counting"]:
            return
        state["count"] += 1
        if state["count"] >= args.max_requests and not state["stopping"]:
            state["stopping"] = True
            gevent.spawn(runner.quit)

    env.events.request.add_listener(on_request)
    spawn_rate = max(1.0, args.users / max(1.0, args.warm_up * 0.6))
    runner.start(args.users, spawn_rate=spawn_rate)
    gevent.sleep(args.warm_up)
    env.stats.reset_all()
    state["counting"] = True
    cpu_before = snapshot()
    started = time.monotonic()
    deadline = started + args.run_time
    while not state["stopping"] and time.monotonic() < deadline:
        gevent.sleep(0.2)
    elapsed = time.monotonic() - started
    cpu = cpu_used(cpu_before, snapshot())
    if not state["stopping"]:
        state["stopping"] = True
        runner.quit()
    runner.greenlet.join(timeout=30)
    return {"stats": env.stats, "elapsed": elapsed, "users": args.users, "cpu": cpu}


def report(results: dict, args, fixtures: dict, cleanup: dict) -> None:
    stats = results["stats"]
    total = stats.total
    elapsed = results["elapsed"]
    requests_ = total.num_requests
    failures = total.num_failures
    rps = requests_ / elapsed if elapsed else 0.0

    def pct(entry, q):
        return entry.get_response_time_percentile(q) if entry.num_requests else 0

    print()
    print(
        f"bench/load.py: {results['users']} users, gunicorn {args.workers} sync workers, "
        f"{elapsed:.1f} s measured after {args.warm_up:.0f} s of warm-up "
        f"(limits: {args.run_time:.0f} s, {args.max_requests} requests)"
    )
    print(f"{'endpoint':<58}{'reqs':>7}{'fails':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}")
    entries = sorted(stats.entries.values(), key=lambda e: -e.num_requests)
    for entry in entries:
        label = f"{entry.method} {entry.name}"[:57]
        print(
            f"{label:<58}{entry.num_requests:>7}{entry.num_failures:>6}{pct(entry, 0.5):>7.0f}"
            f"{pct(entry, 0.95):>7.0f}{pct(entry, 0.99):>7.0f}{entry.max_response_time or 0:>8.0f}"
        )
    print()
    print(f"requests:        {requests_}")
    print(f"requests/s:      {rps:.1f}")
    print(
        f"latency (ms):    p50 {pct(total, 0.5):.0f}   p95 {pct(total, 0.95):.0f}   "
        f"p99 {pct(total, 0.99):.0f}   max {total.max_response_time or 0:.0f}"
    )
    rate = failures / requests_ if requests_ else 0.0
    print(f"errors:          {failures} ({rate:.2%})")
    for error in list(stats.errors.values())[:10]:
        print(f"  {error.occurrences} x {error.method} {error.name}: {error.error}")
    aims = (
        f"aims: >= 300 requests/s {'met' if rps >= 300 else 'missed'}, "
        f"p95 < 200 ms {'met' if pct(total, 0.95) < 200 else 'missed'}, "
        f"0 errors {'met' if failures == 0 else 'missed'}"
    )
    print(aims)
    cpu = results["cpu"]
    if requests_:
        per_request = {part: 1000 * seconds / requests_ for part, seconds in cpu.items()}
        server = per_request["gunicorn"] + per_request["postgresql"]
        cores = os.cpu_count() or 1
        print(
            f"CPU per request: gunicorn {per_request['gunicorn']:.1f} ms, PostgreSQL "
            f"{per_request['postgresql']:.1f} ms, locust {per_request['locust']:.1f} ms; "
            f"the server alone could serve about {1000 * cores / server:.0f} requests/s "
            f"on {cores} idle cores"
            if server
            else "CPU per request: not measured"
        )
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    except OSError:
        pass
    print(
        f"cleaned up: {cleanup.get('drafts_deleted', 0)} drafts, "
        f"{cleanup.get('tokens_deleted', 0)} API token, the Redis database"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] in ("--_setup", "--_cleanup"):
        step = step_setup if sys.argv[1] == "--_setup" else step_cleanup
        print(json.dumps(step(json.loads(sys.argv[2]))))
        return

    # locust patches the standard library with gevent: import it before anything else runs.
    import locust  # noqa: F401

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smematch_load"
        ),
        help="PostgreSQL database to create and use (default: %(default)s)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="Redis database for the cache and the broker, emptied at the end (%(default)s)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address gunicorn binds to")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--users", type=int, default=200, help="simulated users")
    parser.add_argument("--run-time", type=float, default=60, help="measured seconds at most")
    parser.add_argument("--max-requests", type=int, default=30000, help="measured requests at most")
    parser.add_argument("--warm-up", type=float, default=15, help="seconds before measuring")
    parser.add_argument("--rebuild", action="store_true", help="drop and load the demo again")
    args = parser.parse_args()

    require_loopback("server", args.host)
    require_loopback("database", urlsplit(args.database_url).hostname)
    require_loopback("Redis", urlsplit(args.redis_url).hostname)
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        raise SystemExit("bench/load.py needs a PostgreSQL --database-url.")
    if args.rebuild and "load" not in urlsplit(args.database_url).path:
        raise SystemExit("--rebuild drops the database: its name must contain 'load'.")

    var = ROOT / "var" / "bench-load"
    var.mkdir(parents=True, exist_ok=True)
    env = environment(args, var)
    print("Preparing the database (the first run loads the demo: about a minute)...", flush=True)
    fixtures = run_step("setup", env, {"rebuild": args.rebuild})
    FIXTURES.update(fixtures)
    if not fixtures["survey_tokens"]:
        raise SystemExit("No open survey in the demo data: run with --rebuild.")

    port = args.port or free_port(args.host)
    host = args.host.strip("[]")
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    log = var / "gunicorn.log"
    server = gunicorn_start(args, env, port, log)
    cleanup: dict = {}
    try:
        wait_ready(base, server, log)
        print(
            f"gunicorn at {base}, {args.workers} workers; "
            f"{args.warm_up:.0f} s warm-up, then up to {args.run_time:.0f} s "
            f"or {args.max_requests} requests...",
            flush=True,
        )
        database = urlsplit(args.database_url).path.lstrip("/")
        results = run_load(args, base, lambda: cpu_snapshot(server.pid, database))
    finally:
        gunicorn_stop(server)
        cleanup = run_step("cleanup", env, {})
    report(results, args, fixtures, cleanup)


if __name__ == "__main__":
    main()
