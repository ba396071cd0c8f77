"""The application form and the status flow.

A company starts an application from the programme's public link without an account; it gets
an e-mail with a private link to come back, edit until the deadline and follow the status.
Every change is recorded in the application's trail (ApplicationEvent).

Modules: common (statuses and their moves, LOCK, the trail, the form's open check), fields
(company fields and answers), start (public start, staff invitation, private link), edit
(edits and submission), status (status moves and selection statuses)."""

from .common import (
    APPLICANT_EDITABLE,
    DECIDABLE,
    LOCK,
    SELECTION_STATUSES,
    TRANSITIONS,
    S,
)
from .edit import application_submit, application_update
from .fields import COMPANY_FIELDS, REQUIRED_TO_SUBMIT, clean_answers
from .start import application_invite, application_send_link, application_start, private_link
from .status import application_decide, application_transition

__all__ = [
    "APPLICANT_EDITABLE",
    "COMPANY_FIELDS",
    "DECIDABLE",
    "LOCK",
    "REQUIRED_TO_SUBMIT",
    "SELECTION_STATUSES",
    "S",
    "TRANSITIONS",
    "application_decide",
    "application_invite",
    "application_send_link",
    "application_start",
    "application_submit",
    "application_transition",
    "application_update",
    "clean_answers",
    "private_link",
]
