"""What the programme services share: the collector of errors per field, and now in the
programme's time zone."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import ProgrammeError
from ..models import Programme


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ProgrammeError(_("Some fields are not valid."), errors=self.errors)


def now_local(programme: Programme) -> datetime:
    return programme.local(timezone.now())
