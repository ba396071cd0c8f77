"""The SME rule sets: the law and programme-specific ones, read by everyone signed in, copied
and edited by staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from companies import eligibility as engine
from companies import selectors
from companies.eligibility import messages as engine_messages
from companies.eligibility.schema import Node, parse
from companies.exceptions import CompanyError
from companies.forms_registry import (
    RuleSetForm,
    country_name,
    plain_number,
    rule_set_errors,
    show_errors,
)
from companies.models import LegalForm, RuleSet, SizeClass, SmeSector
from companies.rules import can_manage_applications
from companies.services import companies as services
from programmes.selectors import programme_list_for_user

from .common import _require_staff


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
