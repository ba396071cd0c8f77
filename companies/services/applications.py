"""The application form and the status flow.

A company starts an application from the programme's public link without an account; it gets
an e-mail with a private link to come back, edit until the deadline and follow the status.
Every change is recorded in the application's trail (ApplicationEvent)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.exceptions import ApplicationClosed, CompanyError, StatusChangeRefused
from companies.imports.values import normalise_name
from companies.models import Application, ApplicationEvent, ApplicationForm, Company, Question
from programmes.services import absolute_url

from .eligibility import application_assess

# Why reading this model without a user is safe here (core/scoping.py).
LOCK = "locks the application the caller already obtained"

S = Application.Status

# Fields of the company an applicant (or a counterpart's file) fills in.
COMPANY_FIELDS = (
    "legal_name", "local_name", "latin_name", "registration_number", "country", "sector",
    "legal_form", "currency", "capital", "sales", "balance_sheet", "figures_date", "employees",
    "year_founded", "growth_rate", "exports", "imports", "overseas_trade",
    "japanese_partner_experience", "japanese_support_programmes", "hiring_countries",
    "business_profile", "contact_name", "contact_email", "contact_phone", "website",
)  # fmt: skip
REQUIRED_TO_SUBMIT = ("legal_name", "country", "sector", "legal_form", "contact_name")

# Staff move applications along these steps (and back where a correction makes sense).
# Selected, waitlisted and rejected are not among them: only a selection decision reaches them
# (matching.services.decisions, through application_decide), so that every such status has
# its decision, its reason and stays within the programme's target.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.WITHDRAWN),
    S.SUBMITTED: (S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN),
    S.ELIGIBLE: (S.SHORTLISTED, S.INELIGIBLE, S.WITHDRAWN),
    S.INELIGIBLE: (S.ELIGIBLE, S.WITHDRAWN),
    S.SHORTLISTED: (S.ELIGIBLE, S.WITHDRAWN),
    S.SELECTED: (S.WITHDRAWN,),
    S.WAITLISTED: (S.WITHDRAWN,),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}
SELECTION_STATUSES = (S.SELECTED, S.WAITLISTED, S.REJECTED)
# Where a selection decision may move an applicant from: the assessed, and the decided (a
# decision may be changed).
DECIDABLE = (S.ELIGIBLE, S.SHORTLISTED, *SELECTION_STATUSES)
APPLICANT_EDITABLE = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE)


def _actor(by) -> str:
    return by.display_name() if by is not None else _("the applicant")


def private_link(application: Application) -> str:
    return absolute_url(
        reverse("companies:apply.private", kwargs={"token": application.access_token})
    )


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def _set_company_fields(company: Company, fields: dict) -> dict:
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise ValueError(f"unknown company fields: {sorted(unknown)}")
    changes = {}
    for name, value in fields.items():
        if name == "hiring_countries":
            old = [str(c) for c in company.hiring_countries]
            new = [str(c) for c in value or []]
            if old != new:
                changes[name] = [old, new]
                company.hiring_countries = new
            continue
        if value is None and name not in ("capital", "sales", "balance_sheet", "figures_date",
                                          "employees", "year_founded", "growth_rate", "exports",
                                          "imports", "japanese_partner_experience"):  # fmt: skip
            value = ""
        old = getattr(company, name)
        if name == "country":
            old = str(old)
        if old != value:
            changes[name] = [_json_value(old), _json_value(value)]
            setattr(company, name, value)
    company.normalised_name = normalise_name(company.legal_name or company.latin_name or "")
    return changes


def _validate_company(company: Company) -> None:
    errors: dict[str, list[str]] = {}
    money = [company.capital, company.sales, company.balance_sheet]
    if any(v is not None for v in money) and not company.currency:
        errors.setdefault("currency", []).append(
            _("Give the currency of the capital and sales figures.")
        )
    for name in ("capital", "sales", "balance_sheet"):
        value = getattr(company, name)
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("This figure cannot be negative."))
    this_year = timezone.localdate().year
    if company.year_founded is not None and not 1800 <= company.year_founded <= this_year:
        errors.setdefault("year_founded", []).append(
            _("Give a year between 1800 and %(year)s.") % {"year": this_year}
        )
    try:
        company.full_clean(exclude=["organisation", "merged_into", "normalised_name"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise CompanyError(_("Some fields are not valid."), errors=errors)


def clean_answers(form: ApplicationForm, answers: dict, *, for_submit: bool) -> dict:
    """Validate answers to the programme's own questions; keys are question ids as strings."""
    cleaned, errors = {}, {}
    for question in form.questions.all():
        key = str(question.pk)
        field = f"q{question.pk}"
        raw = answers.get(key, answers.get(field))
        if raw in (None, ""):
            if question.required and for_submit:
                errors[field] = [_("This question needs an answer.")]
            continue
        if question.kind == Question.Kind.NUMBER:
            try:
                cleaned[key] = str(Decimal(str(raw).replace(",", ".").strip()))
            except ArithmeticError:
                errors[field] = [_("Give a number.")]
        elif question.kind == Question.Kind.YES_NO:
            value = raw if isinstance(raw, bool) else str(raw).lower() in ("yes", "true", "1", "on")
            if not isinstance(raw, bool) and str(raw).lower() not in (
                "yes", "no", "true", "false", "1", "0", "on", "off",
            ):  # fmt: skip
                errors[field] = [_("Answer yes or no.")]
            else:
                cleaned[key] = value
        elif question.kind == Question.Kind.CHOICE:
            if str(raw) not in [str(c) for c in question.choices]:
                errors[field] = [_("Choose one of the offered answers.")]
            else:
                cleaned[key] = str(raw)
        else:
            text = str(raw).strip()
            if len(text) > 5000:
                errors[field] = [_("Keep the answer under 5,000 characters.")]
            else:
                cleaned[key] = text
    if errors:
        raise CompanyError(_("Some answers are not valid."), errors=errors)
    return cleaned


