"""Time the main pages and API endpoints on the demo data, in-process, and print a table.

    .venv/bin/python bench/pages.py [--requests 50]

Figures only: nothing here passes or fails. Uses an in-memory SQLite database, so it measures the
application's own work (views, queries, templates), not a network or a database server.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", quiet=True)
    from core.models import User
    from programmes.models import Activity

    session = Activity.objects.filter(kind="business_meetings").order_by("starts_at").first()
    pages = [
        ("staff", "/programmes/"),
        ("staff", "/programmes/ceo-network-2027-vn-th/"),
        ("staff", f"/programmes/ceo-network-2027-vn-th/activities/{session.pk}/"),
        ("staff", "/api/v1/programmes/"),
        ("staff", "/api/v1/activities/"),
        ("counterpart-vn", "/programmes/"),
        ("counterpart-vn", "/api/v1/programmes/"),
        ("-", "/healthz"),
    ]
    print(f"{'user':<16}{'path':<58}{'status':>7}{'queries':>8}{'mean ms':>9}{'p95 ms':>8}")
    for username, path in pages:
        client = Client()
        if username != "-":
            client.force_login(User.objects.get(username=username))
        client.get(path)  # warm up
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            status = client.get(path).status_code
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(
            f"{username:<16}{path:<58}{status:>7}{len(queries):>8}"
            f"{statistics.mean(timings):>9.1f}{p95:>8.1f}"
        )


if __name__ == "__main__":
    main()
