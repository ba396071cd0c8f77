"""The round's settings, its lock, and the criteria advisers score against."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from programmes.models import Programme

from ..assessment import auto as auto_rules
from ..exceptions import AssessmentError, RoundLocked
from ..models import Assessment, Criterion, FrozenFacts

ROUND_FIELDS = ("reviews_per_application", "target_min", "target_max", "disagreement")
CRITERION_FIELDS = (
    "name", "name_ja", "name_ru", "guidance", "guidance_ja", "guidance_ru", "scale_min",
    "scale_max", "weight", "threshold", "source", "auto_rule", "position",
)  # fmt: skip


def assessment_get_or_create(programme: Programme) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(programme=programme)
    return assessment


def ensure_open(programme: Programme, *, for_update: bool = False) -> Assessment | None:
    """Refuse when the round is locked. Inside a transaction, `for_update` holds the round's row
    so that a lock cannot slip in between the check and the write."""
    rounds = Assessment.objects.filter(programme=programme)
    if for_update:
        # Hold a row even when staff never saved the round's settings: with no row to wait on,
        # a lock committed meanwhile would not stop this write.
        assessment_get_or_create(programme)
        rounds = rounds.select_for_update()
    assessment = rounds.first()
    if assessment is not None and assessment.is_locked:
        raise RoundLocked(
            _("The assessment round was locked on %(when)s: nothing can change until staff "
              "unlock it.")
            % {"when": timezone.localtime(assessment.locked_at, programme.tzinfo).strftime(
                "%Y-%m-%d %H:%M")}
        )  # fmt: skip
    return assessment


def assessment_update(programme: Programme, *, by: User, **fields) -> Assessment:
    errors: dict[str, list[str]] = {}
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise AssessmentError(
            _("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        assessment = assessment_get_or_create(programme)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        for name, value in fields.items():
            setattr(assessment, name, value)
        reviews = _whole(assessment.reviews_per_application)
        if reviews is None or not 1 <= reviews <= 10:
            errors["reviews_per_application"] = [_("Give a number from 1 to 10.")]
        else:
            assessment.reviews_per_application = reviews
        target_min = _whole(assessment.target_min)
        target_max = _whole(assessment.target_max)
        if target_min is None or target_min < 1:
            errors["target_min"] = [_("Select at least one company.")]
        elif target_max is None or target_max < target_min:
            errors["target_max"] = [_("The most cannot be fewer than the least.")]
        else:
            assessment.target_min, assessment.target_max = target_min, target_max
        try:
            disagreement = Decimal(str(assessment.disagreement))
            if not 0 < disagreement <= 100:
                raise InvalidOperation
            assessment.disagreement = disagreement
        except (InvalidOperation, ValueError):
            errors["disagreement"] = [_("Give a number of points above 0 and up to 100.")]
        if errors:
            raise AssessmentError(_("Some settings are not valid."), errors=errors)
        assessment.save()
    return assessment


def _whole(value) -> int | None:
    """A whole number as given (5, "5"); None when it is not one."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


def assessment_lock(programme: Programme, *, by: User) -> Assessment:
    with transaction.atomic():
        assessment = assessment_get_or_create(programme)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_locked:
            assessment.locked_at = timezone.now()
            assessment.locked_by = by
            assessment.save(update_fields=["locked_at", "locked_by", "updated_at"])
            _freeze_auto_scores(programme, at=assessment.locked_at)
    return assessment


def _freeze_auto_scores(programme: Programme, *, at) -> None:
    """Keep every assessed applicant's automatic scores, with the facts and the exchange rates
    (as of the lock's date) they were read from: the locked ranking no longer moves."""
    from .. import selectors

    FrozenFacts.objects.filter(programme=programme).delete()
    criteria = [c for c in selectors.criterion_list(programme) if c.is_automatic]
    if not criteria:
        return
    on = timezone.localdate(at)
    applications = selectors.assessed_applications(programme).select_related("company", "programme")
    FrozenFacts.objects.bulk_create(
        FrozenFacts(
            programme=programme,
            application=application,
            frozen_at=at,
            rates_on=on,
            facts={
                str(pk): fact.as_json()
                for pk, fact in selectors.live_auto_facts(application, criteria, on=on).items()
            },
        )
        for application in applications
    )


def assessment_unlock(programme: Programme, *, by: User) -> Assessment:
    with transaction.atomic():
        assessment = assessment_get_or_create(programme)
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        assessment.locked_at = None
        assessment.locked_by = None
        assessment.save(update_fields=["locked_at", "locked_by", "updated_at"])
        # The automatic scores follow the companies' records and the rates again.
        FrozenFacts.objects.filter(programme=programme).delete()
    return assessment


# --- criteria -----------------------------------------------------------------------------------


