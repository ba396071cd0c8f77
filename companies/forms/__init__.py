"""Input shapes for applications: the applicant's form (company fields grouped in fieldsets plus
the programme's own questions), the staff form settings, the question editor and the status
change. They parse and present; companies.services validate and save.

Modules: fields (currencies, amounts, yes / no), widgets (country selects drawn in Python),
applicant (the applicant's form), form_settings (form settings, question editor), status (the
status change), filters (the applicants list)."""

from .applicant import SME_FIELDS, ApplicantForm
from .fields import CURRENCIES, AmountField, parse_amount, yes_no_field
from .filters import ELIGIBILITY_FILTERS, ApplicationFilterForm
from .form_settings import ApplicationFormSettingsForm, QuestionForm
from .status import StatusForm
from .widgets import CountrySelect, CountrySelectMultiple, QuickOptionsMixin

__all__ = [
    "CURRENCIES",
    "ELIGIBILITY_FILTERS",
    "SME_FIELDS",
    "AmountField",
    "ApplicantForm",
    "ApplicationFilterForm",
    "ApplicationFormSettingsForm",
    "CountrySelect",
    "CountrySelectMultiple",
    "QuestionForm",
    "QuickOptionsMixin",
    "StatusForm",
    "parse_amount",
    "yes_no_field",
]
