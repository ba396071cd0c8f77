"""Staff writes around the company registry: merging duplicates, the SME rule sets, the
exchange-rate table, and each programme's application form and questions."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from companies import eligibility as engine
from companies.exceptions import CompanyError
from companies.models import (
    Application,
    ApplicationEvent,
    ApplicationForm,
    Company,
    ExchangeRate,
    Question,
    RuleSet,
)
from core.models import User
from programmes.models import Programme

from .applications import COMPANY_FIELDS


def company_merge(keep: Company, *, duplicate: Company, by: User) -> Company:
    """Fold `duplicate` into `keep`: its applications move over, blank fields of `keep` are
    filled from it, and it is kept (marked merged) so the trail stays readable."""
    if keep.pk == duplicate.pk:
        raise CompanyError(_("A company cannot be merged into itself."))
    with transaction.atomic():
        keep = Company.objects.select_for_update().get(pk=keep.pk)
        duplicate = Company.objects.select_for_update().get(pk=duplicate.pk)
        if keep.merged_into_id or duplicate.merged_into_id:
            raise CompanyError(_("One of these companies has already been merged."))
        both = set(keep.applications.values_list("programme_id", flat=True)) & set(
            duplicate.applications.values_list("programme_id", flat=True)
        )
        if both:
            titles = ", ".join(
                str(p) for p in Programme.objects.filter(pk__in=both).order_by("title")
            )
            raise CompanyError(
                _(
                    "Both companies applied to %(programmes)s. Withdraw or remove one of "
                    "the two applications first."
                )
                % {"programmes": titles}
            )
        filled = {}
        for name in COMPANY_FIELDS:
            mine, theirs = getattr(keep, name), getattr(duplicate, name)
            if mine in (None, "", []) and theirs not in (None, "", []):
                setattr(keep, name, theirs)
                filled[name] = str(theirs)
        if keep.organisation_id is None and duplicate.organisation_id is not None:
            keep.organisation_id, duplicate.organisation_id = duplicate.organisation_id, None
        duplicate.merged_into = keep
        duplicate.save()
        keep.save()
        moved = list(duplicate.applications.all())
        Application.objects.unscoped("staff merge: the duplicate's applications move").filter(
            company=duplicate
        ).update(company=keep)
        for application in moved:
            ApplicationEvent.objects.create(
                application=application,
                kind=ApplicationEvent.Kind.MERGED,
                by=by,
                actor=by.display_name(),
                changes={"company": [duplicate.pk, keep.pk], "filled": filled},
                reason=_("%(duplicate)s merged into %(keep)s")
                % {"duplicate": duplicate.legal_name, "keep": keep.legal_name},
            )
    return keep


# --- SME rule sets --------------------------------------------------------------------------

RULE_SET_FIELDS = ("name", "title", "country", "valid_from", "valid_until", "citation",
                   "currency", "definition")  # fmt: skip


def _validate_rule_set(rule_set: RuleSet) -> None:
    data = rule_set.as_data() if rule_set.valid_from else None
    errors: dict[str, list[str]] = {}
    if data is not None:
        problems = engine.validate_rule_set(data)
        if problems:
            errors["definition"] = problems
    if rule_set.valid_until and rule_set.valid_from and rule_set.valid_until < rule_set.valid_from:
        errors.setdefault("valid_until", []).append(_("A rule set cannot end before it starts."))
    try:
        rule_set.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise CompanyError(_("The rule set is not valid."), errors=errors)


def rule_set_create(*, by: User, **fields) -> RuleSet:
    unknown = set(fields) - set(RULE_SET_FIELDS)
    if unknown:
        raise ValueError(f"unknown rule set fields: {sorted(unknown)}")
    rule_set = RuleSet(created_by=by, programme_specific=True, builtin=False, **fields)
    rule_set.country = (rule_set.country or "").upper()
    rule_set.currency = (rule_set.currency or "").upper()
    _validate_rule_set(rule_set)
    with transaction.atomic():
        rule_set.save()
    return rule_set


def rule_set_update(rule_set: RuleSet, *, by: User, **fields) -> RuleSet:
    if rule_set.builtin:
        raise CompanyError(
            _(
                "The rule sets shipped with the application follow the law and cannot be edited. "
                "Copy one to make a programme-specific rule set."
            )  # fmt: skip
        )
    for name, value in fields.items():
        if name not in RULE_SET_FIELDS:
            raise ValueError(f"unknown rule set field: {name}")
        setattr(rule_set, name, value)
    rule_set.country = (rule_set.country or "").upper()
    rule_set.currency = (rule_set.currency or "").upper()
    _validate_rule_set(rule_set)
    with transaction.atomic():
        rule_set.save()
    return rule_set


def builtin_rule_set_fields(data: dict) -> dict:
    """The model fields of a shipped rule set (also used by the data migration)."""
    return {
        "title": data["title"],
        "country": data["country"],
        "valid_from": date.fromisoformat(data["valid_from"]),
        "valid_until": date.fromisoformat(data["valid_until"]) if data.get("valid_until") else None,
        "citation": data["citation"],
        "currency": data["currency"],
        "definition": data["definition"],
        "builtin": True,
        "programme_specific": data.get("kind") == "programme",
    }


def builtin_rule_sets_sync() -> int:
    """Make the database hold the shipped rule sets exactly as the code has them."""
    for data in engine.BUILTIN_RULE_SETS:
        RuleSet.objects.update_or_create(name=data["name"], defaults=builtin_rule_set_fields(data))
    return len(engine.BUILTIN_RULE_SETS)


# --- exchange rates -------------------------------------------------------------------------


def exchange_rate_create(
    *, by: User, currency: str, to_currency: str, rate, date: date, source: str = ""
) -> ExchangeRate:
    errors: dict[str, list[str]] = {}
    currency, to_currency = (currency or "").strip().upper(), (to_currency or "").strip().upper()
    for field, code in (("currency", currency), ("to_currency", to_currency)):
        if len(code) != 3 or not code.isalpha():
            errors[field] = [_("Give a three-letter ISO 4217 code, e.g. JPY.")]
    if currency and currency == to_currency:
        errors.setdefault("to_currency", []).append(_("Choose two different currencies."))
    try:
        rate = Decimal(str(rate))
        if rate <= 0:
            errors["rate"] = [_("A rate must be greater than zero.")]
    except (InvalidOperation, ValueError):
        errors["rate"] = [_("Give the rate as a number, e.g. 150.25.")]
    if date is None:
        errors["date"] = [_("Give the date of the rate.")]
    if errors:
        raise CompanyError(_("The exchange rate is not valid."), errors=errors)
    try:
        with transaction.atomic():
            return ExchangeRate.objects.create(
                currency=currency,
                to_currency=to_currency,
                rate=rate,
                date=date,
                source=source.strip(),
                created_by=by,
            )
    except IntegrityError as exc:
        raise CompanyError(
            _("A rate from %(from)s to %(to)s on %(date)s already exists.")
            % {"from": currency, "to": to_currency, "date": date.isoformat()},
            errors={"date": [_("There is already a rate for this day.")]},
        ) from exc


def exchange_rate_delete(rate: ExchangeRate, *, by: User) -> None:
    rate.delete()


# --- the application form -------------------------------------------------------------------

FORM_FIELDS = (
    "is_open", "deadline", "rule_set", "intro", "intro_ja", "intro_ru", "intro_vi", "intro_th",
    "languages",
)  # fmt: skip


def application_form_get_or_create(programme: Programme) -> ApplicationForm:
    form, _created = ApplicationForm.objects.get_or_create(programme=programme)
    return form


def application_form_update(form: ApplicationForm, *, by: User, **fields) -> ApplicationForm:
    for name, value in fields.items():
        if name not in FORM_FIELDS:
            raise ValueError(f"unknown form field: {name}")
        setattr(form, name, value)
    try:
        form.full_clean()
    except ValidationError as exc:
        raise CompanyError(_("Some fields are not valid."), errors=exc.message_dict) from exc
    form.save()
    return form


QUESTION_FIELDS = (
    "kind", "title", "title_ja", "title_ru", "title_vi", "title_th", "choices", "required",
    "position",
)  # fmt: skip


def _validate_question(question: Question) -> None:
    errors = {}
    if question.kind == Question.Kind.CHOICE:
        choices = [str(c).strip() for c in question.choices or [] if str(c).strip()]
        if len(choices) < 2:
            errors["choices"] = [_("A choice question needs at least two answers.")]
        elif len(set(choices)) != len(choices):
            errors["choices"] = [_("Each answer may appear only once.")]
        question.choices = choices
    else:
        question.choices = []
    try:
        question.full_clean(exclude=["form"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise CompanyError(_("The question is not valid."), errors=errors)


def question_create(form: ApplicationForm, *, by: User, **fields) -> Question:
    if "position" not in fields:
        last = form.questions.order_by("-position").values_list("position", flat=True).first()
        fields["position"] = (last or 0) + 1
    question = Question(form=form, **{k: v for k, v in fields.items() if k in QUESTION_FIELDS})
    _validate_question(question)
    question.save()
    return question


def question_update(question: Question, *, by: User, **fields) -> Question:
    for name, value in fields.items():
        if name in QUESTION_FIELDS:
            setattr(question, name, value)
    _validate_question(question)
    question.save()
    return question


def question_delete(question: Question, *, by: User) -> None:
    question.delete()
