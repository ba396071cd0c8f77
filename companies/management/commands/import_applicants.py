"""python manage.py import_applicants --programme SLUG --organisation SLUG FILE [--dry-run]
[--encoding ENC]

What a counterpart's upload does in the browser, from the command line: read the file, print the
preview and every row error, and (unless --dry-run) import it, all or nothing. Exits 1 when a
row has an error; then nothing is written. With --dry-run nothing at all is written, not even
the upload record. Runs inline, without the Celery worker."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from companies.exceptions import UploadError
from companies.models import ImportRow
from companies.services import imports
from core.models import Organisation
from programmes.models import Programme


class Command(BaseCommand):
    help = "Import a counterpart organisation's applicant list (CSV or XLSX) into a programme."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the applicant list: .csv or .xlsx")
        parser.add_argument("--programme", required=True, help="the programme's slug")
        parser.add_argument(
            "--organisation",
            required=True,
            help="the slug of the counterpart organisation that owns the rows",
        )
        parser.add_argument(
            "--encoding",
            choices=imports.ENCODINGS,
            help="the encoding of a CSV file (default: detected)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show the preview; write nothing at all"
        )

    def handle(self, *args, **options):
        with translation.override("en"):
            self._import(options)

    def _import(self, options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f'No programme with the slug "{options["programme"]}".')
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f'No organisation with the slug "{options["organisation"]}".')
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > imports.MAX_BYTES:
            self._refuse(lambda: imports.import_size_check(path.stat().st_size), path)
        data = path.read_bytes()
        upload = {
            "organisation": organisation,
            "by": None,
            "filename": path.name,
            "data": data,
            "encoding": options["encoding"],
        }
        preview = self._refuse(lambda: imports.import_preview_build(programme, **upload), path)
        self._print_preview(preview)
        if preview.error_count:
            raise CommandError(
                f"{preview.error_count} row(s) with errors: nothing was imported. Correct the "
                "file and run the command again.",
                returncode=1,
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        batch = self._refuse(
            lambda: imports.import_upload(programme, **upload, background=False), path
        )
        batch = self._refuse(lambda: imports.import_confirm(batch, by=None, background=False), path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.filename}: {batch.new_count} new, {batch.update_count} "
                f"updated, {batch.unchanged_count} unchanged (upload #{batch.pk})."
            )
        )

    def _refuse(self, call, path: Path):
        try:
            return call()
        except UploadError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from exc

    def _print_preview(self, batch) -> None:
        write = self.stdout.write
        encoding = f", encoding {batch.encoding}" if batch.encoding else ""
        write(f"{batch.filename}{encoding}: {batch.row_count} row(s)")
        write(
            f"  new {batch.new_count}, update {batch.update_count}, "
            f"unchanged {batch.unchanged_count}, error {batch.error_count}"
        )
        for notice in batch.notices:
            write(f"  note: {notice}")
        for row in batch.preview_rows:
            if row.action == ImportRow.Action.ERROR:
                for error in row.errors:
                    self.stderr.write(f"row {row.number}, {error['message']}")
            elif row.action == ImportRow.Action.UPDATE and self.verbosity > 1:
                changes = "; ".join(
                    f"{key}: {old} → {new}" for key, (old, new) in row.changes.items()
                )
                write(f"row {row.number}, update: {changes}")
