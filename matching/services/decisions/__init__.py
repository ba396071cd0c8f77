"""Selection decisions and what follows them: telling the companies (in their language, with
their private link), their confirmation or decline, promotion from the waiting list, and the
invitation of Japanese companies from the registry. Every status change is kept in the
application's trail with its reason.

One module per part: record, notify (telling the companies), answers (with the waiting list),
invitations.
"""

from .answers import participation_respond, waitlist_promote
from .invitations import companies_invite
from .notify import SUBJECTS, decision_send, decisions_notify, decisions_notify_preview
from .record import OUTCOME_STATUS, O, S, decision_record

__all__ = [
    "O",
    "OUTCOME_STATUS",
    "S",
    "SUBJECTS",
    "companies_invite",
    "decision_record",
    "decision_send",
    "decisions_notify",
    "decisions_notify_preview",
    "participation_respond",
    "waitlist_promote",
]
