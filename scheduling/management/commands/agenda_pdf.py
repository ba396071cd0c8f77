"""Write one agenda as a PDF, the same file the agenda page offers:

    manage.py agenda_pdf --programme SLUG (--company SLUG | --interpreter USERNAME | --table N)
        --lang en|ja|ru -o FILE.pdf

The agenda comes from the programme's published schedule (``--schedule ID`` for another one of
the programme, e.g. a draft). ``--company`` takes the company's id, its code ("VN-12") or the
slug of its Latin or legal name. Exit status 2 when the programme, the subject or a published
schedule is missing.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from core.models import User
from programmes.models import Programme
from scheduling import agendas, selectors
from scheduling.agenda_files import agenda_pdf
from scheduling.models import Schedule


class Command(BaseCommand):
    help = "Write the agenda of a company, an interpreter or a table as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, metavar="SLUG")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--company", metavar="SLUG")
        who.add_argument("--interpreter", metavar="USERNAME")
        who.add_argument("--adviser", metavar="USERNAME")
        who.add_argument("--table", type=int, metavar="N")
        parser.add_argument(
            "--lang", default="en", choices=[code for code, _name in settings.LANGUAGES]
        )
        parser.add_argument("--schedule", type=int, metavar="ID")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme “{options['programme']}”.", returncode=2)
        try:
            subject = self._subject(programme, options)
        except Http404 as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["schedule"]:
            schedule = Schedule.objects.filter(programme=programme, pk=options["schedule"]).first()
            if schedule is None:
                raise CommandError(
                    f"No schedule {options['schedule']} in “{programme.slug}”.", returncode=2
                )
        else:
            schedule = selectors.published_schedule(programme)
            if schedule is None:
                raise CommandError(
                    f"“{programme.slug}” has no published schedule (give --schedule ID).",
                    returncode=2,
                )
        started = time.perf_counter()
        content = agenda_pdf(
            agendas.agenda_build(programme, schedule, subject), language=options["lang"]
        )
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}", returncode=1) from exc
        self.stdout.write(
            f"Wrote {output} ({len(content):,} bytes, {time.perf_counter() - started:.2f} s)."
        )

    def _subject(self, programme: Programme, options) -> agendas.Subject:
        if options["company"]:
            company = agendas.resolve_company(programme, options["company"])
            return agendas.agenda_subject(programme, "company", company.pk)
        if options["table"] is not None:
            return agendas.agenda_subject(programme, "table", options["table"])
        kind = "interpreter" if options["interpreter"] else "adviser"
        username = options[kind]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise Http404(f"No user “{username}”.")
        return agendas.agenda_subject(programme, kind, user.pk)
