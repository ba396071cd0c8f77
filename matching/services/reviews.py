"""An adviser's scores, recommendation and comment on an application assigned to them.

Scores change until staff lock the round. Each save holds the assignment's row, so two saves of
the same review follow one another; two advisers' saves touch different rows and both keep."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, User

from .. import selectors
from ..exceptions import AssessmentError, NotAssigned, ScoreOutOfScale
from ..models import Assignment, Criterion, Score
from ..rules import can_score
from .round import ensure_open


def _automatic(assignment: Assignment, criteria) -> dict[int, Decimal]:
    return selectors.auto_scores(assignment.application, criteria)


def assignment_refresh_completion(assignment: Assignment, criteria=None) -> bool:
    """Complete = every criterion has a score (its own or one filled from the application)
    and a recommendation is given."""
    if criteria is None:
        criteria = list(Criterion.objects.filter(programme_id=assignment.programme_id))
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    scored |= set(_automatic(assignment, criteria))
    complete = bool(
        criteria
        and all(criterion.pk in scored for criterion in criteria)
        and assignment.recommendation
    )
    if complete and assignment.completed_at is None:
        assignment.completed_at = timezone.now()
    elif not complete:
        assignment.completed_at = None
    Assignment.objects.filter(pk=assignment.pk).update(completed_at=assignment.completed_at)
    return complete


def _number(value) -> Decimal | None:
    """A score as typed ("4.5" or "4,5"); None when it is not a finite number."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def review_save(
    assignment: Assignment,
    *,
    by: User,
    scores: dict,
    recommendation: str | None = None,
    comment: str | None = None,
) -> Assignment:
    """scores: {criterion id: value or None (to clear)}; criteria not named keep their score.
    All or nothing: one bad score refuses the whole save, saying which and why."""
    if not can_score(by, assignment):
        raise NotAssigned()
    programme = assignment.programme
    criteria = {criterion.pk: criterion for criterion in selectors.criterion_list(programme)}
    automatic = _automatic(assignment, criteria.values())
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Decimal | None] = {}
    out_of_scale = False
    for key, value in scores.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, ValueError, TypeError):
            errors[f"scores.{key}"] = [_("No such criterion in this programme.")]
            continue
        field = f"scores.{criterion.pk}"
        number = _number(value)
        if criterion.pk in automatic:
            # The filled score sent back unchanged (as a form does) is fine; anything else is not.
            if value not in (None, "") and number != automatic[criterion.pk]:
                errors[field] = [_("This score is filled from the application.")]
            continue
        if value in (None, ""):
            cleaned[criterion.pk] = None
            continue
        if number is None:
            errors[field] = [_("Give a number.")]
            continue
        if not criterion.scale_min <= number <= criterion.scale_max:
            errors[field] = [
                _("%(name)s is scored from %(low)s to %(high)s; %(value)s is outside the scale.")
                % {
                    "name": criterion.display_name,
                    "low": criterion.scale_min,
                    "high": criterion.scale_max,
                    "value": value,
                }
            ]
            out_of_scale = True
            continue
        if number != number.quantize(Decimal("0.1")):
            errors[field] = [_("Use at most one decimal place.")]
            continue
        cleaned[criterion.pk] = number
    if recommendation not in (None, "", *Assignment.Recommendation.values):
        errors["recommendation"] = [_("Choose select, maybe or reject.")]
    if errors:
        error = ScoreOutOfScale if out_of_scale else AssessmentError
        raise error(_("Some scores are not valid; nothing was saved."), errors=errors)
    with transaction.atomic():
        ensure_open(programme, for_update=True)
        assignment = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        if assignment is None:  # taken back meanwhile (a conflict was declared)
            raise NotAssigned()
        for criterion_id, value in cleaned.items():
            if value is None:
                Score.objects.filter(assignment=assignment, criterion_id=criterion_id).delete()
            else:
                Score.objects.update_or_create(
                    assignment=assignment, criterion_id=criterion_id, defaults={"value": value}
                )
        fields = ["updated_at"]
        if recommendation is not None:
            assignment.recommendation = recommendation
            fields.append("recommendation")
        if comment is not None:
            assignment.comment = comment.strip()[:5000]
            fields.append("comment")
        assignment.save(update_fields=fields)
        assignment_refresh_completion(assignment, list(criteria.values()))
        audit_record(
            AuditEvent.Action.SCORE_CHANGE,
            actor=by,
            obj=assignment,
            programme=programme,
            detail={
                "scores": {
                    str(pk): (None if value is None else str(value))
                    for pk, value in cleaned.items()
                },
                "recommendation": recommendation,
            },
        )
    return assignment
