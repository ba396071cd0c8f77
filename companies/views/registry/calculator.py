"""The SME calculator: anyone signed in checks figures against the law or a programme's rules."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from companies.eligibility_input import parse_check_input
from companies.exceptions import CompanyError
from companies.forms_registry import (
    SmeCheckForm,
    show_errors,
)
from companies.models import Company
from companies.services.eligibility import eligibility_check

from .common import _is_htmx, check_view


def sme_check_url(company: Company) -> str:
    """The calculator, filled in with the company's figures."""
    values = {
        "country": company.country.code,
        "sector": company.sector,
        "legal_form": company.legal_form,
        "capital": company.capital,
        "sales": company.sales,
        "balance_sheet": company.balance_sheet,
        "employees": company.employees,
        "currency": company.currency,
        "date": company.figures_date.isoformat() if company.figures_date else None,
    }
    query = urlencode({key: value for key, value in values.items() if value not in (None, "")})
    return f"{reverse('companies:sme.check')}?{query}"


@login_required
def sme_check(request):
    form = SmeCheckForm(request.GET if "country" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = check_view(eligibility_check(**parse_check_input(form.check_input())))
        except CompanyError as exc:
            show_errors(form, exc.errors, exc.message, field_map={"on": "date"})
    template = "companies/sme/_check.html" if _is_htmx(request) else "companies/sme/check.html"
    return render(request, template, {"form": form, "result": result})
