"""Confirm, apply or discard a previewed upload: all or nothing, refused when the preview is
stale."""

from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.exceptions import UploadError
from companies.imports.values import normalise_name
from companies.models import (
    Application,
    ApplicationEvent,
    Company,
    ImportBatch,
    ImportRow,
)
from core.audit import audit_record
from core.models import AuditEvent, Job, Organisation, User
from core.services import job_create, job_fail, job_progress, job_start, job_succeed

from ..eligibility import Assessor, application_assess
from .bulk import _bulk_insert, _new_application, _new_company, _new_event, _new_row
from .checks import INLINE_ROWS, PROGRESS_EVERY
from .collector import collector_paused
from .fields import ASSESSED_FIELDS, _company_values, _from_json
from .matching import _changes, _existing_applicants, _match
from .preview import _batch_summary

# Why reading this model without a user is safe here (core/scoping.py).
OWN = "the upload the caller already obtained"


@collector_paused()
def import_confirm(batch: ImportBatch, *, by: User | None, background: bool | None = None):
    """Apply the previewed rows, all or nothing. Refused while any row has an error (fix the
    file and upload again) and when an applicant changed after the preview. Large uploads are
    applied by the worker (`background` forces one way)."""
    try:
        with transaction.atomic():
            batch = _lock(batch)
            _check_confirmable(batch)
            if background is None:
                background = batch.row_count > INLINE_ROWS
            if background:
                from companies.tasks import import_apply_run

                batch.status = ImportBatch.Status.APPLYING
                batch.message = ""
                batch.job = job_create(
                    kind="companies.import_apply",
                    description=_("Importing %(file)s") % {"file": batch.filename},
                    params={"batch": batch.pk, "by": by.pk if by else None},
                    by=by,
                    task=import_apply_run,
                )
                batch.save(update_fields=["status", "message", "job"])
                return batch
            rows = _load_rows(batch)
            plan = _plan(batch, rows)
            _write(batch, rows, plan, by=by)
    except DatabaseError as exc:
        message = _failed_message(exc)
        ImportBatch.objects.unscoped(OWN).filter(pk=batch.pk).update(message=message)
        raise UploadError(message, code="import_failed") from exc
    return batch


def _load_rows(batch: ImportBatch) -> list[ImportRow]:
    """list(batch.rows.all()), read as tuples and built without Model.from_db: the 10,000
    rows of a large upload in about half the time."""
    attnames = [f.attname for f in ImportRow._meta.concrete_fields]
    rows, queryset = [], batch.rows.all()
    for values in queryset.values_list(*attnames):
        row = _new_row(**dict(zip(attnames, values, strict=True)))
        row._state.adding = False
        row._state.db = queryset.db
        rows.append(row)
    return rows


def _lock(batch: ImportBatch) -> ImportBatch:
    """The batch's row, held to the commit: a second confirm of the same upload waits, then
    finds it imported. Only the batch's row (`of`): without it PostgreSQL would also hold the
    joined programme and organisation FOR UPDATE, which stalls every insert that refers to
    them (a form application to the programme) for as long as a large import runs."""
    return (
        ImportBatch.objects.unscoped(OWN)
        .select_for_update(of=("self",))
        .select_related("programme", "organisation")
        .get(pk=batch.pk)
    )


def _hold_counterpart(batch: ImportBatch) -> None:
    """Imports of the same counterpart take turns from here to their commit, so that the
    second one reads the applicants the first one wrote, finds its preview stale and writes
    nothing, instead of inserting the same new applicants again. (A database constraint
    cannot say it: applicants are matched by number or by name, per counterpart, and the
    registry keeps the same company once per counterpart.) NO KEY UPDATE: rows that merely
    refer to the organisation are not held up."""
    list(Organisation.objects.select_for_update(no_key=True).filter(pk=batch.organisation_id))


def _check_confirmable(batch: ImportBatch) -> None:
    if batch.status != ImportBatch.Status.PREVIEW:
        raise UploadError(
            _("This upload cannot be confirmed: it is %(status)s.")
            % {"status": batch.get_status_display()},
            code="invalid_state",
        )
    if batch.error_count:
        raise UploadError(
            ngettext(
                "%(count)d row has errors. Correct the file and upload it again: nothing "
                "is imported until every row is valid.",
                "%(count)d rows have errors. Correct the file and upload it again: nothing "
                "is imported until every row is valid.",
                batch.error_count,
            )
            % {"count": batch.error_count},
            code="rows_invalid",
        )


def _failed_message(exc: Exception) -> str:
    return _(
        "The import failed and nothing was changed: the database refused a row (%(error)s)."
    ) % {"error": str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}


