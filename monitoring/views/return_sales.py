"""Staff's return sales page: a programme's Japanese participants' sales after the event per
period (amount with its currency), the form that adds one, the form that corrects one and
the button that deletes it. Staff only (reviewers read the totals on dashboards and reports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors
from ..exceptions import MonitoringError
from ..forms import ReturnSaleForm
from ..services import return_sale_delete, return_sale_record, return_sale_update
from .outcomes import _programme


def _add_errors(form, exc: MonitoringError) -> None:
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    if not exc.errors:
        form.add_error(None, str(exc.message))


def _totals(sales) -> list[tuple[str, object]]:
    totals: dict = {}
    for sale in sales:
        totals[sale.currency] = totals.get(sale.currency, 0) + sale.amount
    return sorted(totals.items())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def return_sale_list(request, slug: str):
    programme = _programme(request, slug)
    companies = list(selectors.return_sale_companies(programme))
    status = 200
    if request.method == "POST":
        form = ReturnSaleForm(request.POST, companies=companies)
        if form.is_valid():
            try:
                return_sale_record(programme, by=request.user, **form.cleaned_data)
            except MonitoringError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The return sales are recorded."))
                return redirect(reverse("monitoring:return_sale.list", kwargs={"slug": slug}))
        status = 400
    else:
        form = ReturnSaleForm(companies=companies)
    sales = list(selectors.return_sales_for(programme))
    return render(
        request,
        "monitoring/return_sale/list.html",
        {"programme": programme, "sales": sales, "totals": _totals(sales), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def return_sale_edit(request, slug: str, pk: int):
    programme = _programme(request, slug)
    sale = get_object_or_404(selectors.return_sales_for(programme), pk=pk)
    status = 200
    if request.method == "POST":
        form = ReturnSaleForm(request.POST, editing=True)
        if form.is_valid():
            try:
                return_sale_update(sale, by=request.user, **form.cleaned_data)
            except MonitoringError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The return sales are corrected."))
                return redirect(reverse("monitoring:return_sale.list", kwargs={"slug": slug}))
        status = 400
    else:
        form = ReturnSaleForm(
            editing=True,
            initial={
                "period_start": sale.period_start.isoformat(),
                "period_end": sale.period_end.isoformat(),
                "amount": sale.amount,
                "currency": sale.currency,
                "note": sale.note,
            },
        )
    return render(
        request,
        "monitoring/return_sale/edit.html",
        {"programme": programme, "sale": sale, "form": form},
        status=status,
    )


@login_required
@require_POST
def return_sale_delete_view(request, slug: str, pk: int):
    programme = _programme(request, slug)
    sale = get_object_or_404(selectors.return_sales_for(programme), pk=pk)
    try:
        return_sale_delete(sale, by=request.user)
    except MonitoringError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The return sales row is deleted."))
    return redirect(reverse("monitoring:return_sale.list", kwargs={"slug": slug}))
