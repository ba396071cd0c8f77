"""Serving a private file (core.storage) to someone a view has already checked."""

import mimetypes

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def _open(file: FieldFile):
    try:
        return file.storage.open(file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    # Files stored before private storage existed sit under MEDIA_ROOT under their old names
    # (the migrations move them; this serves any they could not reach).
    try:
        return default_storage.open(file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError) as exc:
        raise Http404("The file is no longer there.") from exc


def private_file_response(file: FieldFile, *, filename: str) -> FileResponse:
    """The file as a download named `filename` (its original name), never shown inline."""
    if not file:
        raise Http404("No file.")
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        _open(file), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
