"""The public application pages: no account is needed. A company opens the programme's link,
starts a draft, and is e-mailed a private link to come back, edit until the deadline, submit,
follow the status, or withdraw.

A closed form (or a passed deadline) answers 200 with a page that says so; unknown links 404."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.i18n import activate_one_of, company_facing
from core.ratelimit import rate_limit

from .. import eligibility as engine
from .. import selectors
from ..exceptions import ApplicationClosed, CompanyError, EligibilityError, StatusChangeRefused
from ..forms import ApplicantForm
from ..models import Application, ApplicationEvent, ApplicationForm, default_form_languages
from ..services.applications import (
    APPLICANT_EDITABLE,
    TRANSITIONS,
    application_start,
    application_submit,
    application_transition,
    application_update,
)
from ..services.eligibility import eligibility_check
from .applications import SmeResult, answers_shown

S = Application.Status


def _sme_check_url(application_form: ApplicationForm) -> str:
    return reverse("companies:apply.sme_check", kwargs={"token": application_form.public_token})


def _form_languages(
    request, application_form: ApplicationForm | None, *, also: str = ""
) -> list[str]:
    """The programme's form languages (the default set when the programme has no public form:
    its applicants came from counterpart lists), plus `also` (the applicant's own language on
    the private pages): the page switches to one of them if the visitor's is not among them,
    and the language switch offers exactly these."""
    chosen = set(
        application_form.offered_languages if application_form else default_form_languages()
    )
    if also:
        chosen.add(also[:2])
    languages = [code for code, _name in settings.LANGUAGES if code in chosen] or ["en"]
    activate_one_of(request, languages)
    return languages


def _closed(request, application_form: ApplicationForm, message=None):
    languages = _form_languages(request, application_form)
    if message is None:
        message = (
            _("The deadline for applications has passed.")
            if application_form.is_open
            else _("This programme is not accepting applications.")
        )
    return render(
        request,
        "companies/apply/closed.html",
        {
            "programme": application_form.programme,
            "application_form": application_form,
            "message": message,
            "page_languages": languages,
        },
    )


def _waiting() -> str:
    return _(
        "Give the country, sector and legal form, then the figures, to see whether the company "
        "meets the SME definition."
    )


@company_facing
@rate_limit("public_form")
def apply_start(request, token):
    application_form = selectors.application_form_get_public(token)
    programme = application_form.programme
    timezone.activate(programme.tzinfo)
    languages = _form_languages(request, application_form)
    if not (application_form.is_open and application_form.accepts_changes()):
        return _closed(request, application_form)
    form = ApplicantForm(
        request.POST or None,
        application_form=application_form,
        with_email=True,
        sme_check_url=_sme_check_url(application_form),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = application_start(
                application_form,
                email=form.cleaned_data["email"],
                language=translation.get_language(),
                company=form.company_fields(),
                answers=form.answers(),
            )
        except ApplicationClosed as exc:
            return _closed(request, application_form, exc.message)
        except CompanyError as exc:
            form.show_errors(exc.errors, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Your draft is saved. We have e-mailed the private link to %(email)s: use it "
                    "to come back, complete and submit your application."
                )
                % {"email": application.email},
            )
            return redirect("companies:apply.private", token=application.access_token)
    return render(
        request,
        "companies/apply/start.html",
        {
            "programme": programme,
            "application_form": application_form,
            "intro": application_form.localized("intro"),
            "form": form,
            "page_languages": languages,
            "sme": SmeResult(eligible=None, missing=_waiting()),
        },
    )


@company_facing
@rate_limit("eligibility_check")
@require_POST
def apply_sme_check(request, token):
    """The SME result of the figures being typed, as an htmx partial. Saves nothing."""
    application_form = selectors.application_form_get_public(token)
    _form_languages(request, application_form)
    form = ApplicantForm(request.POST, application_form=application_form)
    form.is_valid()
    figures, problems = form.sme_figures()
    if figures is None:
        sme = SmeResult(eligible=None, missing=_waiting(), reasons=problems)
    else:
        try:
            sme = SmeResult.from_check(
                eligibility_check(**figures, rule_set=application_form.rule_set)
            )
        except EligibilityError as exc:
            sme = SmeResult(eligible=None, reasons=[str(exc.message)])
        except engine.EligibilityError:
            # Rule-set data the engine refuses (e.g. two rule sets valid on one day): say that
            # no decision is possible rather than fail the applicant's page.
            sme = SmeResult(eligible=None, reasons=[_("The SME check could not be made.")])
    return render(request, "companies/apply/_sme_result.html", {"sme": sme, "live": True})


def _editable(application: Application) -> bool:
    form = getattr(application.programme, "application_form", None)
    return application.status in APPLICANT_EDITABLE and (form is None or form.accepts_changes())


def _private_page(request, application: Application, form=None, *, status: int = 200):
    programme = application.programme
    application_form = getattr(programme, "application_form", None)
    languages = _form_languages(request, application_form, also=application.language)
    editable = _editable(application)
    if form is None and editable:
        form = ApplicantForm(
            application_form=application_form,
            application=application,
            sme_check_url=_sme_check_url(application_form) if application_form else None,
        )
    events = [
        {"at": event.at, "status": event.to_status, "label": S(event.to_status).label}
        for event in application.events.filter(
            kind__in=(ApplicationEvent.Kind.CREATED, ApplicationEvent.Kind.STATUS)
        ).order_by("at", "id")
        if event.to_status in S.values
    ]
    return render(
        request,
        "companies/apply/private.html",
        {
            "programme": programme,
            "application_form": application_form,
            "application": application,
            "company": application.company,
            "sme": SmeResult.from_application(application),
            "answers": answers_shown(application, application_form),
            "events": events,
            "form": form if editable else None,
            "editable": editable,
            "can_submit": editable and application.status == S.DRAFT,
            "can_withdraw": S.WITHDRAWN in TRANSITIONS.get(application.status, ()),
            "page_languages": languages,
        },
        status=status,
    )


def _bound_form(request, application: Application) -> ApplicantForm:
    application_form = getattr(application.programme, "application_form", None)
    return ApplicantForm(
        request.POST,
        application_form=application_form,
        application=application,
        sme_check_url=_sme_check_url(application_form) if application_form else None,
    )


def _use_applicant_language(request, application: Application) -> None:
    """The private link opens in the language the applicant chose, unless this browser has
    picked one with the language switch since."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and application.language:
        translation.activate(application.language)
        request.LANGUAGE_CODE = application.language


