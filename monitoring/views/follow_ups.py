"""Staff's follow-up pages: the programme's cases of level 3-4 meetings (status, next contact,
overdue marked, filter by status) and one case with its history, its follow-up surveys, its
Japanese company's return sales and the update form. Staff only (reviewers 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import rules, selectors
from ..exceptions import MonitoringError
from ..forms import FollowUpForm
from ..models import FollowUp
from ..services import follow_up_update
from .outcomes import _programme

CLOSED = (FollowUp.Status.AGREEMENT_SIGNED, FollowUp.Status.DROPPED)


def _mark_overdue(follow_ups, today):
    for follow_up in follow_ups:
        follow_up.overdue = bool(
            follow_up.next_contact
            and follow_up.next_contact < today
            and follow_up.status not in CLOSED
        )
    return follow_ups


@login_required
@require_safe
def follow_up_list(request, slug: str):
    programme = _programme(request, slug)
    status = request.GET.get("status", "")
    if status not in FollowUp.Status.values:
        status = ""
    today = programme.local(timezone.now()).date()
    follow_ups = _mark_overdue(list(selectors.follow_ups_for(programme, status=status)), today)
    counts = selectors.follow_up_status_counts(programme)
    return render(
        request,
        "monitoring/follow_up/list.html",
        {
            "programme": programme,
            "follow_ups": follow_ups,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in FollowUp.Status.choices],
            "total": sum(counts.values()),
            "overdue_count": sum(1 for f in follow_ups if f.overdue),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_detail(request, slug: str, pk: int):
    programme = _programme(request, slug)
    follow_up = get_object_or_404(selectors.follow_ups_for(programme), pk=pk)
    can_change = rules.can_settle_outcomes(request.user, programme)
    status_code = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = FollowUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                follow_up_update(
                    follow_up,
                    by=request.user,
                    status=data["status"],
                    note=data["note"],
                    next_contact=data["next_contact"],
                    planned_visits=data["planned_visits"],
                    deal_value=data["deal_value"],
                    currency=data["currency"],
                )
            except MonitoringError as exc:
                for field, errors in exc.errors.items():
                    form.add_error(field if field in form.fields else None, errors)
                if not exc.errors:
                    form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The follow-up is saved."))
                return redirect(
                    reverse(
                        "monitoring:follow_up.detail",
                        kwargs={"slug": programme.slug, "pk": follow_up.pk},
                    )
                )
        status_code = 400
    else:
        form = FollowUpForm(
            initial={
                "status": follow_up.status,
                "next_contact": follow_up.next_contact.isoformat()
                if follow_up.next_contact
                else "",
                "planned_visits": follow_up.planned_visits,
                "deal_value": follow_up.deal_value if follow_up.deal_value is not None else "",
                "currency": follow_up.currency,
            }
        )
    today = programme.local(timezone.now()).date()
    _mark_overdue([follow_up], today)
    notes = list(follow_up.notes.select_related("author").order_by("-written_at", "-id"))
    surveys = list(
        follow_up.surveys.select_related("company").order_by("months", "respondent_kind")
    )
    return_sales = list(selectors.return_sales_for(programme, company=follow_up.meeting.domestic))
    return render(
        request,
        "monitoring/follow_up/detail.html",
        {
            "programme": programme,
            "follow_up": follow_up,
            "meeting": follow_up.meeting,
            "notes": notes,
            "surveys": surveys,
            "return_sales": return_sales,
            "form": form,
            "can_change": can_change,
        },
        status=status_code,
    )
