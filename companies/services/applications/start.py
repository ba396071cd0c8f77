"""Starting an application: from the public link (with the e-mail carrying the private link)
or by staff inviting a company of the registry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.exceptions import CompanyError
from companies.models import Application, ApplicationEvent, ApplicationForm, Company
from programmes.services import absolute_url

from ..eligibility import application_assess
from .common import S, _check_form_open, _event
from .fields import _set_company_fields, _validate_company, clean_answers


def private_link(application: Application) -> str:
    return absolute_url(
        reverse("companies:apply.private", kwargs={"token": application.access_token})
    )


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
