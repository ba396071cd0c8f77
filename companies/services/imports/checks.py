"""Who may own an upload's rows, and how big a file may be."""

import math

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from companies.exceptions import UploadError
from core.models import Organisation
from programmes.models import Programme, ProgrammeOrganisation, Role

# Files up to this size are read while the uploader waits; larger ones go to the worker.
INLINE_BYTES = 200 * 1024


# Confirmed uploads up to this many rows are applied while the uploader waits.
INLINE_ROWS = 500


MAX_BYTES = 10 * 1024 * 1024


PROGRESS_EVERY = 500


# The encodings a person may choose for a CSV file; without one, read_table detects it.
ENCODINGS = ("utf-8", "cp932", "cp1251")


def counterpart_organisations(programme: Programme) -> QuerySet[Organisation]:
    """The counterpart organisations invited to the programme: the possible owners of rows."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.COUNTERPART,
        programme_links__programme=programme,
        programme_links__role=Role.COUNTERPART,
    ).order_by("name")


def _check_owner(programme: Programme, organisation: Organisation | None) -> None:
    if organisation is None or organisation.kind != Organisation.Kind.COUNTERPART:
        raise UploadError(
            _("Applicant lists are uploaded for a counterpart organisation."),
            errors={"organisation": [_("Choose a counterpart organisation.")]},
            code="invalid_owner",
        )
    invited = ProgrammeOrganisation.objects.filter(
        programme=programme, organisation=organisation, role=Role.COUNTERPART
    ).exists()
    if not invited:
        raise UploadError(
            _("%(organisation)s is not a counterpart organisation of “%(programme)s”.")
            % {"organisation": organisation.name, "programme": programme.title},
            errors={"organisation": [_("Not a counterpart organisation of this programme.")]},
            code="invalid_owner",
        )


def import_size_check(size: int) -> None:
    """Refuse a file that is too large before reading it (the form and the API call this with
    the upload's size; import_upload checks again)."""
    if size > MAX_BYTES:
        message = _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": f"{math.ceil(size / 1024 / 1024 * 10) / 10:.1f}",
            "limit": f"{MAX_BYTES / 1024 / 1024:g}",
        }
        raise UploadError(message, errors={"file": [message]}, code="too_large")