@collector_paused()
def import_apply_run(job: Job, *, worker: str = "") -> None:
    """The worker's half of import_confirm for large uploads. Safe to run twice."""
    if not job_start(job, worker=worker):
        return
    batch = (
        ImportBatch.objects.unscoped("the job's own upload, in the worker")
        .select_related("programme", "organisation")
        .filter(pk=job.params.get("batch"))
        .first()
    )
    by = User.objects.filter(pk=job.params.get("by")).first()
    if batch is None or batch.status != ImportBatch.Status.APPLYING:
        job_succeed(job, message=_("Nothing to do."))
        return
    with translation.override(by.language if by else None):
        try:
            rows = _load_rows(batch)
            # Prepared outside the transaction, so that the progress is seen while it runs.
            plan = _plan(batch, rows, job=job)
            with transaction.atomic():
                locked = _lock(batch)
                if locked.status != ImportBatch.Status.APPLYING:
                    job_succeed(job, message=_("Nothing to do."))
                    return
                _write(locked, rows, plan, by=by)
        except (UploadError, DatabaseError) as exc:
            message = str(exc.message) if isinstance(exc, UploadError) else _failed_message(exc)
            ImportBatch.objects.unscoped(OWN).filter(pk=batch.pk).update(
                status=ImportBatch.Status.PREVIEW, message=message
            )
            job_fail(job, message=message)
            return
        except Exception as exc:
            ImportBatch.objects.unscoped(OWN).filter(pk=batch.pk).update(
                status=ImportBatch.Status.PREVIEW,
                message=_("The import failed; nothing was changed."),
            )
            job_fail(job, message=f"{type(exc).__name__}: {exc}")
            raise
        job_succeed(job, message=_batch_summary(locked))


@dataclass
class _Plan:
    """The new companies and applications of an upload, built and judged before the write."""

    new_rows: list[ImportRow] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    assessor: Assessor | None = None
    rule_set: object = None


def _plan(batch: ImportBatch, rows: list[ImportRow], *, job: Job | None = None) -> _Plan:
    """Build (unsaved) the companies and applications of the new rows and judge their SME
    status. No writes except the job's progress."""
    form = getattr(batch.programme, "application_form", None)
    plan = _Plan(assessor=Assessor(), rule_set=form.rule_set if form is not None else None)
    now = timezone.now()
    plan.new_rows = [row for row in rows if row.action == ImportRow.Action.NEW]
    total = len(plan.new_rows)
    for done, row in enumerate(plan.new_rows, start=1):
        company = _new_company(**_company_values(row.data))
        company.normalised_name = normalise_name(company.legal_name)
        application = _new_application(
            programme=batch.programme,
            company=company,
            counterpart=batch.organisation,
            source=Application.Source.UPLOAD,
            status=Application.Status.SUBMITTED,
            email=company.contact_email,
            submitted_at=now,
        )
        application_assess(
            application, record=False, assessor=plan.assessor, rule_set=plan.rule_set
        )
        application.status = _status_for(application)
        application.eligibility_checked_at = now  # one time for the import, as submitted_at
        plan.companies.append(company)
        plan.applications.append(application)
        if job is not None and done % PROGRESS_EVERY == 0:
            job_progress(
                job,
                done=done,
                total=total,
                message=_("Checking the SME status of new applicants."),
            )
    return plan


def _stale_rows(rows: list[ImportRow], existing: dict) -> list[int]:
    """Rows whose preview no longer holds: a new applicant that now exists, an applicant that
    is gone or whose data changed since the preview."""
    stale = []
    for row in rows:
        if row.action == ImportRow.Action.ERROR:
            continue
        application = _match(existing, row.data)
        if row.action == ImportRow.Action.NEW:
            ok = application is None
        else:
            ok = (
                application is not None
                and application.company_id == row.company_id
                and _changes(application.company, row.data) == row.changes
            )
        if not ok:
            stale.append(row.number)
    return stale


