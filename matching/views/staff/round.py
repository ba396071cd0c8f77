"""The round's overview and settings, its lock, and its criteria."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import selectors
from ...exceptions import AssessmentError
from ...forms import (
    AssessmentSettingsForm,
    CriterionForm,
)
from ...models import Assignment
from ...services.round import (
    assessment_lock,
    assessment_unlock,
    assessment_update,
    criterion_create,
    criterion_delete,
    criterion_update,
)
from .access import _managed_programme, _refused


@login_required
def assessment_overview(request, slug):
    programme = _managed_programme(request, slug)
    assessment = selectors.assessment_for(programme)
    reviews = Assignment.objects.filter(programme=programme).aggregate(
        assigned=Count("pk"), complete=Count("pk", filter=Q(completed_at__isnull=False))
    )
    applications = selectors.pool(programme).count()
    return render(
        request,
        "matching/staff/overview.html",
        {
            "programme": programme,
            "assessment": assessment,
            "settings_form": AssessmentSettingsForm(instance=assessment),
            "criteria": selectors.criterion_list(programme),
            "applications": applications,
            "reviews_needed": applications * assessment.reviews_per_application,
            "reviews": reviews,
            "selected": selectors.selected_count(programme),
        },
    )


@login_required
@require_POST
def assessment_settings(request, slug):
    programme = _managed_programme(request, slug)
    form = AssessmentSettingsForm(request.POST)
    labels = {name: field.label for name, field in form.fields.items()}
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                [_("The settings were not saved.")]
                + [
                    f"{labels.get(name, '')}: {' '.join(errors)}"
                    for name, errors in form.errors.items()
                ]
            ),
        )
    else:
        try:
            assessment_update(programme, by=request.user, **form.service_fields())
        except AssessmentError as exc:
            _refused(request, exc, labels)
        else:
            messages.success(request, _("Settings of the round saved."))
    return redirect("matching:assessment", slug=programme.slug)


@login_required
@require_POST
def assessment_lock_view(request, slug):
    programme = _managed_programme(request, slug)
    assessment_lock(programme, by=request.user)
    messages.success(
        request, _("The round is locked: scores and assignments can no longer change.")
    )
    return redirect("matching:assessment", slug=programme.slug)


@login_required
@require_POST
def assessment_unlock_view(request, slug):
    programme = _managed_programme(request, slug)
    assessment_unlock(programme, by=request.user)
    messages.success(request, _("The round is open again: advisers can change their scores."))
    return redirect("matching:assessment", slug=programme.slug)


@login_required
def criterion_edit(request, slug, pk=None):
    programme = _managed_programme(request, slug)
    criterion = selectors.criterion_get(programme, pk) if pk is not None else None
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            if criterion is None:
                criterion = criterion_create(programme, by=request.user, **form.service_fields())
            else:
                criterion = criterion_update(criterion, by=request.user, **form.service_fields())
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request, _("Criterion “%(name)s” saved.") % {"name": criterion.display_name}
            )
            return redirect("matching:assessment", slug=programme.slug)
    return render(
        request,
        "matching/staff/criterion_form.html",
        {
            "programme": programme,
            "assessment": selectors.assessment_for(programme),
            "criterion": criterion,
            "form": form,
        },
    )


@login_required
@require_POST
def criterion_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    criterion = selectors.criterion_get(programme, pk)
    try:
        criterion_delete(criterion, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("Criterion “%(name)s” deleted.") % {"name": criterion.display_name}
        )
    return redirect("matching:assessment", slug=programme.slug)
