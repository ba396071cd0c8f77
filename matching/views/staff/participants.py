"""Invitations of Japanese companies from the registry; the selected participants and their
answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies.models import Application
from programmes.models import Sector

from ... import selectors
from ...exceptions import AssessmentError
from ...forms import (
    InvitationFilterForm,
    InvitationForm,
    ResponseForm,
)
from ...models import Decision
from ...services.decisions import (
    companies_invite,
    participation_respond,
)
from .access import _managed_programme, _refused


@login_required
def invitation_create(request, slug):
    programme = _managed_programme(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    filters = InvitationFilterForm({"sector": source.get("sector", "")}, programme=programme)
    sector = filters.chosen_sector()
    form = InvitationForm(
        request.POST or None, programme=programme, sector=sector, initial={"sector": sector}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions = companies_invite(
                programme,
                companies=list(form.cleaned_data["companies"]),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s company invited and asked by e-mail to confirm.",
                    "%(count)s companies invited and asked by e-mail to confirm.",
                    len(decisions),
                )
                % {"count": len(decisions)},
            )
            return redirect("matching:participant.list", slug=programme.slug)
    labels = dict(Sector.choices)
    companies = [
        (company, [labels[value] for value in company.industries or [] if value in labels])
        for company in form.fields["companies"].queryset
    ]
    return render(
        request,
        "matching/staff/invitations.html",
        {
            "programme": programme,
            "filters": filters,
            "sector": sector,
            "form": form,
            "companies": companies,
            "checked": form.checked(),
        },
    )


@login_required
def participant_list(request, slug):
    programme = _managed_programme(request, slug)
    decisions = (
        selectors.decision_list(programme)
        .filter(outcome=Decision.Outcome.SELECT)
        .select_related("application__counterpart")
        .order_by("application__company__legal_name")
    )
    overseas, japanese = [], []
    for decision in decisions:
        (japanese if decision.application.company.country.code == "JP" else overseas).append(
            decision
        )
    return render(
        request,
        "matching/staff/participants.html",
        {
            "programme": programme,
            "assessment": selectors.assessment_for(programme),
            "groups": [
                (_("Overseas companies"), overseas, False),
                (_("Japanese companies"), japanese, True),
            ],
            "responses": Decision.Response.choices,
            "selected": selectors.selected_count(programme),
        },
    )


@login_required
@require_POST
def participant_respond(request, slug, pk):
    programme = _managed_programme(request, slug)
    application = get_object_or_404(
        Application.objects.unscoped("staff only (_managed_programme above)")
        .filter(programme=programme)
        .select_related("company"),
        pk=pk,
    )
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the company's answer: confirmed or declined."))
        return redirect("matching:participant.list", slug=programme.slug)
    try:
        decision = participation_respond(
            application,
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(company)s: “%(answer)s” recorded.")
            % {"company": application.company, "answer": decision.get_response_display()},
        )
    return redirect("matching:participant.list", slug=programme.slug)