def _write(batch: ImportBatch, rows: list[ImportRow], plan: _Plan, *, by: User | None) -> None:
    """Write exactly the previewed rows, in the caller's transaction (with the batch locked)."""
    _hold_counterpart(batch)
    existing = _existing_applicants(batch.programme, batch.organisation)
    stale = _stale_rows(rows, existing)
    if stale:
        raise UploadError(
            _(
                "Some applicants changed after this preview (rows %(rows)s). Nothing was "
                "imported: upload the file again to see the current differences."
            )
            % {"rows": ", ".join(map(str, stale[:20])) + (" …" if len(stale) > 20 else "")},
            code="stale_preview",
        )
    now = timezone.now()
    actor = by.display_name() if by else batch.organisation.name
    imported = _("Imported from %(file)s, row %(row)s")  # translated once, not per row
    _bulk_insert(Company, plan.companies)
    for application in plan.applications:
        application.company_id = application.company.pk
    _bulk_insert(Application, plan.applications)
    events = [
        _new_event(
            application=application,
            kind=ApplicationEvent.Kind.IMPORTED,
            by=by,
            actor=actor,
            to_status=application.status,
            reason=imported % {"file": batch.filename, "row": row.number},
            at=now,
        )
        for application, row in zip(plan.applications, plan.new_rows, strict=True)
    ]
    events += _write_updates(batch, rows, existing, plan, by=by, actor=actor, now=now)
    _bulk_insert(ApplicationEvent, events)
    for row, company in zip(plan.new_rows, plan.companies, strict=True):
        row.company = company
    _link_rows(plan.new_rows)
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = now
    batch.message = ""
    batch.save(update_fields=["status", "applied_at", "message"])
    # In the import's transaction: an import that rolls back leaves no event.
    audit_record(
        AuditEvent.Action.IMPORT,
        actor=by,
        obj=batch,
        programme=batch.programme,
        detail={
            "file": batch.filename,
            "rows": len(rows),
            "new": len(plan.applications),
            "organisation": batch.organisation.slug,
        },
    )


def _link_rows(rows: list[ImportRow], chunk: int = 300) -> None:
    """Store each new row's company: what bulk_update(rows, ["company"]) does, in a few
    UPDATE ... CASE statements, without building an ORM expression per row (for 10,000 rows
    about 0.2 s instead of 4; see bench/import_applicants.py). 300 rows keep SQLite under its
    999 parameters."""
    table = connection.ops.quote_name(ImportRow._meta.db_table)
    pk = connection.ops.quote_name(ImportRow._meta.pk.column)
    company = connection.ops.quote_name(ImportRow._meta.get_field("company").column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            whens = " ".join(["WHEN %s THEN %s"] * len(part))
            ids = ", ".join(["%s"] * len(part))
            params = [value for row in part for value in (row.pk, row.company_id)]
            cursor.execute(
                f"UPDATE {table} SET {company} = CASE {pk} {whens} END "  # noqa: S608
                f"WHERE {pk} IN ({ids})",
                [*params, *(row.pk for row in part)],
            )


def _write_updates(batch, rows, existing, plan, *, by, actor, now) -> list[ApplicationEvent]:
    updated = [(row, _match(existing, row.data)) for row in rows if row.action == "update"]
    if not updated:
        return []
    fields = {key for row, _application in updated for key in row.changes}
    events = []
    reason = _("Updated from %(file)s, row %(row)s")  # translated once, not per row
    for row, application in updated:
        company = application.company
        for key in row.changes:
            setattr(company, key, _from_json(key, row.data.get(key)))
        company.normalised_name = normalise_name(company.legal_name)
        company.updated_at = now
        before = application.status
        application_assess(
            application, record=False, assessor=plan.assessor, rule_set=plan.rule_set
        )
        application.status = _status_for(application)
        application.updated_at = now
        events.append(
            ApplicationEvent(
                application=application,
                kind=ApplicationEvent.Kind.IMPORTED,
                by=by,
                actor=actor,
                changes=row.changes,
                from_status=before,
                to_status=application.status,
                reason=reason % {"file": batch.filename, "row": row.number},
                at=now,
            )
        )
    Company.objects.bulk_update(
        [application.company for _row, application in updated],
        sorted(fields | {"normalised_name", "updated_at"}),
        batch_size=500,
    )
    Application.objects.bulk_update(
        [application for _row, application in updated],
        ASSESSED_FIELDS,
        batch_size=500,
    )
    return events


def _status_for(application: Application) -> str:
    S = Application.Status
    if application.status not in (S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE):
        return application.status
    return {True: S.ELIGIBLE, False: S.INELIGIBLE, None: S.SUBMITTED}[application.eligible]


def import_discard(batch: ImportBatch, *, by: User | None) -> ImportBatch:
    """Drop an upload that was not imported: nothing is written, the preview rows go."""
    with transaction.atomic():
        batch = ImportBatch.objects.unscoped(OWN).select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportBatch.Status.PREVIEW, ImportBatch.Status.FAILED):
            raise UploadError(
                _("This upload cannot be discarded: it is %(status)s.")
                % {"status": batch.get_status_display()},
                code="invalid_state",
            )
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
        batch.rows.all().delete()
    return batch
