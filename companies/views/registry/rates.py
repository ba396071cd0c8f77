"""The exchange-rate table: staff add and delete rates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies import selectors
from companies.exceptions import CompanyError
from companies.forms_registry import (
    ExchangeRateForm,
    rate_sentence,
    show_errors,
)
from companies.services import companies as services

from .common import _require_staff


@login_required
def rate_list(request):
    _require_staff(request)
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate = services.exchange_rate_create(by=request.user, **form.service_fields())
        except CompanyError as exc:
            show_errors(form, exc.errors, exc.message)
        else:
            messages.success(request, _("Rate saved: %(rate)s.") % {"rate": rate_sentence(rate)})
            return redirect("companies:rate.list")
    rates = Paginator(selectors.exchange_rate_list().select_related("created_by"), 100)
    page = rates.get_page(request.GET.get("page"))
    rows = [{"rate": rate, "text": rate_sentence(rate)} for rate in page]
    return render(request, "companies/rate/list.html", {"form": form, "page": page, "rows": rows})


@login_required
@require_POST
def rate_delete(request, pk: int):
    _require_staff(request)
    rate = get_object_or_404(selectors.exchange_rate_list(), pk=pk)
    text = rate_sentence(rate)
    services.exchange_rate_delete(rate, by=request.user)
    messages.success(request, _("Rate deleted: %(rate)s.") % {"rate": text})
    return redirect("companies:rate.list")
