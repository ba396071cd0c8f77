"""Upload and preview: keep the file, read and validate it, decide new / update / unchanged / error
per row and store the preview (ImportRow); large files in the worker."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.exceptions import UploadError
from companies.imports import ImportFileError, match_headers, read_table, validate_rows
from companies.models import (
    ImportBatch,
    ImportRow,
)
from core.models import Job, Organisation, User
from core.services import job_create, job_fail, job_progress, job_start, job_succeed
from programmes.models import Programme

from .bulk import _bulk_insert, _new_row
from .checks import (
    INLINE_BYTES,
    MAX_BYTES,
    PROGRESS_EVERY,
    _check_owner,
    import_size_check,
)
from .collector import collector_paused
from .fields import _limit_errors
from .matching import _changes, _existing_applicants, _match

# Why reading this model without a user is safe here (core/scoping.py).
OWN = "the upload the caller already obtained"


@collector_paused()
def import_preview_build(
    programme: Programme,
    *,
    organisation: Organisation,
    by: User | None,
    filename: str,
    data: bytes,
    encoding: str | None = None,
) -> ImportBatch:
    """The preview of a file without saving anything: an unsaved ImportBatch whose rows are in
    `batch.preview_rows`. Raises UploadError for a file that cannot be read at all."""
    _check_owner(programme, organisation)
    import_size_check(len(data))
    batch = ImportBatch(
        programme=programme,
        organisation=organisation,
        uploaded_by=by,
        filename=(filename or "upload")[-255:],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding or "",
    )
    _preview(batch, data, encoding=encoding)
    return batch


@collector_paused()
def import_upload(
    programme: Programme,
    *,
    organisation: Organisation,
    by: User | None,
    filename: str,
    data: bytes,
    encoding: str | None = None,
    background: bool | None = None,
) -> ImportBatch:
    """Keep the file and build its preview: at once for small files, in the worker for large
    ones (`background` forces one way). A file that cannot be read at all raises UploadError
    and leaves nothing behind."""
    if background is None:
        background = len(data) > INLINE_BYTES
    if not background:
        batch = import_preview_build(
            programme,
            organisation=organisation,
            by=by,
            filename=filename,
            data=data,
            encoding=encoding,
        )
        with transaction.atomic():
            batch.file.save(_stored_name(batch.filename), ContentFile(data), save=True)
            _save_rows(batch)
        return batch
    _check_owner(programme, organisation)
    import_size_check(len(data))
    # Read the header row now: a file that is not a table, or whose header row does not match,
    # is refused at once and nothing is kept, however large it is.
    detected = _check_header(data, filename, encoding=encoding)
    from companies.tasks import import_preview_run

    with transaction.atomic():
        batch = ImportBatch(
            programme=programme,
            organisation=organisation,
            uploaded_by=by,
            filename=(filename or "upload")[-255:],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            encoding=encoding or detected,
        )
        batch.file.save(_stored_name(batch.filename), ContentFile(data), save=True)
        batch.job = job_create(
            kind="companies.import_preview",
            description=_("Reading %(file)s") % {"file": batch.filename},
            params={"batch": batch.pk},
            by=by,
            task=import_preview_run,
        )
        batch.save(update_fields=["job"])
    return batch


def _file_error(exc: ImportFileError) -> UploadError:
    message = str(exc.message)
    return UploadError(message, errors={"file": [message]}, code="invalid_file")


def _check_header(data: bytes, filename: str, *, encoding: str | None) -> str:
    """The file's type, size, safety and header row, without reading its rows; returns the
    encoding of a CSV file ("" for XLSX)."""
    try:
        table = read_table(data, filename, encoding=encoding, max_bytes=MAX_BYTES)
        match_headers(table.headers)
    except ImportFileError as exc:
        raise _file_error(exc) from exc
    return table.encoding or ""


def _stored_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1][-100:] or "upload"


@collector_paused()
def import_preview_run(job: Job, *, worker: str = "") -> None:
    """The worker's half of import_upload for large files. Safe to run twice."""
    if not job_start(job, worker=worker):
        return
    batch = (
        ImportBatch.objects.unscoped("the job's own upload, in the worker")
        .select_related("programme", "organisation", "uploaded_by")
        .filter(pk=job.params.get("batch"))
        .first()
    )
    if batch is None or batch.status != ImportBatch.Status.READING:
        job_succeed(job, message=_("Nothing to do."))
        return
    language = batch.uploaded_by.language if batch.uploaded_by else None
    with translation.override(language):
        try:
            with batch.file.open("rb") as handle:
                data = handle.read()
            # Read outside a transaction, so that the progress is seen while it runs.
            _preview(batch, data, encoding=batch.encoding or None, job=job)
            with transaction.atomic():
                locked = ImportBatch.objects.unscoped(OWN).select_for_update().get(pk=batch.pk)
                if locked.status != ImportBatch.Status.READING:
                    job_succeed(job, message=_("Nothing to do."))
                    return
                batch.save()
                _save_rows(batch)
        except UploadError as exc:
            ImportBatch.objects.unscoped(OWN).filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED, message=str(exc.message)
            )
            job_fail(job, message=str(exc.message))
            return
        except Exception as exc:  # the page must say it failed, whatever the cause
            ImportBatch.objects.unscoped(OWN).filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED,
                message=_("The file could not be read."),
            )
            job_fail(job, message=f"{type(exc).__name__}: {exc}")
            raise
        job_succeed(job, message=_batch_summary(batch))


