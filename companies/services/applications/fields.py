"""The applicant's data: the company fields it fills in (set and validated on the Company) and
the answers to the programme's own questions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.exceptions import CompanyError
from companies.imports.values import normalise_name
from companies.models import ApplicationForm, Company, Question

# Fields of the company an applicant (or a counterpart's file) fills in.
COMPANY_FIELDS = (
    "legal_name", "local_name", "latin_name", "registration_number", "country", "sector",
    "legal_form", "currency", "capital", "sales", "balance_sheet", "figures_date", "employees",
    "year_founded", "growth_rate", "exports", "imports", "overseas_trade",
    "japanese_partner_experience", "japanese_support_programmes", "hiring_countries",
    "business_profile", "contact_name", "contact_email", "contact_phone", "website",
)  # fmt: skip
REQUIRED_TO_SUBMIT = ("legal_name", "country", "sector", "legal_form", "contact_name")


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
