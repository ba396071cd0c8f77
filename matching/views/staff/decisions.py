"""The ranking of a counterpart's applicants, the bulk decisions and the waiting list."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies.models import Application
from core.models import Organisation
from programmes.models import Programme, Role

from ... import selectors
from ...exceptions import AssessmentError
from ...forms import (
    DecisionForm,
)
from ...models import Assignment, Decision
from ...services.decisions import (
    decision_record,
    waitlist_promote,
)
from .access import _managed_programme, _refused


def _counterparts(programme: Programme):
    """Counterparts invited to the programme or that put an applicant forward."""
    return (
        Organisation.objects.filter(
            Q(programme_links__programme=programme, programme_links__role=Role.COUNTERPART)
            | Q(pk__in=Application.objects.filter(programme=programme).values("counterpart_id"))
        )
        .distinct()
        .order_by("name")
    )


def _counterpart(programme: Programme, slug: str) -> Organisation | None:
    return get_object_or_404(_counterparts(programme), slug=slug) if slug else None


def _ranking_url(programme: Programme, counterpart: Organisation | None) -> str:
    url = reverse("matching:ranking", kwargs={"slug": programme.slug})
    return f"{url}?{urlencode({'counterpart': counterpart.slug})}" if counterpart else url


def _recommendations(row) -> list[tuple[str, str, int]]:
    return [
        (value, label, row.recommendations[value])
        for value, label in Assignment.Recommendation.choices
        if row.recommendations.get(value)
    ]


def _ranking_page(request, programme, form: DecisionForm, counterpart):
    assessment = selectors.assessment_for(programme)
    selected = selectors.selected_count(programme)
    entries = selectors.ranking(programme, counterpart=counterpart)
    return render(
        request,
        "matching/staff/ranking.html",
        {
            "programme": programme,
            "assessment": assessment,
            "rows": [(entry, _recommendations(entry.row)) for entry in entries],
            "counterparts": _counterparts(programme),
            "counterpart": counterpart,
            "query": urlencode({"counterpart": counterpart.slug}) if counterpart else "",
            "selected": selected,
            "below_min": selected < assessment.target_min,
            "waiting": selectors.waitlist(programme).count(),
            "frozen_rates": selectors.frozen_rates(programme) if assessment.is_locked else [],
            "form": form,
            "checked": form.checked(),
        },
    )


@login_required
def ranking(request, slug):
    programme = _managed_programme(request, slug)
    counterpart = _counterpart(programme, request.GET.get("counterpart", ""))
    form = DecisionForm(
        programme=programme, initial={"counterpart": counterpart.slug if counterpart else ""}
    )
    return _ranking_page(request, programme, form, counterpart)


@login_required
@require_POST
def decision_create(request, slug):
    programme = _managed_programme(request, slug)
    counterpart = _counterpart(programme, request.POST.get("counterpart", ""))
    form = DecisionForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        # In the order ticked on the page (best first), which is the order on the waiting list.
        order = {pk: index for index, pk in enumerate(request.POST.getlist("applications"))}
        applications = sorted(data["applications"], key=lambda a: order.get(str(a.pk), 0))
        try:
            decisions = decision_record(
                programme,
                applications=applications,
                outcome=data["outcome"],
                reason=data["reason"],
                override_reason=data["override_reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Decision “%(outcome)s” recorded for %(count)s applicant. The company is "
                    "told when you press “Tell the companies”.",
                    "Decision “%(outcome)s” recorded for %(count)s applicants. The companies are "
                    "told when you press “Tell the companies”.",
                    len(decisions),
                )
                % {"outcome": Decision.Outcome(data["outcome"]).label, "count": len(decisions)},
            )
            return redirect(_ranking_url(programme, counterpart))
    return _ranking_page(request, programme, form, counterpart)


@login_required
@require_POST
def waitlist_promote_view(request, slug):
    programme = _managed_programme(request, slug)
    try:
        decision = waitlist_promote(programme, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        company = decision.application.company
        if decision.application.email:
            text = _("%(company)s is promoted from the waiting list; an e-mail telling it is "
                     "queued.")  # fmt: skip
        else:
            text = _("%(company)s is promoted from the waiting list (no e-mail address: tell it "
                     "another way).")  # fmt: skip
        messages.success(request, text % {"company": company})
    return redirect("matching:ranking", slug=programme.slug)
