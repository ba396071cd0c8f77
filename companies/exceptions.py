from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class CompanyError(ApplicationError):
    """Every refusal of the companies app: applications, eligibility, uploads."""

    default_message = _("The company data is not valid.")


class EligibilityError(CompanyError):
    default_message = _("The SME check could not be made.")


class ApplicationClosed(CompanyError):
    default_message = _("The application form is closed.")
    code = "closed"


class StatusChangeRefused(CompanyError):
    default_message = _("This status change is not allowed.")
    code = "invalid_transition"


class UploadError(CompanyError):
    default_message = _("The applicant list could not be imported.")
    code = "invalid_file"
