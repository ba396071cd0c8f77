"""Who may open the staff pages of the assessment round, and how a refusal is shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from ...exceptions import AssessmentError
from ...rules import can_manage_assessment


def _programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    timezone.activate(programme.tzinfo)
    return programme


def _managed_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_manage_assessment(request.user, programme):
        raise PermissionDenied
    return programme


def _refused(request, exc: AssessmentError, labels: dict | None = None) -> None:
    """A refusal shown as one message, with what is wrong where when the page has no form."""
    details = [
        f"{labels[name]}: {problem}" if labels and name in labels else str(problem)
        for name, problems in (exc.errors or {}).items()
        for problem in problems
    ]
    messages.error(request, " ".join([str(exc.message), *details]))
