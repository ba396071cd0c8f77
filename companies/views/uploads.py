"""Counterpart uploads: the upload form with the programme's uploads, the preview of one upload
(new / update / unchanged / error rows, with the job's progress while it is read or applied),
confirm and discard, and the downloadable template. Each view parses, calls one service or
selector, and responds.

Who: a counterpart organisation invited to the programme (its own uploads) and agency staff
(every upload, choosing the counterpart that owns the rows). Other people of the programme get
403; people who cannot see the programme 404; another counterpart's upload is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.audit import audit_download
from core.files import private_file_response
from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from .. import selectors
from ..exceptions import UploadError
from ..forms_uploads import UploadForm
from ..models import ImportBatch, ImportRow
from ..rules import can_upload_applicants
from ..services import imports

ROWS_PER_PAGE = 100
LIST_PAGE_SIZE = 50
BUSY = (ImportBatch.Status.READING, ImportBatch.Status.APPLYING)


def _programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404) and upload to it (else 403), in its own
    time zone."""
    programme = programme_get_for_user(request.user, slug)
    if not can_upload_applicants(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _batch(request, programme: Programme, pk: int) -> ImportBatch:
    return selectors.import_batch_get_for_user(request.user, programme, pk)


@login_required
def upload_list(request, slug: str):
    programme = _programme(request, slug)
    form = UploadForm(
        request.POST or None, request.FILES or None, programme=programme, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_upload(
                programme,
                organisation=form.owner(),
                by=request.user,
                filename=upload.name,
                data=upload.read(),
                encoding=form.cleaned_data["encoding"] or None,
            )
        except UploadError as exc:
            _show_errors(form, exc)
        else:
            if batch.status == ImportBatch.Status.READING:
                messages.success(request, _("File received. It is being read in the background."))
            return redirect("companies:upload.detail", slug=programme.slug, pk=batch.pk)
    batches = Paginator(
        selectors.import_batch_list_for_user(request.user, programme), LIST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "companies/upload/list.html",
        {
            "programme": programme,
            "form": form,
            "page": batches,
            "show_organisation": request.user.is_agency_staff,
            "max_mb": imports.MAX_BYTES // 1024 // 1024,
        },
    )


def _show_errors(form, exc: UploadError) -> None:
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, problems in exc.errors.items():
        target = field if field in form.fields else None
        if target == "file" and str(exc.message) not in [str(p) for p in problems]:
            # The field says what kind of problem; the message says exactly what.
            form.add_error("file", str(exc.message))
            continue
        for problem in problems:
            form.add_error(target, str(problem))


@login_required
def upload_detail(request, slug: str, pk: int):
    programme = _programme(request, slug)
    batch = _batch(request, programme, pk)
    if request.headers.get("HX-Request"):
        if batch.status in BUSY:
            return render(
                request, "companies/upload/_progress.html", {"programme": programme, "batch": batch}
            )
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # finished: show the whole result
        return response
    action = request.GET.get("action", "")
    rows = batch.rows.all()
    if action in ImportRow.Action.values:
        rows = rows.filter(action=action)
    else:
        action = ""
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    counts = [
        (value, label, getattr(batch, f"{value}_count"))
        for value, label in ImportRow.Action.choices
    ]
    return render(
        request,
        "companies/upload/detail.html",
        {
            "programme": programme,
            "batch": batch,
            "busy": batch.status in BUSY,
            "page": page,
            "rows": [_present(row) for row in page.object_list],
            "action": action,
            "counts": counts,
            "can_confirm": batch.status == ImportBatch.Status.PREVIEW and not batch.error_count,
            "can_discard": batch.status in (ImportBatch.Status.PREVIEW, ImportBatch.Status.FAILED),
            "show_organisation": request.user.is_agency_staff,
        },
    )


def _present(row: ImportRow) -> dict:
    data = row.data or {}
    return {
        "number": row.number,
        "action": row.action,
        "action_label": row.get_action_display(),
        "name": data.get("legal_name") or "",
        "local_name": data.get("local_name") or "",
        "country": data.get("country") or "",
        "registration_number": data.get("registration_number") or "",
        "errors": row.errors or [],
        "changes": [
            {"column": column, "old": _shown(old), "new": _shown(new)}
            for column, (old, new) in (row.changes or {}).items()
        ],
    }


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@login_required
@require_POST
def upload_confirm(request, slug: str, pk: int):
    programme = _programme(request, slug)
    batch = _batch(request, programme, pk)
    try:
        batch = imports.import_confirm(batch, by=request.user)
    except UploadError as exc:
        messages.error(request, str(exc.message))
    else:
        if batch.status == ImportBatch.Status.APPLIED:
            messages.success(request, _("Imported. %(summary)s") % {"summary": _summary(batch)})
        else:
            messages.success(request, _("The import is running in the background."))
    return redirect("companies:upload.detail", slug=programme.slug, pk=batch.pk)


def _summary(batch: ImportBatch) -> str:
    return _("%(new)s new, %(update)s updated, %(same)s unchanged.") % {
        "new": batch.new_count,
        "update": batch.update_count,
        "same": batch.unchanged_count,
    }


@login_required
@require_POST
def upload_discard(request, slug: str, pk: int):
    programme = _programme(request, slug)
    batch = _batch(request, programme, pk)
    try:
        imports.import_discard(batch, by=request.user)
    except UploadError as exc:
        messages.error(request, str(exc.message))
        return redirect("companies:upload.detail", slug=programme.slug, pk=batch.pk)
    messages.success(request, _("Upload discarded; nothing was imported."))
    return redirect("companies:upload.list", slug=programme.slug)


@login_required
@require_safe
def upload_download(request, slug: str, pk: int):
    """The file as it was uploaded, under its own name: for the counterpart whose upload it is
    and agency staff (as the upload itself)."""
    programme = _programme(request, slug)
    batch = _batch(request, programme, pk)
    response = private_file_response(batch.file, filename=batch.filename)
    audit_download(request, filename=batch.filename, obj=batch, programme=programme)
    return response


@login_required
def upload_template(request, fmt: str):
    from ..imports.template import template_csv, template_xlsx

    if fmt == "csv":
        content, content_type = template_csv(), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content = template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("No such template format.")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="applicants-template.{fmt}"'
    return response
