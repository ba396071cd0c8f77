"""Conflicts of interest and who reviews which application: by hand or balanced automatically.
An adviser with a declared conflict is never assigned the company's application."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from companies.models import Application, Company
from core.models import User
from programmes.models import Programme

from .. import selectors
from ..assessment.assign import balance
from ..exceptions import AssessmentError, ConflictNotYours
from ..models import Assessment, Assignment, Conflict, ConflictWithdrawal
from ..rules import can_declare_conflict, can_withdraw_conflict, is_adviser
from .round import assessment_get_or_create, ensure_open


def _require_adviser(programme: Programme, adviser: User) -> None:
    if not is_adviser(adviser, programme):
        raise AssessmentError(
            _("%(name)s is not an adviser of this programme.") % {"name": adviser.display_name()},
            errors={"adviser": [_("Invite them as an adviser first.")]},
        )


def _hold_round(programme: Programme) -> Assessment:
    """Lock the round's row (created if staff never saved its settings), locked or not: the
    writes of conflicts and assignments take turns on it."""
    assessment_get_or_create(programme)
    return Assessment.objects.select_for_update().get(programme=programme)


def conflict_declare(
    programme: Programme, *, adviser: User, company: Company, reason: str, by: User
) -> Conflict:
    """Record a conflict; an existing assignment of that company's application to the adviser
    is taken back (with its scores) unless the round is locked."""
    if not can_declare_conflict(by, programme, adviser):
        raise AssessmentError(_("You may declare only your own conflicts of interest."))
    _require_adviser(programme, adviser)
    if not reason.strip():
        raise AssessmentError(
            _("Say what the conflict is."), errors={"reason": [_("A reason is required.")]}
        )
    with transaction.atomic():
        # Hold the round's row before looking for assignments: an assignment being created
        # meanwhile (by hand or automatically) holds it too, so it either committed before
        # this look and is taken back here, or it waits and then sees this conflict.
        _hold_round(programme)
        existing = Assignment.objects.filter(
            programme=programme, adviser=adviser, application__company=company
        )
        if existing.exists():
            ensure_open(programme, for_update=True)
            existing.delete()
        conflict, created = Conflict.objects.get_or_create(
            programme=programme,
            adviser=adviser,
            company=company,
            defaults={"reason": reason.strip()[:300], "declared_by": by},
        )
        if not created:
            raise AssessmentError(
                _("%(name)s has already declared a conflict with %(company)s.")
                % {"name": adviser.display_name(), "company": company},
                errors={"company": [_("Already declared.")]},
            )
    return conflict


def conflict_withdraw(conflict: Conflict, *, by: User) -> ConflictWithdrawal:
    """Staff, or the adviser who declared the conflict themselves, withdraw it while the round
    is open. The conflict goes; a ConflictWithdrawal keeps it on record."""
    if not can_withdraw_conflict(by, conflict):
        if conflict.adviser_id == by.pk:
            raise ConflictNotYours(
                _("This conflict of interest was recorded by programme staff: only staff may "
                  "withdraw it.")
            )  # fmt: skip
        raise ConflictNotYours(_("You may withdraw only your own conflicts of interest."))
    with transaction.atomic():
        ensure_open(conflict.programme, for_update=True)
        current = Conflict.objects.select_for_update().filter(pk=conflict.pk).first()
        if current is None:
            raise AssessmentError(_("This conflict of interest has already been withdrawn."))
        record = ConflictWithdrawal.objects.create(
            programme_id=current.programme_id,
            adviser_id=current.adviser_id,
            company_id=current.company_id,
            reason=current.reason,
            declared_by_id=current.declared_by_id,
            declared_at=current.declared_at,
            withdrawn_by=by,
        )
        current.delete()
    return record


def _in_pool(application: Application) -> None:
    if not selectors.pool(application.programme).filter(pk=application.pk).exists():
        raise AssessmentError(
            _("%(company)s is not in the assessment round (its status is %(status)s).")
            % {"company": application.company, "status": application.get_status_display()},
            errors={"application": [_("Only eligible applications are assessed.")]},
        )


def assignment_create(application: Application, *, adviser: User, by: User) -> Assignment:
    programme = application.programme
    _require_adviser(programme, adviser)
    _in_pool(application)
    try:
        with transaction.atomic():
            # The round's row first, then the conflict check: a conflict declared meanwhile
            # (conflict_declare holds the same row) is seen here, or sees this assignment.
            ensure_open(programme, for_update=True)
            if Conflict.objects.filter(
                programme=programme, adviser=adviser, company=application.company
            ).exists():
                raise AssessmentError(
                    _("%(name)s declared a conflict of interest with %(company)s.")
                    % {"name": adviser.display_name(), "company": application.company},
                    errors={"adviser": [_("Conflict of interest declared.")]},
                )
            return Assignment.objects.create(
                programme=programme,
                application=application,
                adviser=adviser,
                method=Assignment.Method.MANUAL,
                assigned_by=by,
            )
    except IntegrityError as exc:
        raise AssessmentError(
            _("%(company)s is already assigned to %(name)s.")
            % {"company": application.company, "name": adviser.display_name()},
            errors={"adviser": [_("Already assigned.")]},
        ) from exc


def assignment_delete(assignment: Assignment, *, by: User) -> None:
    with transaction.atomic():
        ensure_open(assignment.programme, for_update=True)
        assignment.delete()


def assignments_auto(programme: Programme, *, by: User) -> dict:
    """Give every application of the round its reviews, balancing the advisers' loads and
    respecting conflicts. Existing assignments stay. Returns what was done, and what could not
    be (applications short of advisers)."""
    advisers = list(selectors.adviser_list(programme))
    if not advisers:
        raise AssessmentError(
            _("No adviser is invited to this programme yet: invite advisers first.")
        )
    with transaction.atomic():
        # Held while the conflicts are read and the plan written: a conflict declared
        # meanwhile waits for the plan (and takes back what it gave), or is in the plan.
        assessment = ensure_open(programme, for_update=True)
        applications = list(selectors.pool(programme).filter(decision__isnull=True))
        by_company = {}
        for application in applications:
            by_company.setdefault(application.company_id, []).append(application.pk)
        conflicts = {
            (application_id, adviser_id)
            for adviser_id, company_id in Conflict.objects.filter(programme=programme).values_list(
                "adviser_id", "company_id"
            )
            for application_id in by_company.get(company_id, [])
        }
        existing = set(
            Assignment.objects.filter(programme=programme).values_list(
                "application_id", "adviser_id"
            )
        )
        plan = balance(
            [application.pk for application in applications],
            [adviser.pk for adviser in advisers],
            assessment.reviews_per_application,
            existing=existing,
            conflicts=conflicts,
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    programme=programme,
                    application_id=application_id,
                    adviser_id=adviser_id,
                    method=Assignment.Method.AUTO,
                    assigned_by=by,
                )
                for application_id, adviser_id in plan.new
            ]
        )
    names = {adviser.pk: adviser.display_name() for adviser in advisers}
    return {
        "created": len(plan.new),
        "applications": len(applications),
        "loads": {names[pk]: load for pk, load in plan.loads.items()},
        "short": plan.short,
    }
