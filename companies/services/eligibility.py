"""SME results: pick the rule set and the exchange rate, ask the pure engine, keep the answer.

The engine (companies/eligibility/) knows the law and nothing of Django; this module finds the
rule set (the programme's choice, or the law in force in the company's country on the date of
the figures) and the staff-entered rate dated on or before that day, and stores what was used."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from companies import eligibility as engine
from companies.exceptions import EligibilityError
from companies.models import Application, ApplicationEvent, Company, ExchangeRate, RuleSet


@dataclass
class Check:
    """An engine result with what the service used to reach it."""

    result: "engine.Result"
    rule_set: RuleSet | None
    on: date
    rate: ExchangeRate | None
    undecided_reason: dict | None = None

    @property
    def eligible(self):
        return None if self.undecided_reason else self.result.eligible

    @property
    def size_class(self):
        return None if self.undecided_reason else self.result.size_class

    def reasons(self) -> list[dict]:
        """Reasons as stored data: {"template", "params"}; rendered per reader's language."""
        stored = [reason_to_data(reason) for reason in self.result.reasons] if self.result else []
        if self.undecided_reason:
            stored.append(self.undecided_reason)
        return stored

    def to_json(self) -> dict:
        """The stable public shape: {"eligible", "size_class", "rule_set", "reasons"}."""
        return {
            "eligible": self.eligible,
            "size_class": self.size_class,
            "rule_set": self.rule_set.name if self.rule_set else None,
            "reasons": [reason_text(item) for item in self.reasons()],
        }


def reason_to_data(reason) -> dict:
    params = {
        key: str(value) if isinstance(value, Decimal) else value
        for key, value in reason.params.items()
    }
    return {
        "code": reason.code,
        "template": reason.template,
        "params": params,
        "translate": list(reason.translate or ()),
    }


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _number(value) -> str:
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def reason_text(item: dict) -> str:
    """A stored reason in the active language, numbers grouped the way the reader expects."""
    translate = tuple(item.get("translate") or ())
    params = {}
    for key, value in (item.get("params") or {}).items():
        if isinstance(value, str) and key not in translate and _NUMBER.match(value):
            value = Decimal(value)
        params[key] = value
    reason = engine.Reason(
        code=item.get("code", "note"),
        template=item.get("template", ""),
        params=params,
        translate=translate,
    )
    try:
        return engine.format_reason(reason, gettext=gettext, number=_number)
    except (KeyError, TypeError, ValueError):
        return item.get("template", "")


def rule_set_country(country: str) -> str:
    return engine.rule_country(country)


class Assessor:
    """Rule sets and exchange rates loaded once, for judging many companies in a row (an
    upload of 10,000 applicants asks the database twice, not 20,000 times)."""

    def __init__(self):
        self.rule_sets = {r.name: r for r in RuleSet.objects.all()}
        self.rates: dict[tuple[str, str], list[ExchangeRate]] = {}
        for rate in ExchangeRate.objects.order_by("date"):
            self.rates.setdefault((rate.currency, rate.to_currency), []).append(rate)
        self._by_country: dict[tuple[str, date], RuleSet | None] = {}
        self._data_cache: dict[tuple, dict] = {}

    def rule_set_for(self, country: str, on: date, *, name: str | None = None) -> RuleSet:
        if name:
            if name not in self.rule_sets:
                raise EligibilityError(
                    _("Unknown SME rule set “%(name)s”.") % {"name": name},
                    errors={"rule_set": [_("No rule set has this name.")]},
                    code="unknown_rule_set",
                )
            return self.rule_sets[name]
        code = rule_set_country(country)
        key = (code, on)
        if key not in self._by_country:
            candidates = [
                r for r in self.rule_sets.values() if r.country == code and not r.programme_specific
            ]
            try:
                chosen = engine.select_rule_set(
                    [r.as_data() for r in candidates], country=code, on=on
                )
            except engine.EligibilityInputError as exc:  # two laws valid on one day
                raise EligibilityError(str(exc), code="ambiguous_rule_set") from exc
            self._by_country[key] = self.rule_sets[chosen["name"]] if chosen else None
        found = self._by_country[key]
        if found is None:
            raise EligibilityError(
                _("No SME rule set is known for %(country)s on %(date)s.")
                % {"country": country, "date": on.isoformat()},
                errors={"country": [_("No SME rule set for this country and date.")]},
                code="no_rule_set",
            )
        return found

    def _data(self, rule_set: RuleSet) -> dict:
        """One dict per rule set for the whole run, so the engine parses it once."""
        key = (rule_set.pk, rule_set.name)
        if key not in self._data_cache:
            self._data_cache[key] = rule_set.as_data()
        return self._data_cache[key]

    def rate(self, currency: str, to_currency: str, on: date) -> ExchangeRate | None:
        """The latest rate dated on or before `on`; the inverse of one if only that exists."""
        direct = [r for r in self.rates.get((currency, to_currency), []) if r.date <= on]
        if direct:
            return direct[-1]
        inverse = [r for r in self.rates.get((to_currency, currency), []) if r.date <= on]
        if inverse:
            found = inverse[-1]
            return ExchangeRate(
                currency=currency,
                to_currency=to_currency,
                rate=(Decimal(1) / found.rate).quantize(Decimal("0.0000000001")),
                date=found.date,
                source=f"1 / ({found})",
            )
        return None

    def check(
        self,
        *,
        country: str,
        sector: str,
        legal_form: str,
        capital: Decimal | None = None,
        sales: Decimal | None = None,
        balance_sheet: Decimal | None = None,
        employees: int | None = None,
        currency: str | None = None,
        on: date | None = None,
        rule_set: "RuleSet | str | None" = None,
    ) -> Check:
        on = on or timezone.localdate()
        country = (country or "").upper()
        if isinstance(rule_set, RuleSet):
            chosen = rule_set
        else:
            chosen = self.rule_set_for(country, on, name=rule_set or None)
        has_money = any(v is not None for v in (capital, sales, balance_sheet))
        # Figures without a currency are taken to be in the rule set's own currency.
        currency = (currency or "").upper() or (chosen.currency if has_money else None)
        figures = engine.Figures(
            country=country,
            sector=sector,
            legal_form=legal_form,
            capital=capital,
            sales=sales,
            balance_sheet=balance_sheet,
            employees=employees,
            currency=currency,
        )
        rate = None
        if has_money and currency and currency != chosen.currency:
            rate = self.rate(currency, chosen.currency, on)
        rates = [rate_as_engine(rate)] if rate else []
        data = self._data(chosen)
        try:
            result = engine.evaluate(data, figures, rates=rates)
        except engine.MissingRate:
            # Judge what can be judged without the money figures; say which rate is missing.
            money_free = engine.Figures(
                country=country, sector=sector, legal_form=legal_form, employees=employees
            )
            try:
                result = engine.evaluate(data, money_free, rates=[])
            except engine.EligibilityInputError as exc:
                raise EligibilityError(str(exc), code="invalid") from exc
            missing = {
                "template": NO_RATE,
                "params": {"from": currency, "to": chosen.currency, "date": on.isoformat()},
            }
            if result.eligible is True:
                return Check(result=result, rule_set=chosen, on=on, rate=None)
            return Check(result=result, rule_set=chosen, on=on, rate=None, undecided_reason=missing)
        except engine.EligibilityInputError as exc:
            raise EligibilityError(str(exc), code="invalid") from exc
        return Check(result=result, rule_set=chosen, on=on, rate=rate)

    def company_check(self, company: Company, *, rule_set=None, on=None) -> Check:
        return self.check(
            country=_country_code(company),
            sector=company.sector,
            legal_form=company.legal_form,
            capital=company.capital,
            sales=company.sales,
            balance_sheet=company.balance_sheet,
            employees=company.employees,
            currency=company.currency or None,
            on=on or figures_date(company),
            rule_set=rule_set,
        )


