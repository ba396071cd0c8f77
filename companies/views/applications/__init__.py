"""Applicant pages for staff and counterparts: the list with filters and export, one application
with its SME result and trail, status changes, staff corrections, and the form settings with the
programme's own questions. Each view parses, calls one service or selector, and responds.

Who sees what: staff every applicant of a programme; a counterpart the applicants it put forward
(companies.selectors scope the rows); other people of the programme nothing (403); people who
cannot see the programme 404.

One module per part: access, sme_result and trail (as the pages show them), listing (the list
and its export), detail (one application, status changes, corrections), form_settings.
"""

from .detail import answers_shown, application_detail, application_edit, application_transition_view
from .form_settings import form_edit, question_delete_view, question_edit
from .listing import application_export, application_list
from .sme_result import SmeResult
from .trail import TrailEntry, trail

__all__ = [
    "SmeResult",
    "TrailEntry",
    "answers_shown",
    "application_detail",
    "application_edit",
    "application_export",
    "application_list",
    "application_transition_view",
    "form_edit",
    "question_delete_view",
    "question_edit",
    "trail",
]
