"""Permission rows: uploads (see tests/companies/permission_rows.py).

A counterpart organisation invited to the programme uploads (and sees its own uploads; the
world's batch is the counterpart's); agency staff upload for any counterpart of the programme.
The other people of the programme get 403, the uninvited counterpart 404. The template is for
every signed-in user. The world's batch keeps its file, so that its download answers 200."""

from django.core.files.uploadedfile import SimpleUploadedFile

from companies.imports import template_csv
from tests.permission_table import (
    API_ANONYMOUS,
    LOGIN,
    api_row,
    literal,
    programme_managers,
    row,
    signed_in,
)

P = "programme.slug"
B = "batch.pk"


def uploaders(status: int, *, anonymous=LOGIN) -> dict:
    """Staff and the programme's counterpart; the other invited 403, the uninvited 404."""
    return {**programme_managers(status, anonymous=anonymous), "counterpart": status}


def upload_form(world) -> dict:
    # The template's example row is a valid applicant. Staff name the owner; a counterpart's
    # form has no such field (its own organisation owns the rows), so the key is ignored.
    return {
        "file": SimpleUploadedFile("applicants.csv", template_csv(), "text/csv"),
        "encoding": "",
        "organisation": world.organisation.slug,
    }


HTML_ROWS = [
    row("companies:upload.list", "GET", uploaders(200), P),
    row("companies:upload.list", "POST", uploaders(302), P, data=upload_form),
    row("companies:upload.detail", "GET", uploaders(200), P, B),
    row("companies:upload.confirm", "POST", uploaders(302), P, B),
    row("companies:upload.confirm", "GET", signed_in(405), P, B),
    row("companies:upload.discard", "POST", uploaders(302), P, B),
    # The uploaded file itself (kept privately, core/storage.py): whoever may see the upload.
    row("companies:upload.download", "GET", uploaders(200), P, B),
    row("companies:upload.download", "POST", signed_in(405), P, B),
    row("companies:upload.template", "GET", signed_in(200), literal("xlsx")),
    row("companies:upload.template", "GET", signed_in(200), literal("csv"), label=" (csv)"),
    row("companies:upload.template", "GET", signed_in(404), literal("pdf"), label=" (unknown)"),
]

A = API_ANONYMOUS
API_ROWS = [
    api_row("upload.list", "GET", uploaders(200, anonymous=A), P),
    # The table sends JSON; an upload is multipart/form-data, so those allowed get 415
    # (tests/companies/api/test_uploads_api.py uploads real files).
    api_row("upload.list", "POST", uploaders(415, anonymous=A), P, data=lambda w: {}),
    api_row("upload.detail", "GET", uploaders(200, anonymous=A), B),
    api_row("upload.confirm", "POST", uploaders(200, anonymous=A), B),
    api_row("upload.discard", "POST", uploaders(200, anonymous=A), B),
    api_row("upload.download", "GET", uploaders(200, anonymous=A), B),
    api_row("upload.download", "POST", signed_in(405, anonymous=A), B),
]
