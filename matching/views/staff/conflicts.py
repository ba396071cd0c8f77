"""Conflicts of interest: staff see and declare all of them, an adviser their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.models import Programme

from ... import selectors
from ...exceptions import AssessmentError
from ...forms import (
    ConflictForm,
)
from ...rules import can_manage_assessment, can_withdraw_conflict, is_adviser
from ...services.assignments import (
    conflict_declare,
    conflict_withdraw,
)
from .access import _programme, _refused


def _conflicts_programme(request, slug: str) -> tuple[Programme, bool]:
    """Staff (every conflict) or an adviser of the programme (their own); others 403."""
    programme = _programme(request, slug)
    staff = can_manage_assessment(request.user, programme)
    if not staff and not is_adviser(request.user, programme):
        raise PermissionDenied
    return programme, staff


@login_required
def conflict_list(request, slug):
    programme, staff = _conflicts_programme(request, slug)
    form = ConflictForm(request.POST or None, programme=programme, staff=staff)
    if request.method == "POST" and form.is_valid():
        adviser = form.cleaned_data["adviser"] if staff else request.user
        company = form.cleaned_data["company"]
        try:
            conflict_declare(
                programme,
                adviser=adviser,
                company=company,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                _("Conflict of interest of %(adviser)s with %(company)s recorded: they will not "
                  "review its application.")
                % {"adviser": adviser.display_name(), "company": company},
            )  # fmt: skip
            return redirect("matching:conflict.list", slug=programme.slug)
    locked = selectors.assessment_for(programme).is_locked
    conflicts = list(selectors.conflict_list_for_user(request.user, programme))
    for conflict in conflicts:
        conflict.can_withdraw = not locked and can_withdraw_conflict(request.user, conflict)
    return render(
        request,
        "matching/staff/conflicts.html",
        {
            "programme": programme,
            "staff": staff,
            "locked": locked,
            "conflicts": conflicts,
            "withdrawn": selectors.conflict_withdrawal_list(programme) if staff else [],
            "form": form,
        },
    )


@login_required
@require_POST
def conflict_delete(request, slug, pk):
    programme, _staff = _conflicts_programme(request, slug)
    conflict = selectors.conflict_get_for_user(request.user, pk)
    if conflict.programme_id != programme.pk:
        raise Http404("No such conflict.")
    try:
        conflict_withdraw(conflict, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Conflict of %(adviser)s with %(company)s withdrawn.")
            % {"adviser": conflict.adviser.display_name(), "company": conflict.company},
        )
    return redirect("matching:conflict.list", slug=programme.slug)