def _event(application, kind, *, by=None, actor=None, changes=None, reason="", frm="", to=""):
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        by=by,
        actor=actor or _actor(by),
        changes=changes or {},
        reason=reason,
        from_status=frm,
        to_status=to,
    )


def _check_form_open(form: ApplicationForm, *, starting: bool) -> None:
    if starting and not form.is_open:
        raise ApplicationClosed(_("This programme is not accepting applications."))
    if not form.accepts_changes():
        raise ApplicationClosed(_("The deadline for applications has passed."))


def application_start(
    form: ApplicationForm, *, email: str, language: str, company: dict, answers: dict
) -> Application:
    """A company starts an application from the public link: a draft, and an e-mail with the
    private link to return to it."""
    _check_form_open(form, starting=True)
    errors = {}
    try:
        from django.core.validators import validate_email

        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Give a valid e-mail address: the private link is sent there.")]
    record = Company()
    _set_company_fields(record, company)
    try:
        _validate_company(record)
    except CompanyError as exc:
        errors.update(exc.errors)
    try:
        cleaned = clean_answers(form, answers, for_submit=False)
    except CompanyError as exc:
        errors.update(exc.errors)
    if errors:
        raise CompanyError(_("Some fields are not valid."), errors=errors)
    language = language if language in dict(settings.LANGUAGES) else "en"
    with transaction.atomic():
        record.save()
        application = Application(
            programme=form.programme,
            company=record,
            source=Application.Source.FORM,
            email=email,
            language=language,
            answers=cleaned,
        )
        application_assess(application, record=False)
        application.save()
        _event(application, ApplicationEvent.Kind.CREATED, actor=email, to=S.DRAFT)
        application_send_link(application)
    return application


