"""Time schedule runs end to end, phase by phase, and print a table.

    .venv/bin/python bench/schedule_run.py [--time-limit 60] [--skip-large]

Two programmes: the demo (`load_demo` … `load_demo_matching`: 20 overseas × 100 Japanese
companies, four sessions) and a generated one of 150 overseas × 1,500 Japanese companies over
three days of 11 slots (requests both ways, 30% of the companies there one day only). Each run
goes through the same services as the staff's job: build the instance from the database, solve,
validate, save the draft in bulk. Figures only: nothing here passes or fails. Uses an in-memory
SQLite database unless DATABASE_URL is set.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def generated_programme(*, overseas: int, domestic: int, days: int, seed: int = 7):
    """A programme with its participants, sessions, requests and absences, in bulk."""
    from companies.models import Application, Company
    from matching.models import Decision
    from programmes.models import Activity, Programme, Venue
    from scheduling.models import MeetingRequest, Unavailability

    rng = random.Random(seed)
    programme = Programme.objects.create(
        slug=f"bench-{overseas}x{domestic}",
        kind=Programme.Kind.OTHER,
        title=f"Benchmark {overseas} × {domestic}",
        start_date=date(2027, 6, 1),
        end_date=date(2027, 6, days),
    )
    tz = programme.tzinfo
    venue, _created = Venue.objects.get_or_create(name="Bench Hall", city="Tokyo")
    sessions = []
    for day in range(days):
        the_day = programme.start_date + timedelta(days=day)
        sessions.append(
            Activity.objects.create(
                programme=programme,
                kind=Activity.Kind.BUSINESS_MEETINGS,
                title=f"Meetings day {day + 1}",
                venue=venue,
                starts_at=datetime.combine(the_day, clock(13), tzinfo=tz),
                ends_at=datetime.combine(the_day, clock(18, 30), tzinfo=tz),
                meeting_minutes=30,
                break_minutes=0,
                meetings_per_day=11,
            )
        )
    companies = Company.objects.bulk_create(
        [
            Company(legal_name=f"Overseas {n:04d}", normalised_name=f"overseas {n:04d}",
                    country="VN", sector="manufacturing")
            for n in range(overseas)
        ]
        + [
            Company(legal_name=f"Japan {n:05d}", normalised_name=f"japan {n:05d}",
                    country="JP", sector="manufacturing")
            for n in range(domestic)
        ]
    )  # fmt: skip
    if any(c.pk is None for c in companies):
        companies = list(
            Company.objects.filter(legal_name__regex=r"^(Overseas|Japan) \d+$").order_by("id")
        )
    foreign, japanese = companies[:overseas], companies[overseas:]
    applications = Application.objects.bulk_create(
        [
            Application(programme=programme, company=c, source="staff", status="selected",
                        email=f"c{c.pk}@bench.example")
            for c in companies
        ]
    )  # fmt: skip
    if any(a.pk is None for a in applications):
        applications = list(Application.objects.filter(programme=programme).order_by("id"))
    now = datetime.now(tz)
    Decision.objects.bulk_create(
        [
            Decision(application=a, outcome="select", reason="bench", decided_at=now,
                     invited=i >= overseas, response="confirmed" if i >= overseas else "")
            for i, a in enumerate(applications)
        ]
    )  # fmt: skip
    popularity = [rng.randint(1, 5) for _ in foreign]
    requests = {}
    for company in japanese:
        for o in set(rng.choices(range(overseas), weights=popularity, k=rng.randint(6, 16))):
            requests[(company.pk, foreign[o].pk)] = rng.choice(["like", "like", "like", "must"])
    for company in foreign:
        for j in rng.sample(range(domestic), 30):
            requests.setdefault((company.pk, japanese[j].pk), rng.choice(["like", "must", "no"]))
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(programme=programme, company_id=a, target_id=b, preference=p)
            for (a, b), p in requests.items()
        ],
        batch_size=5000,
    )
    away = []
    for company in companies:
        if rng.random() < 0.3:  # there one day only
            stay = rng.randrange(days)
            for day, session in enumerate(sessions):
                if day != stay:
                    away.append(
                        Unavailability(programme=programme, company=company,
                                       starts_at=session.starts_at, ends_at=session.ends_at)
                    )  # fmt: skip
    Unavailability.objects.bulk_create(away, batch_size=5000)
    return programme


def timed_run(programme, *, time_limit: int) -> dict:
    from scheduling import services

    start = time.perf_counter()
    run = services.schedule_run_create(programme, by=None, time_limit=time_limit)
    checked = time.perf_counter() - start
    run = services.schedule_run_execute(run)
    total = time.perf_counter() - start
    if run.status != "succeeded":
        raise SystemExit(f"{programme.slug}: the run failed: {run.message}")
    quality = run.schedule.quality
    return {
        "programme": programme.slug,
        "pairs": len(run.schedule.instance["scores"]),
        "check": checked,
        **run.timings,
        "total": total,
        "meetings": quality["meetings"],
        "ratio": quality["ratio"],
        "status": quality["status"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from programmes.models import Programme

    setup_test_environment()
    call_command("migrate", verbosity=0)
    for command in ("load_demo", "load_demo_applications", "load_demo_assessment",
                    "load_demo_matching"):  # fmt: skip
        call_command(command, quiet=True)
    rows = [timed_run(Programme.objects.get(slug="ceo-network-2027-vn-th"),
                      time_limit=args.time_limit)]  # fmt: skip
    if not args.skip_large:
        start = time.perf_counter()
        large = generated_programme(overseas=150, domestic=1500, days=3)
        print(f"(generated the 150 × 1,500 programme in {time.perf_counter() - start:.1f} s)")
        rows.append(timed_run(large, time_limit=args.time_limit))
    columns = ["programme", "pairs", "check", "build", "solve", "validate", "save", "total",
               "meetings", "ratio", "status"]  # fmt: skip
    print(" | ".join(f"{c:>12}" if c != "programme" else f"{c:<24}" for c in columns))
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c, "")
            if c == "programme":
                cells.append(f"{value:<24}")
            elif isinstance(value, float) and c != "ratio":
                cells.append(f"{value:>11.2f}s")
            elif c == "ratio":
                cells.append(f"{value:>12.5f}")
            else:
                cells.append(f"{value!s:>12}")
        print(" | ".join(cells))
    print("check = the refusal checks before queuing (one build); total = check + the run.")


if __name__ == "__main__":
    main()
