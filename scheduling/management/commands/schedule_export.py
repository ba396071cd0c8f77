"""Write a stored schedule as the optimiser's files: DIR/instance.json (the instance the run
solved), DIR/schedule.json (the stored meetings, hand edits included, in the optimiser's schedule
format) and DIR/slots.json (each slot's session and times, each meeting's table)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.export import schedule_files
from scheduling.models import Schedule


class Command(BaseCommand):
    help = "Export a schedule in the optimiser's JSON formats."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", required=True, type=int, metavar="ID")
        parser.add_argument("-o", "--output", required=True, metavar="DIR")

    def handle(self, *args, schedule, output, **options):
        found = Schedule.objects.filter(pk=schedule).first()
        if found is None:
            raise CommandError(f"No schedule with the id {schedule}.", returncode=2)
        directory = Path(output)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            for name, content in schedule_files(found).items():
                (directory / name).write_text(
                    json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
                )
        except OSError as exc:
            raise CommandError(f"Cannot write to {directory}: {exc}", returncode=1) from exc
        self.stdout.write(f"Wrote instance.json, schedule.json and slots.json to {directory}.")
