"""Every write to programmes, activities and participation. Each validates and owns its
transaction; invalid data raises ProgrammeError with messages per field and saves nothing.

One module per part: common (errors per field, local time), programmes (create, update,
validation), transitions (status steps and what the step back to draft does), activities
(create, update, delete, validation; venues), tables (a session's tables), participation
(invitations and their e-mails, full links), exports (the workbook job).
"""

from .activities import (
    ACTIVITY_FIELDS,
    MEETING_DEFAULTS,
    activity_create,
    activity_delete,
    activity_update,
    venue_get_or_create,
)
from .common import now_local
from .exports import programme_export_run, programme_export_start
from .participation import (
    absolute_url,
    programme_invite_organisation,
    programme_invite_user,
    programme_uninvite,
)
from .programmes import PROGRAMME_FIELDS, TIME_ZONES, programme_create, programme_update
from .tables import MAX_TABLES
from .transitions import (
    programme_transition,
    programme_transition_effects,
    programme_transition_needs_confirmation,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "MAX_TABLES",
    "MEETING_DEFAULTS",
    "PROGRAMME_FIELDS",
    "TIME_ZONES",
    "absolute_url",
    "activity_create",
    "activity_delete",
    "activity_update",
    "now_local",
    "programme_create",
    "programme_export_run",
    "programme_export_start",
    "programme_invite_organisation",
    "programme_invite_user",
    "programme_transition",
    "programme_transition_effects",
    "programme_transition_needs_confirmation",
    "programme_uninvite",
    "programme_update",
    "venue_get_or_create",
]
