"""Pages of the company registry: companies, their duplicates and merging; the SME calculator;
the SME rule sets (the law, and programme-specific ones); the exchange-rate table.

Each view parses, calls one service or selector, and responds. Agency staff manage; everyone
signed in may read the law and use the calculator."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from companies import eligibility as engine
from companies import selectors
from companies.eligibility import messages as engine_messages
from companies.eligibility.schema import Node, parse
from companies.eligibility_input import parse_check_input
from companies.exceptions import CompanyError
from companies.forms_registry import (
    CompanySearchForm,
    ExchangeRateForm,
    RuleSetForm,
    SmeCheckForm,
    country_name,
    plain_number,
    rate_sentence,
    rule_set_errors,
    show_errors,
)
from companies.imports.values import normalise_name
from companies.models import Application, Company, LegalForm, RuleSet, SizeClass, SmeSector
from companies.rules import can_manage_applications
from companies.services import companies as services
from companies.services.eligibility import company_check, eligibility_check, reason_text
from core.models import User
from programmes.selectors import programme_list_for_user

PAGE_SIZE = 50


def _require_staff(request) -> None:
    if not can_manage_applications(request.user):
        raise PermissionDenied


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- presenting figures --------------------------------------------------------------------


def check_view(check) -> dict:
    """What a page shows of an SME check (companies.services.eligibility.Check), in the shape
    of the shared result panel (templates/companies/apply/_sme_result.html)."""
    result = check.to_json()
    return {
        "eligible": result["eligible"],
        "size_label": SizeClass(result["size_class"]).label if result["size_class"] else "",
        "rule_set": check.rule_set,
        "reasons": result["reasons"],
        "rate_text": rate_sentence(check.rate) if check.rate else "",
        "on": check.on,
    }


# --- reads for the registry (candidates for companies/selectors.py) -------------------------


def companies_with_duplicate_flags(companies: QuerySet) -> QuerySet:
    """`companies` with `same_number` / `same_name`: whether another live company of the same
    country has the same registration number / normalised name (the rule of
    selectors.company_duplicate_groups, in one query for the whole page)."""
    others = Company.objects.filter(merged_into__isnull=True, country=OuterRef("country")).exclude(
        pk=OuterRef("pk")
    )
    return companies.annotate(
        same_number=Exists(
            others.filter(registration_number=OuterRef("registration_number")).exclude(
                registration_number=""
            )
        ),
        same_name=Exists(
            others.filter(normalised_name=OuterRef("normalised_name")).exclude(normalised_name="")
        ),
    )


def companies_with_application_counts(companies: QuerySet, user: User) -> QuerySet:
    """`companies` with `application_count`: the applications of each that `user` may see."""
    visible = (
        selectors.application_list_for_user(user)
        .filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("id"))
        .values("n")
    )
    return companies.annotate(
        application_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0)
    )


def company_search(companies: QuerySet, *, q="", country="", sector="") -> QuerySet:
    q = (q or "").strip()
    if q:
        companies = companies.filter(
            Q(legal_name__icontains=q)
            | Q(local_name__icontains=q)
            | Q(latin_name__icontains=q)
            | Q(normalised_name__icontains=normalise_name(q))
            | Q(registration_number__icontains=q)
        )
    if country:
        companies = companies.filter(country=country.upper())
    if sector:
        companies = companies.filter(sector=sector)
    return companies


def possible_duplicates_of(company: Company) -> QuerySet:
    same = Q()
    if company.registration_number:
        same |= Q(registration_number=company.registration_number)
    if company.normalised_name:
        same |= Q(normalised_name=company.normalised_name)
    if not same:
        return Company.objects.none()
    return (
        Company.objects.filter(same, merged_into__isnull=True, country=company.country)
        .exclude(pk=company.pk)
        .order_by("created_at", "pk")
    )


# --- companies -----------------------------------------------------------------------------


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
        Application.objects.filter(company_id__in=ids)
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


# --- the SME calculator --------------------------------------------------------------------


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


# --- rule sets -----------------------------------------------------------------------------


def _grouped_by_country(rule_sets) -> list[dict]:
    groups: dict[str, dict] = {}
    for rule_set in rule_sets:
        group = groups.setdefault(
            rule_set.country,
            {"code": rule_set.country, "name": country_name(rule_set.country), "items": []},
        )
        group["items"].append(rule_set)
    return sorted(groups.values(), key=lambda group: group["name"])


@login_required
def rule_set_list(request):
    rule_sets = (
        selectors.rule_set_list()
        .annotate(form_count=Count("forms"))
        .order_by("country", "-valid_from", "name")  # an aggregate drops Meta.ordering
    )
    return render(
        request,
        "companies/rule_set/list.html",
        {
            "countries": _grouped_by_country(rule_sets),
            "can_manage": can_manage_applications(request.user),
        },
    )


def _limit_text(limit, figure: str, currency: str) -> str:
    if limit is None:
        return ""
    if figure == "employees":
        return f"{limit.op_pass} {plain_number(limit.value)}"
    return f"{limit.op_pass} {plain_number(limit.value)} {currency}"


def combination_words(node: Node, *, top: bool = True) -> str:
    """{"all": ["employees", {"any": ["sales", "balance_sheet"]}]} → "employees and (sales or
    balance sheet total)", in the reader's language."""
    joiner = pgettext("SME rule", " or ") if node.op == "any" else pgettext("SME rule", " and ")
    parts = [
        _(engine_messages.FIGURE_LABELS[child])
        if isinstance(child, str)
        else combination_words(child, top=False)
        for child in node.children
    ]
    text = joiner.join(parts)
    return text if top or len(parts) == 1 else f"({text})"


