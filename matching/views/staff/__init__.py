"""Staff pages of the assessment round, one module per part of it: settings, criteria and the
lock (round); conflicts of interest (conflicts); who reviews which application (assignments);
the ranking and the bulk decisions (decisions) with its export (export); invitations of
Japanese companies from the registry and the selected participants and their answers
(participants). Each view parses, calls one service or selector, and responds.

Who sees what (access): agency staff everything; an adviser of the programme the conflicts page
(their own conflicts); other people who can see the programme 403; people who cannot see it 404.
Times are shown in the programme's time zone."""

from .assignments import AssignmentRow, assignment_auto, assignment_delete_view, assignment_list
from .conflicts import conflict_delete, conflict_list
from .decisions import decision_create, ranking, waitlist_promote_view
from .export import ranking_export
from .participants import invitation_create, participant_list, participant_respond
from .round import (
    assessment_lock_view,
    assessment_overview,
    assessment_settings,
    assessment_unlock_view,
    criterion_delete_view,
    criterion_edit,
)

__all__ = [
    "AssignmentRow",
    "assessment_lock_view",
    "assessment_overview",
    "assessment_settings",
    "assessment_unlock_view",
    "assignment_auto",
    "assignment_delete_view",
    "assignment_list",
    "conflict_delete",
    "conflict_list",
    "criterion_delete_view",
    "criterion_edit",
    "decision_create",
    "invitation_create",
    "participant_list",
    "participant_respond",
    "ranking",
    "ranking_export",
    "waitlist_promote_view",
]
