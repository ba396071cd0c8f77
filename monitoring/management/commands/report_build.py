"""Write a ministry report as a PDF, the same file the report job stores:

    manage.py report_build (--programme SLUG | --portfolio [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        [--kind KIND] [--country CC]) --lang en|ja -o FILE.pdf

A programme report covers the whole programme; a portfolio report the programmes with meetings
held in the period (the meeting's day, both ends included), of the programme kind and with the
partner country (the overseas company's) given. Nothing is written, and the exit status is 2,
for an unknown programme, a bad date or selection, or a selection without a held meeting.
"""

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from monitoring.exceptions import MonitoringError
from programmes.models import Programme


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): “{text}”.", returncode=2) from exc


class Command(BaseCommand):
    help = "Write a programme or portfolio report (PDF) for the ministry."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--programme", metavar="SLUG")
        scope.add_argument("--portfolio", action="store_true")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        parser.add_argument("--kind", metavar="KIND", choices=Programme.Kind.values)
        parser.add_argument("--country", metavar="CC")
        parser.add_argument("--lang", required=True, choices=["en", "ja"])
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, **options):
        from monitoring.dashboard import DashboardFilters
        from monitoring.reports import render_report

        programme = filters = None
        if options["programme"]:
            if any(options[name] for name in ("date_from", "date_to", "kind", "country")):
                raise CommandError(
                    "--from, --to, --kind and --country select a portfolio report "
                    "(a programme report covers the whole programme).",
                    returncode=2,
                )
            programme = Programme.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme “{options['programme']}”.", returncode=2)
        else:
            filters = DashboardFilters(
                date_from=_date(options["date_from"]) if options["date_from"] else None,
                date_to=_date(options["date_to"]) if options["date_to"] else None,
                kind=options["kind"] or "",
                country=(options["country"] or "").upper(),
            )
        started = time.perf_counter()
        try:
            rendered = render_report(programme=programme, filters=filters, language=options["lang"])
        except MonitoringError as exc:
            with translation.override("en"):
                raise CommandError(str(exc.message), returncode=2) from exc
        output = Path(options["output"])
        try:
            output.write_bytes(rendered.pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}", returncode=1) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Wrote {output}: {rendered.pages} pages, {len(rendered.pdf):,} bytes, "
            f"{seconds:.2f} s ({rendered.pages / seconds:.1f} pages/s)."
        )
