"""The company list, a company's page, the possible duplicates and merging them."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies import eligibility as engine
from companies import selectors
from companies.exceptions import CompanyError
from companies.forms_registry import (
    CompanySearchForm,
    country_name,
    plain_number,
    rate_sentence,
)
from companies.models import Application, Company
from companies.rules import can_manage_applications
from companies.services import companies as services
from companies.services.eligibility import company_check, reason_text

from .calculator import sme_check_url
from .common import PAGE_SIZE, _next_url, _require_staff, check_view
from .reads import (
    companies_with_application_counts,
    companies_with_duplicate_flags,
    company_search,
    possible_duplicates_of,
)


@login_required
def company_list(request):
    _require_staff(request)
    form = CompanySearchForm(request.GET or None)
    filters = form.values() if form.is_bound else {}
    visible = selectors.company_list_for_user(request.user)
    companies = company_search(visible, **filters)
    companies = companies_with_duplicate_flags(
        companies_with_application_counts(companies, request.user)
    )
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    flagged = companies_with_duplicate_flags(visible).filter(
        Q(same_number=True) | Q(same_name=True)
    )
    return render(
        request,
        "companies/company/list.html",
        {"form": form, "page": page, "duplicate_count": flagged.count()},
    )


MONEY = ("capital", "sales", "balance_sheet")


def _value(company: Company, name: str) -> str:
    """A company field as text, the way the registry shows it."""
    value = getattr(company, name)
    if value in (None, "", []):
        return ""
    if name in MONEY:
        return f"{plain_number(value)} {company.currency}".strip()
    if name == "country":
        return country_name(value.code)
    if name == "hiring_countries":
        return ", ".join(country_name(c.code) for c in value)
    if name in ("sector", "legal_form"):
        return getattr(company, f"get_{name}_display")()
    if name == "organisation":
        return value.name
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


@login_required
def company_detail(request, pk: int):
    staff = can_manage_applications(request.user)
    try:
        company = selectors.company_get_for_user(request.user, pk)
    except Http404:
        merged = Company.objects.filter(pk=pk).exclude(merged_into=None).first() if staff else None
        if merged is None:
            raise
        messages.info(
            request,
            _("“%(duplicate)s” was merged into this company.") % {"duplicate": merged.legal_name},
        )
        return redirect("companies:company.detail", pk=merged.merged_into_id)
    applications = (
        selectors.application_list_for_user(request.user)
        .filter(company=company)
        .order_by("-programme__start_date", "-pk")
    )
    rows = [
        {
            "application": application,
            "reasons": [reason_text(item) for item in application.eligibility_reasons or []],
            "rate": rate_sentence(application.exchange_rate) if application.exchange_rate else "",
        }
        for application in applications
    ]
    context = {"company": company, "applications": rows, "staff": staff}
    if staff:
        context["check_url"] = sme_check_url(company)
        try:
            context["sme"] = check_view(company_check(company))
        except (CompanyError, engine.EligibilityError) as exc:
            context["sme_error"] = str(getattr(exc, "message", exc))
        context["duplicates"] = companies_with_application_counts(
            possible_duplicates_of(company), request.user
        )
        context["merged_from"] = company.merged_from.order_by("legal_name")
    return render(request, "companies/company/detail.html", context)


DUPLICATE_FIELDS = (
    "legal_name", "local_name", "latin_name", "registration_number", "country", "sector",
    "legal_form", "currency", "capital", "sales", "balance_sheet", "employees", "figures_date",
    "year_founded", "website", "contact_name", "contact_email", "contact_phone", "organisation",
)  # fmt: skip


def _duplicate_group(companies: list[Company], counts: dict[int, int]) -> dict:
    rows = []
    for name in DUPLICATE_FIELDS:
        values = [_value(company, name) for company in companies]
        if not any(values):
            continue
        rows.append(
            {
                "label": str(Company._meta.get_field(name).verbose_name),
                "values": values,
                "differs": len(set(values)) > 1,
            }
        )
    numbers = {c.registration_number for c in companies}
    why = (
        _("same registration number")
        if len(numbers) == 1 and "" not in numbers
        else _("same name in the same country")
    )
    columns = [
        {
            "company": company,
            "applications": counts.get(company.pk, 0),
            "others": [other.pk for other in companies if other.pk != company.pk],
        }
        for company in companies
    ]
    return {"why": why, "rows": rows, "columns": columns}


@login_required
def company_duplicates(request):
    _require_staff(request)
    groups = selectors.company_duplicate_groups()
    ids = [company.pk for group in groups for company in group]
    counts = dict(
        Application.objects.unscoped("staff only (_require_staff above)")
        .filter(company_id__in=ids)
        .order_by()
        .values_list("company_id")
        .annotate(n=Count("id"))
    )
    return render(
        request,
        "companies/company/duplicates.html",
        {"groups": [_duplicate_group(group, counts) for group in groups]},
    )


@login_required
@require_POST
def company_merge(request, pk: int):
    _require_staff(request)
    keep = selectors.company_get_for_user(request.user, pk)
    back = _next_url(request, default=reverse("companies:company.detail", args=[keep.pk]))
    wanted = []
    for raw in request.POST.getlist("duplicate"):
        try:
            wanted.append(int(raw))
        except ValueError:
            continue
    if not wanted:
        messages.error(request, _("Choose the company to merge into this one."))
        return redirect(back)
    found = selectors.company_list_for_user(request.user).in_bulk(wanted)
    merged = []
    for duplicate_pk in dict.fromkeys(wanted):
        duplicate = found.get(duplicate_pk)
        if duplicate is None:
            messages.error(
                request,
                _("Company #%(id)s is not in the registry (it may have been merged already).")
                % {"id": duplicate_pk},
            )
            continue
        try:
            keep = services.company_merge(keep, duplicate=duplicate, by=request.user)
        except CompanyError as exc:
            messages.error(
                request,
                _("“%(duplicate)s” was not merged: %(reason)s")
                % {"duplicate": duplicate.legal_name, "reason": exc.message},
            )
        else:
            merged.append(duplicate.legal_name)
    if merged:
        messages.success(
            request,
            ngettext(
                "%(names)s merged into “%(keep)s”.",
                "%(names)s merged into “%(keep)s”.",
                len(merged),
            )
            % {"names": ", ".join(f"“{name}”" for name in merged), "keep": keep.legal_name},
        )
    return redirect(back)