def _country_code(company: Company) -> str:
    """str(company.country) without building a django-countries Country (a tenth of the SME
    check of a 10,000-row import): the field keeps the code itself on the instance."""
    code = company.__dict__.get("country")
    if _COUNTRY_STR_IS_CODE and isinstance(code, str) and len(code) == 2 and code.isupper():
        return code  # what Country(code) gives back for an upper-case alpha-2 code
    return str(company.country)


_COUNTRY_STR_IS_CODE = Company._meta.get_field("country").countries_str_attr == "code"


NO_RATE = gettext_noop(
    "cannot decide: no exchange rate from %(from)s to %(to)s dated on or before %(date)s"
)


def rule_set_for(country: str, on: date, *, name: str | None = None) -> RuleSet:
    return Assessor().rule_set_for(country, on, name=name)


def eligibility_check(**figures) -> Check:
    """Judge figures against the law in force (or a named rule set) on a date. Missing figures
    or a missing exchange rate give an undecided result with the reason, never a guess."""
    return Assessor().check(**figures)


def rate_as_engine(rate: ExchangeRate) -> "engine.Rate":
    return engine.Rate(
        from_currency=rate.currency,
        to_currency=rate.to_currency,
        rate=rate.rate,
        date=rate.date,
        source=rate.source,
    )


def figures_date(company: Company, application: Application | None = None) -> date:
    if company.figures_date:
        return company.figures_date
    if application is not None and application.submitted_at:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


def company_check(company: Company, *, rule_set: RuleSet | None = None, on=None) -> Check:
    return Assessor().company_check(company, rule_set=rule_set, on=on)


def application_rule_set(application: Application) -> RuleSet | None:
    form = getattr(application.programme, "application_form", None)
    return form.rule_set if form is not None else None


def application_assess(
    application: Application,
    *,
    by=None,
    record: bool = True,
    assessor: "Assessor | None" = None,
    rule_set: RuleSet | None = None,
) -> Check | None:
    """Recompute and store (on the object; the caller saves) the application's SME result.
    Returns None when no rule set can be found (the result is then undecided, with why)."""
    company = application.company
    on = figures_date(company, application)
    assessor = assessor or Assessor()
    if rule_set is None:
        rule_set = application_rule_set(application)
    try:
        check = assessor.company_check(company, rule_set=rule_set, on=on)
    except EligibilityError as exc:
        application.eligible = None
        application.size_class = ""
        application.rule_set_name = ""
        application.eligibility_reasons = [{"template": str(exc.message), "params": {}}]
        application.exchange_rate = None
        application.eligibility_checked_at = timezone.now()
        return None
    before = (application.eligible, application.size_class, application.rule_set_name)
    application.eligible = check.eligible
    application.size_class = check.size_class or ""
    application.rule_set_name = check.rule_set.name
    application.eligibility_reasons = check.reasons()
    application.exchange_rate = (
        {
            "currency": check.rate.currency,
            "to_currency": check.rate.to_currency,
            "rate": str(check.rate.rate),
            "date": check.rate.date.isoformat(),
            "source": check.rate.source,
        }
        if check.rate
        else None
    )
    application.eligibility_checked_at = timezone.now()
    after = (application.eligible, application.size_class, application.rule_set_name)
    if record and application.pk and before != after:
        ApplicationEvent.objects.create(
            application=application,
            kind=ApplicationEvent.Kind.ELIGIBILITY,
            by=by,
            actor=by.display_name() if by else _("the SME check"),
            changes={"eligible": [before[0], after[0]], "size_class": [before[1], after[1]]},
        )
    return check