def rule_set_table(rule_set: RuleSet) -> dict:
    """The rule set as a reader sees it: per sector group, the limit of each figure for each
    size class; the combination in words; what does not apply to which legal form; notes."""
    spec = parse(rule_set.as_data())
    figures = [
        figure
        for figure in engine.FIGURES
        if any(figure in limits for g in spec.groups.values() for limits in g.classes.values())
    ]
    groups = []
    for key, group in spec.groups.items():
        groups.append(
            {
                "label": _(group.label),
                "sectors": [SmeSector(s).label for s, g in spec.sectors.items() if g == key],
                "rows": [
                    {
                        "size_class": SizeClass(size).label,
                        "limits": [_limit_text(limits.get(f), f, spec.currency) for f in figures],
                    }
                    for size, limits in group.classes.items()
                ],
                "top": _(engine_messages.SIZE_CLASS_LABELS[group.top_class]),
                "notes": [_(note) for note in group.notes],
            }
        )
    if spec.combination.op == "any":
        meaning = _(
            "A company belongs to a size class when at least one of these figures is within "
            "the class's limit."
        )
    else:
        meaning = _(
            "A company belongs to a size class only when all of these figures are within the "
            "class's limits."
        )
    not_applicable = [
        _(engine_messages.NOT_APPLICABLE)
        % {
            "figure": _(engine_messages.FIGURE_LABELS[figure]),
            "legal_form": _(engine_messages.LEGAL_FORM_LABELS[form]),
        }
        for form in LegalForm.values
        for figure in sorted(spec.not_applicable.get(form, ()))
    ]
    return {
        "figures": [_(engine_messages.FIGURE_LABELS[f]) for f in figures],
        "groups": groups,
        "combination": combination_words(spec.combination),
        "meaning": meaning,
        "not_applicable": not_applicable,
        "notes": [_(note) for note in spec.notes],
    }


@login_required
def rule_set_detail(request, name: str):
    rule_set = get_object_or_404(selectors.rule_set_list(), name=name)
    try:
        table, invalid = rule_set_table(rule_set), None
    except engine.EligibilityInputError as exc:
        table, invalid = None, str(exc)
    forms = rule_set.forms.filter(
        programme__in=programme_list_for_user(request.user)
    ).select_related("programme")
    return render(
        request,
        "companies/rule_set/detail.html",
        {
            "rule_set": rule_set,
            "country": country_name(rule_set.country),
            "table": table,
            "invalid": invalid,
            "forms": forms,
            "can_manage": can_manage_applications(request.user),
        },
    )


@login_required
def rule_set_create(request):
    _require_staff(request)
    source = None
    if request.GET.get("from"):
        source = get_object_or_404(selectors.rule_set_list(), name=request.GET["from"])
    initial = RuleSetForm.copy_of(source) if source else None
    form = RuleSetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = services.rule_set_create(by=request.user, **form.service_fields())
        except CompanyError as exc:
            show_errors(form, rule_set_errors(exc.errors), exc.message)
        else:
            messages.success(request, _("Rule set “%(title)s” saved.") % {"title": rule_set.title})
            return redirect("companies:rule_set.detail", name=rule_set.name)
    return render(request, "companies/rule_set/form.html", {"form": form, "source": source})


@login_required
def rule_set_edit(request, name: str):
    _require_staff(request)
    rule_set = get_object_or_404(selectors.rule_set_list(), name=name)
    if rule_set.builtin:
        return render(
            request, "companies/rule_set/refused.html", {"rule_set": rule_set}, status=403
        )
    form = RuleSetForm(request.POST or None, rule_set=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_set_update(rule_set, by=request.user, **form.service_fields())
        except CompanyError as exc:
            show_errors(form, rule_set_errors(exc.errors), exc.message)
            rule_set.refresh_from_db()
        else:
            messages.success(request, _("Rule set “%(title)s” saved.") % {"title": rule_set.title})
            return redirect("companies:rule_set.detail", name=rule_set.name)
    return render(request, "companies/rule_set/form.html", {"form": form, "rule_set": rule_set})


# --- exchange rates ------------------------------------------------------------------------


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
