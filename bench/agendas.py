"""Time agenda PDFs on the demo programme and print the figures.

    .venv/bin/python bench/agendas.py [--day-limit N]
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/agendas.py

Needs the demo programme with a published schedule: if the database named by DATABASE_URL
has none, a temporary SQLite database gets the demo (`load_demo` … `load_demo_matching`), one
schedule run and its publication first. Then it prints the seconds of the first PDF of the
process (fonts loaded once), of each kind of agenda (a Japanese company in Japanese, an overseas
company in Russian, an interpreter and a table in English), of one iCalendar file, and of staff's
bundle of every agenda of the first day (documents, pages, pages per second). Figures only:
nothing here passes or fails. Aims (issue 9): one agenda PDF under 1 s; the day's bundle at
5 pages per second or more.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

SLUG = "ceo-network-2027-vn-th"


def _demo_ready() -> bool:
    from scheduling.models import Schedule

    try:
        return Schedule.objects.filter(programme__slug=SLUG, status="published").exists()
    except Exception:
        return False


def _load_demo() -> None:
    from django.core.management import call_command

    from core.models import User
    from scheduling.models import Schedule
    from scheduling.services import schedule_publish

    started = time.perf_counter()
    for command in ("load_demo", "load_demo_applications", "load_demo_assessment"):
        call_command(command, verbosity=0)
    call_command("load_demo_matching", verbosity=0)
    call_command("schedule_run", "--programme", SLUG, "--json", stdout=io.StringIO())
    draft = Schedule.objects.filter(programme__slug=SLUG, status="draft").first()
    staff = User.objects.filter(is_superuser=True).first() or User.objects.first()
    schedule_publish(draft, by=staff)
    print(f"demo loaded, scheduled and published in {time.perf_counter() - started:.1f} s")


CPU = {"last": 0.0}  # this process's CPU seconds of the last _timed call


def _timed(function):
    """(result, wall seconds); the CPU seconds of this process go to CPU["last"]. On a shared
    machine the wall time grows with the load (printed at the end), the CPU time hardly."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    CPU["last"] = time.process_time() - cpu
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day-limit", type=int, default=0, help="bundle only N agendas")
    args = parser.parse_args()

    import django

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    django.setup()
    from django.core.management import call_command

    if not _demo_ready():
        call_command("migrate", verbosity=0)
        _load_demo()

    from pypdf import PdfReader

    from core.models import User
    from programmes.models import Programme
    from scheduling import agendas
    from scheduling.agenda_files import agenda_ics, agenda_pdf, agendas_pdf
    from scheduling.models import OverseasTable
    from scheduling.selectors import published_schedule

    programme = Programme.objects.get(slug=SLUG)
    schedule = published_schedule(programme)
    meetings = list(schedule.meetings.select_related("overseas", "domestic"))
    domestic = meetings[0].domestic
    overseas = next(m.overseas for m in meetings if m.overseas.country == "VN")
    table = OverseasTable.objects.filter(programme=programme).exclude(interpreter=None).first()
    interpreter = User.objects.get(pk=table.interpreter_id)
    busiest = Counter(m.overseas for m in meetings).most_common(1)[0][0]

    def pdf(kind, key, language):
        subject = agendas.agenda_subject(programme, kind, key)
        agenda = agendas.agenda_build(programme, schedule, subject)
        content = agenda_pdf(agenda, language=language)
        return agenda.count, len(PdfReader(io.BytesIO(content)).pages), len(content)

    print(f"{'document':44} {'meetings':>8} {'pages':>5} {'KB':>6} {'seconds':>8} {'cpu':>6}")
    rows = [
        ("first PDF of the process (fonts loaded)", "company", domestic.pk, "ja"),
        (f"Japanese company, ja ({domestic.legal_name[:18]})", "company", domestic.pk, "ja"),
        (f"overseas company, ru ({overseas.legal_name[:18]})", "company", overseas.pk, "ru"),
        (f"longest agenda, ru ({busiest.legal_name[:18]})", "company", busiest.pk, "ru"),
        (f"longest agenda, ja ({busiest.legal_name[:18]})", "company", busiest.pk, "ja"),
        (f"interpreter, en ({interpreter.username})", "interpreter", interpreter.pk, "en"),
        (f"table {table.number}, en", "table", table.number, "en"),
    ]
    for label, kind, key, language in rows:
        (count, pages, size), seconds = _timed(lambda k=kind, n=key, lang=language: pdf(k, n, lang))
        print(
            f"{label:44} {count:8d} {pages:5d} {size / 1024:6.0f} {seconds:8.2f} {CPU['last']:6.2f}"
        )

    subject = agendas.agenda_subject(programme, "company", overseas.pk)
    _ics, seconds = _timed(
        lambda: agenda_ics(agendas.agenda_build(programme, schedule, subject), language="ru")
    )
    print(
        f"{'iCalendar file, overseas company':44} {'':8} {'':5} {'':6} {seconds:8.2f} "
        f"{CPU['last']:6.2f}"
    )

    day = min(programme.local(m.starts_at).date() for m in meetings)
    day_agendas, build = _timed(lambda: agendas.agendas_of_day(programme, schedule, day))
    if args.day_limit:
        day_agendas = day_agendas[: args.day_limit]
    content, seconds = _timed(lambda: agendas_pdf(day_agendas, language="en"))
    pages = len(PdfReader(io.BytesIO(content)).pages)
    print(
        f"\nday bundle {day}: {len(day_agendas)} agendas, {pages} pages, "
        f"{len(content) / 1024 / 1024:.1f} MB; reading {build:.2f} s, PDF {seconds:.2f} s: "
        f"{pages / seconds:.1f} pages/s, {len(day_agendas) / seconds:.1f} documents/s "
        f"(CPU {CPU['last']:.2f} s: {pages / max(CPU['last'], 1e-9):.1f} pages/s)"
    )
    print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
