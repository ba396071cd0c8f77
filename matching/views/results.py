"""The selection results of a programme, read-only, for its ministry reviewers and agency staff
(matching/selectors_results.py says what they hold and what they leave out)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from programmes.selectors import programme_get_for_user

from ..rules import can_read_results
from ..selectors_results import selection_results


@login_required
def results(request, slug):
    programme = programme_get_for_user(request.user, slug)
    if not can_read_results(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return render(
        request,
        "matching/results/detail.html",
        {"programme": programme, "results": selection_results(programme)},
    )
