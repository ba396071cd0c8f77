"""Load the generated portfolio and time the dashboards and the ministry reports; print a table.

    .venv/bin/python bench/monitoring.py [--repeat 5] [--skip-reports] [--seed 2012]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/smematch \
        .venv/bin/python bench/monitoring.py

Figures only: nothing here passes or fails. First a small portfolio (3 programmes, 60 meetings)
and then the full one of the case study (56 programmes, 10,285 meetings, 775 overseas and 3,288
Japanese companies; ``load_portfolio``'s defaults) are loaded, and for each:

  selector   monitoring.dashboard.dashboard_figures: the portfolio (every programme, as staff
             read it) and one programme (the one with the most meetings)
  page       the same dashboards as pages (/dashboards/, /programmes/<slug>/outcomes/dashboard/)
             through the Django test client, signed in as staff: figures, SVG charts, template

each run --repeat times after one warm-up (mean and slowest, in ms; the number of queries of one
run: aim under 300 ms, with a number of queries that does not grow with the meetings). Then, on
the full portfolio, monitoring.reports.render_report: the programme report (English and
Japanese; pages and pages per second, aim ≥ 5) and the portfolio report (total time, pages).

The database is SQLite in a temporary directory, or a fresh test database next to DATABASE_URL
(created and dropped; the database named there is not touched).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SMALL = {"programmes": 3, "meetings": 60, "overseas": 20, "domestic": 40}


def setup_django(tmp: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    given = os.environ.get("DATABASE_URL")
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("MEDIA_ROOT", f"{tmp}/media")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.MEDIA_ROOT = f"{tmp}/media"
    settings.PRIVATE_MEDIA_ROOT = f"{tmp}/private"
    # force_login has no client address: django-axes would log "unknown", which PostgreSQL's
    # inet column refuses. The bench measures pages, not logins.
    settings.AXES_ENABLED = False
    setup_test_environment()
    if given:  # a fresh database beside the one named: never touch real data
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return connection
    call_command("migrate", verbosity=0)
    return None


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(call, repeat: int) -> tuple[list[float], int, object]:
    """Seconds of each of ``repeat`` runs after a warm-up, the queries of one run, its result."""
    from django.db import connection

    call()
    queries = Queries()
    with connection.execute_wrapper(queries):
        result = call()
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return seconds, queries.count, result


def staff_user():
    from core.models import Organisation, User

    org, _created = Organisation.objects.get_or_create(
        slug="bench-agency", defaults={"name": "Bench agency", "kind": "agency", "country": "JP"}
    )
    user, _created = User.objects.get_or_create(
        username="bench-staff", defaults={"organisation": org, "language": "en"}
    )
    return user


def dashboard_rows(label: str, repeat: int) -> list[tuple]:
    from django.db.models import Count
    from django.test import Client

    from monitoring.dashboard import dashboard_figures, programmes_readable
    from programmes.models import Programme

    staff = staff_user()
    everything = programmes_readable(staff)
    largest = (
        Programme.objects.filter(slug__startswith="portfolio-")
        .annotate(n=Count("schedules__meetings"))
        .order_by("-n", "slug")
        .first()
    )
    client = Client()
    client.force_login(staff)
    rows = []
    for scope, call in (
        ("portfolio selector", lambda: dashboard_figures(everything)),
        ("programme selector", lambda: dashboard_figures(Programme.objects.filter(pk=largest.pk))),
        ("portfolio page", lambda: client.get("/dashboards/")),
        ("programme page", lambda: client.get(f"/programmes/{largest.slug}/outcomes/dashboard/")),
    ):
        seconds, queries, result = timed(call, repeat)
        status = getattr(result, "status_code", "")
        rows.append(
            (label, scope, status, queries, statistics.mean(seconds), max(seconds), largest.slug)
        )
    return rows


def report_rows(repeat: int) -> list[str]:
    try:
        from monitoring.reports import render_report
    except ImportError:
        return ["reports: skipped, monitoring.reports.render_report is missing"]
    from django.db.models import Count

    from programmes.models import Programme

    largest = (
        Programme.objects.filter(slug__startswith="portfolio-")
        .annotate(n=Count("schedules__meetings"))
        .order_by("-n", "slug")
        .first()
    )
    lines = [f"{'report':<36}{'lang':>5}{'pages':>7}{'seconds':>9}{'pages/s':>9}"]
    for language in ("en", "ja"):
        render_report(programme=largest, language=language)  # warm-up (fonts, templates)
        seconds, pages = [], 0
        for _ in range(max(1, min(repeat, 3))):
            start = time.perf_counter()
            rendered = render_report(programme=largest, language=language)
            seconds.append(time.perf_counter() - start)
            pages = rendered.pages
        mean = statistics.mean(seconds)
        lines.append(f"{'programme ' + largest.slug:<36}{language:>5}{pages:>7}"
                     f"{mean:>9.2f}{pages / mean:>9.1f}")  # fmt: skip
    for language in ("en", "ja"):
        start = time.perf_counter()
        rendered = render_report(language=language)
        total = time.perf_counter() - start
        label = f"portfolio ({Programme.objects.count()} programmes)"
        lines.append(f"{label:<36}{language:>5}{rendered.pages:>7}"
                     f"{total:>9.2f}{rendered.pages / total:>9.1f}")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per dashboard")
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--skip-reports", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-monitoring-") as tmp:
        test_db = setup_django(tmp)
        from django.db import connection

        from monitoring.portfolio import portfolio_load

        rows = []
        for label, numbers in (("small", SMALL), ("full", {})):
            loaded = portfolio_load(seed=args.seed, **numbers)
            c = loaded.counts
            print(f"{label} portfolio on {connection.vendor}: {c['programmes']} programmes, "
                  f"{c['meetings']} meetings ({c['meetings held']} held), "
                  f"{c['survey answers']} survey answers, {c['follow-ups']} follow-ups, "
                  f"{c['return sales']} return sales; loaded in {loaded.seconds:.1f} s"
                  )  # fmt: skip
            rows += dashboard_rows(label, args.repeat)
        print()
        print(f"{'portfolio':<10}{'dashboard':<21}{'status':>7}{'queries':>9}{'mean ms':>9}"
              f"{'max ms':>8}  programme")  # fmt: skip
        for label, scope, status, queries, mean, slowest, slug in rows:
            print(f"{label:<10}{scope:<21}{status!s:>7}{queries:>9}{mean * 1000:>9.0f}"
                  f"{slowest * 1000:>8.0f}  {slug if 'programme' in scope else ''}")  # fmt: skip
        if not args.skip_reports:
            print()
            for line in report_rows(args.repeat):
                print(line)
        if test_db is not None:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )


if __name__ == "__main__":
    main()
