"""The meeting's outcome level: derived again after every answer (monitoring/levels.py), and
settled by staff where the respondents disagree, with who and when kept on record. A level of
3 or 4 opens the meeting's follow-up case (services/follow_ups.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from scheduling.models import Meeting

from ..exceptions import SettleRefused
from ..levels import derive_level
from ..models import MeetingOutcome, SurveyResponse
from ..rules import can_settle_outcomes
from .follow_ups import follow_up_open_for


def outcome_derive(meeting: Meeting) -> MeetingOutcome:
    """Derive the meeting's level from its answers (a "did not take place" answer counts as
    no level). A settlement staff made stays."""
    levels = {
        kind: level if took_place else None
        for kind, level, took_place in SurveyResponse.objects.filter(meeting=meeting).values_list(
            "respondent_kind", "level", "took_place"
        )
    }
    found = derive_level(levels.get("japanese"), levels.get("overseas"), levels.get("interpreter"))
    outcome, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        defaults={"derived_level": found.level, "rule": found.rule, "flagged": found.flagged},
    )
    follow_up_open_for(outcome)
    return outcome


def outcome_settle(
    outcome: MeetingOutcome, *, level: int, by: User, note: str = "", now=None
) -> MeetingOutcome:
    """Staff set the level of a meeting whose respondents disagree; who, when and why stay on
    record (settling again replaces them)."""
    if not can_settle_outcomes(by):
        raise SettleRefused(
            _("Only programme staff settle outcome levels."), code="permission_denied"
        )
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise SettleRefused(
            _("The outcome level must be from 1 to 5."), errors={"level": [_("1 to 5")]}
        )
    with transaction.atomic():
        outcome = MeetingOutcome.objects.select_for_update().get(pk=outcome.pk)
        if not outcome.flagged:
            raise SettleRefused(
                _("The respondents of this meeting agree: there is nothing to settle.")
            )
        outcome.settled_level = level
        outcome.settled_by = by
        outcome.settled_at = now or timezone.now()
        outcome.note = (note or "").strip()
        outcome.save()
        follow_up_open_for(outcome)
    return outcome
