"""Counterpart uploads: read → preview → confirm → apply.

Nothing reaches the company registry until the uploader confirms the preview, and the confirmed
import applies exactly the previewed rows (stored as ImportRow) in one transaction: all or
nothing. If an applicant changed after the preview, the import is refused (upload again to see
the current differences). The uploading organisation owns every row, whatever the file says.
Small files are read and applied at once; large ones run as background jobs with progress.

The reading and checking of cells is companies/imports/ (no database); this module matches rows
to the counterpart's existing applicants, checks what only the database knows (field lengths,
number ranges) and writes with bulk queries: an upload of 10,000 rows costs a few dozen queries,
not tens of thousands.

Modules: checks (owners, sizes), fields (JSON ↔ model values, database limits), bulk (building
and inserting many rows), matching (rows ↔ existing applicants), preview (upload and preview),
apply (confirm, apply, discard)."""

from .apply import import_apply_run, import_confirm, import_discard
from .bulk import _bulk_insert as _bulk_insert  # used by monitoring.portfolio.build
from .checks import (
    ENCODINGS,
    INLINE_BYTES,
    INLINE_ROWS,
    MAX_BYTES,
    counterpart_organisations,
    import_size_check,
)
from .checks import (
    PROGRESS_EVERY as PROGRESS_EVERY,
)
from .fields import ROW_FIELDS as ROW_FIELDS
from .preview import import_preview_build, import_preview_run, import_upload

__all__ = [
    "ENCODINGS",
    "INLINE_BYTES",
    "INLINE_ROWS",
    "MAX_BYTES",
    "counterpart_organisations",
    "import_apply_run",
    "import_confirm",
    "import_discard",
    "import_preview_build",
    "import_preview_run",
    "import_size_check",
    "import_upload",
]
