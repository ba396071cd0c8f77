"""Who reviews which application: by hand or shared out automatically."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies.models import Application
from programmes.models import Programme

from ... import selectors
from ...exceptions import AssessmentError
from ...forms import (
    AssignmentForm,
)
from ...models import Assignment, Conflict
from ...services.assignments import (
    assignment_create,
    assignment_delete,
    assignments_auto,
)
from .access import _managed_programme, _refused


@dataclass
class AssignmentRow:
    application: Application
    assignments: list[Assignment]
    conflicted: list[str]  # advisers with a declared conflict with the company
    missing: int  # reviews still to assign (none once decided)


def _assignment_rows(programme: Programme, required: int) -> list[AssignmentRow]:
    applications = (
        selectors.pool(programme)
        .select_related("decision")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("adviser"))
        )
        .order_by("company__legal_name")
    )
    conflicts: dict[int, list[str]] = {}
    for conflict in Conflict.objects.filter(programme=programme).select_related("adviser"):
        conflicts.setdefault(conflict.company_id, []).append(conflict.adviser.display_name())
    rows = []
    for application in applications:
        assignments = list(application.assignments.all())
        rows.append(
            AssignmentRow(
                application,
                assignments,
                conflicts.get(application.company_id, []),
                0 if hasattr(application, "decision") else max(0, required - len(assignments)),
            )
        )
    return rows


@login_required
def assignment_list(request, slug):
    programme = _managed_programme(request, slug)
    form = AssignmentForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        application = form.cleaned_data["application"]
        adviser = form.cleaned_data["adviser"]
        try:
            assignment_create(application, adviser=adviser, by=request.user)
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                _("%(company)s assigned to %(adviser)s.")
                % {"company": application.company, "adviser": adviser.display_name()},
            )
            return redirect("matching:assignment.list", slug=programme.slug)
    assessment = selectors.assessment_for(programme)
    mine = Q(assignments__programme=programme)
    advisers = selectors.adviser_list(programme).annotate(
        assigned=Count("assignments", filter=mine),
        complete=Count("assignments", filter=mine & Q(assignments__completed_at__isnull=False)),
    )
    return render(
        request,
        "matching/staff/assignments.html",
        {
            "programme": programme,
            "assessment": assessment,
            "rows": _assignment_rows(programme, assessment.reviews_per_application),
            "advisers": advisers,
            "form": form,
        },
    )


@login_required
@require_POST
def assignment_auto(request, slug):
    programme = _managed_programme(request, slug)
    try:
        result = assignments_auto(programme, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
        return redirect("matching:assignment.list", slug=programme.slug)
    loads = ", ".join(f"{name} ({load})" for name, load in result["loads"].items())
    messages.success(
        request,
        ngettext(
            "%(created)s review assigned for the %(applications)s applications waiting for a "
            "decision. Reviews per adviser: %(loads)s.",
            "%(created)s reviews assigned for the %(applications)s applications waiting for a "
            "decision. Reviews per adviser: %(loads)s.",
            result["created"],
        )
        % {**result, "loads": loads},
    )
    if result["short"]:
        names = dict(
            selectors.pool(programme)
            .filter(pk__in=result["short"])
            .values_list("pk", "company__legal_name")
        )
        short = ", ".join(
            _("%(company)s (%(missing)s missing)") % {"company": names.get(pk, pk), "missing": n}
            for pk, n in result["short"].items()
        )
        messages.warning(
            request,
            _("Not enough advisers free of conflicts for: %(short)s. Invite more advisers or "
              "lower the reviews per application.") % {"short": short},
        )  # fmt: skip
    return redirect("matching:assignment.list", slug=programme.slug)


@login_required
@require_POST
def assignment_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    assignment = get_object_or_404(
        selectors.assignment_list_for_user(request.user, programme), pk=pk
    )
    try:
        assignment_delete(assignment, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(company)s is no longer assigned to %(adviser)s.")
            % {
                "company": assignment.application.company,
                "adviser": assignment.adviser.display_name(),
            },
        )
    return redirect("matching:assignment.list", slug=programme.slug)