def _decimal(value, name: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
        return number
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append(_("Give a number."))
        return None


def _validate_criterion(criterion: Criterion) -> None:
    errors: dict[str, list[str]] = {}
    if not (criterion.name or "").strip():
        errors["name"] = [_("Give the criterion a name.")]
    try:
        low, high = int(criterion.scale_min), int(criterion.scale_max)
    except (TypeError, ValueError):
        errors["scale_max"] = [_("The scale runs between two whole numbers.")]
        low, high = 0, 0
    else:
        if low < 0 or high > 100:
            errors["scale_max"] = [_("Keep the scale between 0 and 100.")]
        elif high <= low:
            errors["scale_max"] = [_("The highest score must be above the lowest.")]
    weight = _decimal(criterion.weight, "weight", errors)
    if weight is None and "weight" not in errors:
        errors["weight"] = [_("Give a weight.")]
    elif weight is not None and not Decimal("0") < weight <= Decimal("100"):
        errors["weight"] = [_("The weight is a number above 0 and up to 100.")]
    criterion.weight = weight if weight is not None else criterion.weight
    threshold = _decimal(criterion.threshold, "threshold", errors)
    if threshold is not None and "scale_max" not in errors and not low <= threshold <= high:
        errors["threshold"] = [
            _("The threshold must be on the scale (%(low)s to %(high)s).")
            % {"low": low, "high": high}
        ]
    criterion.threshold = threshold
    if criterion.source not in Criterion.Source.values:
        errors["source"] = [_("Choose where the score comes from.")]
    elif criterion.is_automatic:
        _validate_rule(criterion, low, high, errors)
    else:
        criterion.auto_rule = {}
    if errors:
        raise AssessmentError(_("The criterion is not valid."), errors=errors)


def _validate_rule(criterion: Criterion, low: int, high: int, errors: dict) -> None:
    rule = criterion.auto_rule or {}
    if not isinstance(rule, dict):
        errors.setdefault("auto_rule", []).append(
            _("Give the rule as an object: its bands, or the scores for yes and for no.")
        )
        criterion.auto_rule = {}
        return
    if criterion.source in auto_rules.YES_NO_SOURCES:
        cleaned = {}
        for answer in ("yes", "no"):
            value = _decimal(rule.get(answer), "auto_rule", errors)
            if value is None:
                errors.setdefault("auto_rule", []).append(
                    _("Give the score for the answer “%(answer)s”.") % {"answer": _(answer)}
                )
            else:
                cleaned[answer] = str(value)
        rule = cleaned
    else:
        bands = rule.get("bands")
        if isinstance(bands, str):
            bands, problems = auto_rules.parse_bands(bands)
            for problem in problems:
                errors.setdefault("auto_rule", []).append(
                    _("%(where)s: %(message)s")
                    % {"where": problem.where, "message": problem.message}
                )
        elif not isinstance(bands, list) or not bands:
            errors.setdefault("auto_rule", []).append(
                _("Give the bands, one per line: “from value = score”.")
            )
            bands = []
        else:
            text = (
                auto_rules.bands_text(bands)
                if all(isinstance(b, list | tuple) and len(b) == 2 for b in bands)
                else ""
            )
            bands, problems = auto_rules.parse_bands(text)
            for problem in problems:
                errors.setdefault("auto_rule", []).append(
                    _("%(where)s: %(message)s")
                    % {"where": problem.where, "message": problem.message}
                )
        rule = {"bands": bands}
        if criterion.source == Criterion.Source.SALES:
            currency = str((criterion.auto_rule or {}).get("currency", "")).upper()
            if len(currency) != 3 or not currency.isalpha():
                errors.setdefault("auto_rule", []).append(
                    _("Name the currency of the sales bands (three letters, e.g. JPY).")
                )
            rule["currency"] = currency
    if "auto_rule" not in errors:
        outside = [s for s in auto_rules.rule_scores(rule) if not low <= s <= high]
        if outside:
            errors["auto_rule"] = [
                _("Scores %(scores)s are outside the scale (%(low)s to %(high)s).")
                % {"scores": ", ".join(str(s) for s in outside), "low": low, "high": high}
            ]
    criterion.auto_rule = rule


# The criteria change only in an open round: each change holds the round's row from its check
# to its commit (ensure_open with for_update), so that a lock waits for it, or refuses it.


def criterion_create(programme: Programme, *, by: User, **fields) -> Criterion:
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise AssessmentError(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        ensure_open(programme, for_update=True)
        criterion = Criterion(programme=programme, **fields)
        if "position" not in fields:
            criterion.position = programme.criteria.count() + 1
        _validate_criterion(criterion)
        criterion.save()
        _refresh_completion(programme)
    return criterion


def criterion_update(criterion: Criterion, *, by: User, **fields) -> Criterion:
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise AssessmentError(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        ensure_open(criterion.programme, for_update=True)
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
        for name, value in fields.items():
            setattr(criterion, name, value)
        _validate_criterion(criterion)
        criterion.save()
        _refresh_completion(criterion.programme)
    return criterion


def criterion_delete(criterion: Criterion, *, by: User) -> None:
    programme = criterion.programme
    with transaction.atomic():
        ensure_open(programme, for_update=True)
        criterion.delete()
        _refresh_completion(programme)


def _refresh_completion(programme: Programme) -> None:
    """Criteria changed: a review is complete again only if it scores every criterion."""
    from .reviews import assignment_refresh_completion

    for assignment in programme.assignments.select_for_update():
        assignment_refresh_completion(assignment)
