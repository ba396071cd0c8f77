"""Staff's outcome pages: the meetings whose respondents disagree by two levels or more, each
with the three answers, and the form that settles the level (who and when kept on record).
The programme's reviewers read the list and change nothing (403 on the form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from programmes.selectors import programme_get_for_user

from .. import rules, selectors
from ..exceptions import MonitoringError
from ..forms import SettleForm
from ..models import LEVEL_MEANINGS
from ..services import outcome_settle


def _programme(request, slug: str, *, manage: bool = False):
    programme = programme_get_for_user(request.user, slug)
    allowed = rules.can_settle_outcomes if manage else rules.can_read_outcomes
    if not allowed(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


@login_required
@require_safe
def outcome_disagreements(request, slug: str):
    programme = _programme(request, slug)
    outcomes = list(selectors.outcomes_flagged(programme))
    order = {"japanese": 0, "overseas": 1, "interpreter": 2}
    for outcome in outcomes:
        outcome.answer_list = sorted(
            outcome.meeting.survey_responses.all(), key=lambda r: order[r.respondent_kind]
        )
    figures = selectors.outcome_figures([programme])
    return render(
        request,
        "monitoring/outcome/disagreements.html",
        {
            "programme": programme,
            "outcomes": outcomes,
            "open_count": sum(1 for o in outcomes if o.needs_settling),
            "can_settle": rules.can_settle_outcomes(request.user, programme),
            "form": SettleForm(),
            "levels": LEVEL_MEANINGS,
            "figures": figures,
            "response_percent": round(figures["response_rate"] * 100, 1),
        },
    )


@login_required
@require_POST
def outcome_settle_view(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    outcome = get_object_or_404(selectors.outcomes_flagged(programme), meeting_id=pk)
    form = SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the settled level from 1 to 5."))
    else:
        try:
            outcome_settle(
                outcome,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except MonitoringError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The outcome level is settled."))
    return redirect(reverse("monitoring:outcome.disagreements", kwargs={"slug": programme.slug}))
