"""Return sales: what a Japanese participant sold after the event, per period, in the currency
of the sales. Staff record, correct and delete them (``return_sale_record``,
``return_sale_update``, ``return_sale_delete``); a Japanese company's answer to a follow-up
survey records one too. A company's periods in a programme never overlap: a second figure for
the same months is refused, so nothing is counted twice. Every refusal names the field and
changes nothing."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.forms import CURRENCIES
from companies.models import Company
from core.models import User
from programmes.models import Programme

from .. import selectors
from ..exceptions import ReturnSaleRefused
from ..models import FollowUp, ReturnSale
from ..rules import can_settle_outcomes


def _date(value, field: str, errors: dict):
    if value in (None, ""):
        errors[field] = [_("Give the date (YYYY-MM-DD).")]
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}]
        return None


def _clean(programme, *, company, period_start, period_end, amount, currency, exclude=None):
    errors: dict = {}
    if company is None or not isinstance(company, Company):
        company = Company.objects.filter(pk=company).first() if company else None
    if company is None or not selectors.return_sale_companies(programme).filter(pk=company.pk):
        errors["company"] = [_("Choose a Japanese company that met partners in this programme.")]
    start = _date(period_start, "period_start", errors)
    end = _date(period_end, "period_end", errors)
    if start and end and end < start:
        errors["period_end"] = [_("The period ends before it starts.")]
    value = None
    try:
        value = Decimal(str(amount).replace(",", "").strip()) if amount not in (None, "") else None
    except InvalidOperation:
        errors["amount"] = [_("The amount is not a number.")]
    else:
        if value is None:
            errors["amount"] = [_("Give the amount (0 if there were no sales).")]
        elif not value.is_finite() or value < 0:
            errors["amount"] = [_("The amount cannot be negative.")]
        elif value >= Decimal("1e14"):
            errors["amount"] = [_("The amount is too large.")]
    code = (currency or "").strip().upper()
    if not code:
        errors["currency"] = [_("Give the currency of the sales.")]
    elif code not in CURRENCIES:
        errors["currency"] = [_("Unknown currency “%(code)s”.") % {"code": code}]
    if "company" not in errors and start and end and "period_end" not in errors:
        clash = ReturnSale.objects.filter(
            programme=programme, company=company, period_start__lte=end, period_end__gte=start
        )
        if exclude is not None:
            clash = clash.exclude(pk=exclude.pk)
        clash = clash.order_by("period_start").first()
        if clash is not None:
            errors["period_start"] = [
                _(
                    "Return sales of this company are already recorded for %(start)s – %(end)s: "
                    "the periods would overlap. Correct that row instead."
                )
                % {"start": clash.period_start.isoformat(), "end": clash.period_end.isoformat()}
            ]
    if errors:
        raise ReturnSaleRefused(errors=errors)
    return {
        "company": company,
        "period_start": start,
        "period_end": end,
        "amount": value,
        "currency": code,
    }


def _check(by: User) -> None:
    if not can_settle_outcomes(by):
        raise ReturnSaleRefused(
            _("Only programme staff record return sales."), code="permission_denied"
        )


def _case_of(programme: Programme, company: Company) -> FollowUp | None:
    """The company's follow-up case in the programme when it has exactly one."""
    cases = list(selectors.follow_ups_for(programme).filter(meeting__domestic=company)[:2])
    return cases[0] if len(cases) == 1 else None


def return_sale_record(
    programme: Programme,
    *,
    by: User,
    company,
    period_start,
    period_end,
    amount,
    currency: str,
    note: str = "",
    now=None,
) -> ReturnSale:
    """Staff record a Japanese company's return sales for one period."""
    _check(by)
    fields = _clean(
        programme,
        company=company,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        currency=currency,
    )
    try:
        with transaction.atomic():
            return ReturnSale.objects.create(
                programme=programme,
                follow_up=_case_of(programme, fields["company"]),
                note=(note or "").strip()[:500],
                recorded_by=by,
                recorded_at=now or timezone.now(),
                **fields,
            )
    except IntegrityError as exc:
        raise ReturnSaleRefused(
            errors={"period_start": [_("These return sales are already recorded.")]}
        ) from exc


def return_sale_update(
    sale: ReturnSale,
    *,
    by: User,
    period_start,
    period_end,
    amount,
    currency: str,
    note: str = "",
    now=None,
) -> ReturnSale:
    """Staff correct a row (the company stays; delete the row to move it to another)."""
    _check(by)
    fields = _clean(
        sale.programme,
        company=sale.company,
        period_start=period_start,
        period_end=period_end,
        amount=amount,
        currency=currency,
        exclude=sale,
    )
    fields.pop("company")
    try:
        with transaction.atomic():
            for name, value in fields.items():
                setattr(sale, name, value)
            sale.note = (note or "").strip()[:500]
            sale.recorded_by = by
            sale.recorded_at = now or timezone.now()
            sale.save()
    except IntegrityError as exc:
        raise ReturnSaleRefused(
            errors={"period_start": [_("These return sales are already recorded.")]}
        ) from exc
    return sale


def return_sale_delete(sale: ReturnSale, *, by: User) -> None:
    _check(by)
    sale.delete()
