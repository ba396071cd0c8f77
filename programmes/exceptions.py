from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class ProgrammeError(ApplicationError):
    default_message = _("The programme data is not valid.")
