"""Export shapes (django-import-export) for applications.

Every text cell a spreadsheet would run as a formula (one starting with = + - @, a tab or a
carriage return) is prefixed with a single quote, in CSV and XLSX alike: an applicant's name is
typed by the applicant, and "=HYPERLINK(...)" must reach staff as text. Numbers stay numbers.
(import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading "=" and is
global, so the escaping is done here.)"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources, widgets

from core.spreadsheets import FORMULA_STARTS, escape_formula  # noqa: F401 (the one rule)

from .models import Application, SizeClass
from .services.eligibility import reason_text


class NativeWidget(widgets.Widget):
    """Numbers (and None) exported as themselves, so a spreadsheet can add them up."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value


def _sme(application: Application) -> str:
    if application.eligible is None:
        return str(_("Cannot decide"))
    return str(_("Yes")) if application.eligible else str(_("No"))


class ApplicationResource(resources.Resource):
    """One row per application: the company, its figures and the SME result."""

    id = fields.Field(attribute="pk", column_name="id", widget=NativeWidget())
    legal_name = fields.Field(attribute="company__legal_name", column_name=_("Legal name"))
    local_name = fields.Field(
        attribute="company__local_name", column_name=_("Name in its own script")
    )
    latin_name = fields.Field(
        attribute="company__latin_name", column_name=_("Latin transliteration")
    )
    country = fields.Field(column_name=_("Country"))
    sector = fields.Field(column_name=_("Sector"))
    legal_form = fields.Field(column_name=_("Legal form"))
    employees = fields.Field(
        attribute="company__employees", column_name=_("Employees"), widget=NativeWidget()
    )
    currency = fields.Field(attribute="company__currency", column_name=_("Currency"))
    capital = fields.Field(
        attribute="company__capital", column_name=_("Paid-in capital"), widget=NativeWidget()
    )
    sales = fields.Field(
        attribute="company__sales", column_name=_("Annual sales"), widget=NativeWidget()
    )
    year_founded = fields.Field(
        attribute="company__year_founded", column_name=_("Year founded"), widget=NativeWidget()
    )
    growth_rate = fields.Field(
        attribute="company__growth_rate", column_name=_("Sales growth (%)"), widget=NativeWidget()
    )
    contact_name = fields.Field(attribute="company__contact_name", column_name=_("Contact person"))
    contact_email = fields.Field(
        attribute="company__contact_email", column_name=_("Contact e-mail")
    )
    website = fields.Field(attribute="company__website", column_name=_("Website"))
    email = fields.Field(attribute="email", column_name=_("Applicant e-mail"))
    sme = fields.Field(column_name=_("SME"))
    size_class = fields.Field(column_name=_("Size class"))
    rule_set = fields.Field(attribute="rule_set_name", column_name=_("SME rule set"))
    reasons = fields.Field(column_name=_("SME reasons"))
    status = fields.Field(column_name=pgettext_lazy("application", "Status"))
    counterpart = fields.Field(
        attribute="counterpart__name", column_name=_("Counterpart organisation")
    )
    source = fields.Field(column_name=_("Source"))
    submitted_at = fields.Field(column_name=_("Submitted at"))

    class Meta:
        export_order = (
            "id", "legal_name", "local_name", "latin_name", "country", "sector", "legal_form",
            "employees", "currency", "capital", "sales", "year_founded", "growth_rate",
            "contact_name", "contact_email", "website", "email", "sme", "size_class", "rule_set",
            "reasons", "status", "counterpart", "source", "submitted_at",
        )  # fmt: skip

    def __init__(self, *, time_zone=None):
        super().__init__()
        self.time_zone = time_zone

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_country(self, application):
        return application.company.country.code or ""

    def dehydrate_sector(self, application):
        return application.company.get_sector_display()

    def dehydrate_legal_form(self, application):
        return application.company.get_legal_form_display()

    def dehydrate_sme(self, application):
        return _sme(application)

    def dehydrate_size_class(self, application):
        return str(SizeClass(application.size_class).label) if application.size_class else ""

    def dehydrate_reasons(self, application):
        return "\n".join(reason_text(item) for item in application.eligibility_reasons or [])

    def dehydrate_status(self, application):
        return application.get_status_display()

    def dehydrate_source(self, application):
        return application.get_source_display()

    def dehydrate_submitted_at(self, application):
        if application.submitted_at is None:
            return ""
        moment = application.submitted_at
        if self.time_zone is not None:
            moment = moment.astimezone(self.time_zone)
        return moment.strftime("%Y-%m-%d %H:%M")
