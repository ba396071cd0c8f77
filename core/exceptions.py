"""The root of every app's exception family.

Services raise these with translatable messages; views turn them into form errors or messages,
and the API turns them into one JSON shape: {"detail": ..., "code": ..., "errors": {...}}.
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    default_message = _("The request could not be carried out.")
    code = "invalid"

    def __init__(self, message=None, *, errors: dict | None = None, code: str | None = None):
        self.message = message or self.default_message
        self.errors = errors or {}
        if code:
            self.code = code
        super().__init__(str(self.message))


class NotAllowed(ApplicationError):
    default_message = _("You may not do this.")
    code = "permission_denied"
