"""The applicant's (or staff's) edits and the submission; after both, the SME result moves
the status between eligible and not eligible."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.exceptions import ApplicationClosed, CompanyError, StatusChangeRefused
from companies.models import Application, ApplicationEvent

from ..eligibility import application_assess
from .common import APPLICANT_EDITABLE, LOCK, S, _check_form_open, _event
from .fields import REQUIRED_TO_SUBMIT, _set_company_fields, _validate_company, clean_answers


def application_update(
    application: Application, *, by=None, company: dict | None = None, answers: dict | None = None
) -> Application:
    """Edit an application. The applicant (by=None) may edit until the deadline while it is not
    yet decided; staff may always correct it."""
    staff = by is not None and by.is_agency_staff
    with transaction.atomic():
        application = (
            Application.objects.unscoped(LOCK)
            .select_for_update()
            .select_related("company", "programme")
            .get(pk=application.pk)
        )
        form = getattr(application.programme, "application_form", None)
        if not staff:
            if form is not None:
                _check_form_open(form, starting=False)
            if application.status not in APPLICANT_EDITABLE:
                raise ApplicationClosed(
                    _("This application can no longer be changed: it is %(status)s.")
                    % {"status": application.get_status_display()}
                )
        record = application.company
        changes = _set_company_fields(record, company or {})
        errors = {}
        try:
            _validate_company(record)
        except CompanyError as exc:
            errors.update(exc.errors)
        if answers is not None and form is not None:
            try:
                cleaned = clean_answers(form, answers, for_submit=False)
                if cleaned != application.answers:
                    changes["answers"] = [application.answers, cleaned]
                    application.answers = cleaned
            except CompanyError as exc:
                errors.update(exc.errors)
        if errors:
            raise CompanyError(_("Some fields are not valid."), errors=errors)
        if not changes:
            return application
        record.save()
        _event(
            application,
            ApplicationEvent.Kind.EDITED,
            by=by,
            actor=None if by else application.email or None,
            changes=changes,
        )
        application_assess(application, by=by)
        _follow_eligibility(application, by=by)
        application.save()
    return application


def _follow_eligibility(application: Application, *, by) -> None:
    """After submission the SME result moves the status between eligible and not eligible;
    undecided results stay submitted for staff to decide."""
    if application.status not in (S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE):
        return
    target = {True: S.ELIGIBLE, False: S.INELIGIBLE, None: S.SUBMITTED}[application.eligible]
    if target != application.status:
        _event(
            application,
            ApplicationEvent.Kind.STATUS,
            by=None,
            actor=_("the SME check"),
            frm=application.status,
            to=target,
        )
        application.status = target


def application_submit(application: Application, *, by=None) -> Application:
    with transaction.atomic():
        application = (
            Application.objects.unscoped(LOCK)
            .select_for_update()
            .select_related("company", "programme")
            .get(pk=application.pk)
        )
        if application.status != S.DRAFT:
            raise StatusChangeRefused(_("This application has already been submitted."))
        form = getattr(application.programme, "application_form", None)
        if form is not None and not (by is not None and by.is_agency_staff):
            _check_form_open(form, starting=False)
        errors = {}
        for name in REQUIRED_TO_SUBMIT:
            if getattr(application.company, name) in (None, ""):
                errors[name] = [_("This field is required to submit.")]
        if not application.company.contact_email and not application.email:
            errors["contact_email"] = [_("This field is required to submit.")]
        if form is not None:
            try:
                clean_answers(form, application.answers, for_submit=True)
            except CompanyError as exc:
                errors.update(exc.errors)
        if errors:
            raise CompanyError(_("Complete these fields before submitting."), errors=errors)
        application.status = S.SUBMITTED
        application.submitted_at = timezone.now()
        _event(
            application,
            ApplicationEvent.Kind.STATUS,
            by=by,
            actor=None if by else application.email or None,
            frm=S.DRAFT,
            to=S.SUBMITTED,
        )
        application_assess(application, by=by)
        _follow_eligibility(application, by=by)
        application.save()
    return application