def _counting(rows, job: Job, total: int):
    """Pass the file's rows through, telling the job how far the reading is."""
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            job_progress(
                job,
                done=done,
                total=max(total, done),
                message=_("Checking the rows of the file."),
            )
        yield row


def _preview(batch: ImportBatch, data: bytes, *, encoding: str | None, job=None) -> None:
    """Read and validate the file and decide new / update / unchanged / error for every row.
    Fills the batch's fields and batch.preview_rows (unsaved ImportRow objects)."""
    try:
        table = read_table(data, batch.filename, encoding=encoding, max_bytes=MAX_BYTES)
        if job is not None:
            # A line count is close enough for a progress bar (an XLSX gets its size instead).
            estimate = data.count(b"\n") if table.format == "csv" else len(data) // 160
            table.rows = _counting(table.rows, job, estimate)
        result = validate_rows(table, today=timezone.localdate())
    except ImportFileError as exc:
        raise _file_error(exc) from exc
    if not result.rows:
        message = _("The file has a header row but no applicants.")
        raise UploadError(message, errors={"file": [message]}, code="no_rows")
    batch.encoding = table.encoding or ""
    batch.notices = [str(n) for n in result.notices]
    previous = _already_imported(batch)
    if previous is not None:
        batch.notices.append(
            _("The same file was imported on %(date)s.")
            % {"date": timezone.localtime(previous.applied_at, batch.programme.tzinfo).date()}
        )
    present = set(result.columns)
    existing = _existing_applicants(batch.programme, batch.organisation)
    rows: list[ImportRow] = []
    counts = dict.fromkeys(ImportRow.Action.values, 0)
    for validated in result.rows:
        # Keep the file's columns only: a column the file leaves out changes nothing.
        data_ = {
            key: value
            for key, value in validated.data.items()
            if key in present or value is not None
        }
        row = _new_row(batch=batch, number=validated.number, data=data_)
        errors = [dict(e) for e in validated.errors] + _limit_errors(data_)
        if errors:
            row.action = ImportRow.Action.ERROR
            row.errors = errors
        else:
            application = _match(existing, data_)
            if application is None:
                row.action = ImportRow.Action.NEW
            else:
                row.company = application.company
                row.changes = _changes(application.company, data_)
                row.action = ImportRow.Action.UPDATE if row.changes else ImportRow.Action.UNCHANGED
        counts[row.action] += 1
        rows.append(row)
    batch.row_count = len(rows)
    batch.new_count = counts[ImportRow.Action.NEW]
    batch.update_count = counts[ImportRow.Action.UPDATE]
    batch.unchanged_count = counts[ImportRow.Action.UNCHANGED]
    batch.error_count = counts[ImportRow.Action.ERROR]
    batch.status = ImportBatch.Status.PREVIEW
    batch.message = ""
    batch.preview_rows = rows
    if job is not None:
        job_progress(job, done=len(rows), total=len(rows))


def _already_imported(batch: ImportBatch) -> ImportBatch | None:
    return (
        ImportBatch.objects.unscoped("the same counterpart's uploads to the same programme")
        .filter(
            programme=batch.programme,
            organisation=batch.organisation,
            sha256=batch.sha256,
            status=ImportBatch.Status.APPLIED,
        )
        .order_by("-applied_at")
        .first()
    )


def _save_rows(batch: ImportBatch) -> None:
    for row in batch.preview_rows:
        row.batch = batch
    _bulk_insert(ImportRow, batch.preview_rows)


def _batch_summary(batch: ImportBatch) -> str:
    return _(
        "%(rows)s rows: %(new)s new, %(update)s to update, %(same)s unchanged, "
        "%(errors)s with errors."
    ) % {
        "rows": batch.row_count,
        "new": batch.new_count,
        "update": batch.update_count,
        "same": batch.unchanged_count,
        "errors": batch.error_count,
    }