@company_facing
@rate_limit("public_form")
def apply_private(request, token):
    application = selectors.application_get_by_token(token)
    timezone.activate(application.programme.tzinfo)
    _use_applicant_language(request, application)
    if request.method != "POST":
        return _private_page(request, application)
    if not _editable(application):
        messages.error(request, _("This application can no longer be changed."))
        return redirect("companies:apply.private", token=token)
    form = _bound_form(request, application)
    if form.is_valid():
        try:
            application_update(
                application, by=None, company=form.company_fields(), answers=form.answers()
            )
        except ApplicationClosed as exc:
            messages.error(request, str(exc.message))
            return redirect("companies:apply.private", token=token)
        except CompanyError as exc:
            form.show_errors(exc.errors, exc.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("companies:apply.private", token=token)
    return _private_page(request, application, form)


@company_facing
@rate_limit("public_form")
@require_POST
def apply_submit(request, token):
    """Submit the draft. Sent from the edit form ("Save and submit"), it saves the changes
    first; the SME check then moves the application to eligible or not eligible."""
    application = selectors.application_get_by_token(token)
    timezone.activate(application.programme.tzinfo)
    form = None
    if "legal_name" in request.POST and _editable(application):
        form = _bound_form(request, application)
        if not form.is_valid():
            return _private_page(request, application, form)
        try:
            application = application_update(
                application, by=None, company=form.company_fields(), answers=form.answers()
            )
        except ApplicationClosed as exc:
            messages.error(request, str(exc.message))
            return redirect("companies:apply.private", token=token)
        except CompanyError as exc:
            form.show_errors(exc.errors, exc.message)
            return _private_page(request, application, form)
    try:
        application = application_submit(application, by=None)
    except (ApplicationClosed, StatusChangeRefused) as exc:
        messages.error(request, str(exc.message))
    except CompanyError as exc:
        if form is None:
            messages.error(request, str(exc.message))
        else:
            form.show_errors(exc.errors, exc.message)
            return _private_page(request, application, form)
    else:
        messages.success(
            request,
            _("Your application is submitted. Its status is now “%(status)s”.")
            % {"status": application.get_status_display()},
        )
    return redirect("companies:apply.private", token=token)


@company_facing
@rate_limit("public_form")
@require_POST
def apply_withdraw(request, token):
    application = selectors.application_get_by_token(token)
    try:
        application_transition(application, to=S.WITHDRAWN, by=None)
    except CompanyError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("companies:apply.private", token=token)
