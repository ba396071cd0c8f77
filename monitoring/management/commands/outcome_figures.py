"""The headline outcome figures of a programme or of the whole portfolio (the same selector
the pages use): with --json exactly one JSON object

{"meetings_held": N, "no_shows": N, "responses": N, "response_rate": R,
 "levels": {"1": N, ..., "5": N}, "disagreements": N,
 "follow_ups": {"open": N, "contacted": N, ...}, "agreements": N}"""

import json

from django.core.management.base import BaseCommand, CommandError

from monitoring.selectors import outcome_figures
from programmes.models import Programme


class Command(BaseCommand):
    help = "Print the outcome figures of a programme or of the portfolio."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--programme", metavar="SLUG")
        which.add_argument("--portfolio", action="store_true")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, programme=None, portfolio=False, json=False, **options):
        if programme:
            programmes = Programme.objects.filter(slug=programme)
            if not programmes.exists():
                raise CommandError(f"No programme with the short name “{programme}”.", returncode=2)
        else:
            programmes = Programme.objects.all()
        figures = outcome_figures(programmes)
        if json:
            self.stdout.write(_dumps(figures))
            return
        levels = ", ".join(f"{k}: {v}" for k, v in figures["levels"].items())
        self.stdout.write(
            f"Meetings held: {figures['meetings_held']}; no-shows: {figures['no_shows']}.\n"
            f"Survey answers: {figures['responses']} "
            f"(response rate {figures['response_rate']:.1%}).\n"
            f"Outcome levels: {levels}; disagreements: {figures['disagreements']}; "
            f"agreements signed: {figures['agreements']}."
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
