"""Sentences for the reason codes of scheduling/quality.py, in the reader's language."""

from django.utils.translation import gettext_lazy as _

WHY = {
    "unavailable": _("not free in any slot of the sessions it attends"),
    "no_positive_score": _("no positive score with any partner"),
    "no_common_slot": _("no free slot in common with any partner it scores with"),
    "capacity": _("its partners' free slots went to better-scored meetings"),
    "blocked": _("the pair is blocked by an adviser"),
    "declined_by_domestic": _("the Japanese company is not interested"),
    "declined_by_overseas": _("the overseas company is not interested"),
    "not_scored": _("the pair has no positive score"),
    "at_cap": _("one of the two already has its maximum of meetings"),
}


def why_text(code: str) -> str:
    return str(WHY.get(code, code))