def application_invite(
    programme, company: Company, *, by, email: str, language: str, reason: str
) -> Application:
    """Staff invite a company of the registry (a Japanese company from the agency's lists) to
    take part: an application entered as selected, with its SME result and the reason on record.
    The caller tells the company. A company already in the programme is refused: the
    database's one-application-per-company constraint decides, so that two staff inviting it
    at the same moment get one application and a clear refusal, not an error page."""
    language = language if language in dict(settings.LANGUAGES) else "ja"
    application = Application(
        programme=programme,
        company=company,
        source=Application.Source.STAFF,
        status=S.SELECTED,
        email=email,
        language=language,
        submitted_at=timezone.now(),
    )
    application_assess(application, record=False)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                application.save()
        except IntegrityError as exc:
            if (
                not Application.objects.unscoped("integrity check of the row being saved")
                .filter(programme=programme, company=company)
                .exists()
            ):
                raise
            raise CompanyError(
                _("%(company)s already takes part in this programme.") % {"company": company},
                errors={"company": [_("Already in the programme.")]},
            ) from exc
        _event(application, ApplicationEvent.Kind.CREATED, by=by, to=S.SELECTED, reason=reason)
    return application


def application_send_link(application: Application) -> None:
    """E-mail the private link, in the applicant's language, once the transaction commits."""
    if not application.email:
        return
    with translation.override(application.language or "en"):
        context = {
            "application": application,
            "programme": application.programme,
            "company": application.company,
            "link": private_link(application),
            "form": getattr(application.programme, "application_form", None),
        }
        subject = _("Your application: %(title)s") % {"title": application.programme.display_title}
        body = render_to_string("companies/email/private_link.txt", context)
    address = application.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


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


def application_transition(
    application: Application, *, to: str, by, reason: str = ""
) -> Application:
    """Staff move an application along the status flow; every move is kept with its reason.
    The applicant (by=None) and its counterpart may only withdraw it. Selection statuses are
    refused here: a selection decision sets them (application_decide)."""
    if to not in S.values:
        raise StatusChangeRefused(
            _("Unknown status “%(status)s”.") % {"status": to}, errors={"status": [to]}
        )
    staff = by is not None and by.is_agency_staff
    if not staff and to != S.WITHDRAWN:
        raise StatusChangeRefused(_("Only programme staff can change the status."))
    with transaction.atomic():
        application = Application.objects.unscoped(LOCK).select_for_update().get(pk=application.pk)
        if to == application.status:
            return application
        if to in SELECTION_STATUSES and application.status in DECIDABLE:
            raise StatusChangeRefused(
                _("Select, waitlist or reject an applicant on the assessment's ranking page: "
                  "a decision keeps its reason and the programme's target."),
                errors={"status": [_("Decided on the ranking page.")]},
            )  # fmt: skip
        if to not in TRANSITIONS.get(application.status, ()):
            raise StatusChangeRefused(
                _("An application that is %(current)s cannot become %(target)s.")
                % {
                    "current": application.get_status_display(),
                    "target": S(to).label,
                },
                errors={"status": [_("Not allowed from the current status.")]},
            )
        if (
            staff
            and application.status in (S.INELIGIBLE,)
            and to == S.ELIGIBLE
            and not reason.strip()
        ):
            raise StatusChangeRefused(
                _("Give a reason to accept an application the SME check found not eligible."),
                errors={"reason": [_("A reason is required for this change.")]},
            )
        _status_set(application, to=to, by=by, reason=reason)
    return application


def application_decide(application: Application, *, to: str, by, reason: str) -> Application:
    """Set a selection status (selected, waitlisted, rejected). Only the selection service
    (matching.services.decisions) calls this, inside its transaction, with the decision it
    records; it has checked the target and the reviews."""
    if to not in SELECTION_STATUSES:
        raise StatusChangeRefused(
            _("Unknown status “%(status)s”.") % {"status": to}, errors={"status": [to]}
        )
    with transaction.atomic():
        application = Application.objects.unscoped(LOCK).select_for_update().get(pk=application.pk)
        if to == application.status:
            return application
        if application.status not in DECIDABLE:
            raise StatusChangeRefused(
                _("An application that is %(current)s cannot become %(target)s.")
                % {"current": application.get_status_display(), "target": S(to).label},
                errors={"status": [_("Not allowed from the current status.")]},
            )
        _status_set(application, to=to, by=by, reason=reason)
    return application


def _status_set(application: Application, *, to: str, by, reason: str) -> None:
    frm = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    _event(
        application,
        ApplicationEvent.Kind.STATUS,
        by=by,
        actor=None if by else application.email or None,
        frm=frm,
        to=to,
        reason=reason.strip(),
    )
