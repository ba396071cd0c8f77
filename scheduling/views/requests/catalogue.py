"""A company's catalogue of the other side, its meeting requests, and staff's reminder to the
companies that have not answered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ... import rules, selectors
from ...exceptions import RequestsClosed, SchedulingError
from ...models import (
    MeetingRequest,
    Preference,
)
from ...services import inputs
from ...services.reminders import requests_remind
from .access import _programme, _refusal, _window


def _catalogue_company(request, programme):
    """Whose requests the page shows: the user's own company, or (staff) ?company=."""
    if rules.can_manage_scheduling(request.user, programme):
        wanted = request.POST.get("company") or request.GET.get("company")
        if not wanted:
            return None
        participants = [
            *selectors.overseas_participants(programme),
            *selectors.domestic_participants(programme),
        ]
        company = next((c for c in participants if str(c.pk) == wanted), None)
        if company is None:
            raise Http404("Not a participant.")
        return company
    company = rules.own_company(request.user)
    if company is None or inputs.participant_side(programme, company) is None:
        raise PermissionDenied(_("Your company does not take part in this programme's meetings."))
    return company


def _requests_overview(request, programme):
    """Staff without ?company=: every participant, whether it answered, the reminder."""
    counts = {}
    for company_id in MeetingRequest.objects.filter(programme=programme).values_list(
        "company_id", flat=True
    ):
        counts[company_id] = counts.get(company_id, 0) + 1
    sides = [
        (_("Overseas companies"), list(selectors.overseas_participants(programme))),
        (_("Japanese companies"), list(selectors.domestic_participants(programme))),
    ]
    return render(
        request,
        "scheduling/request/overview.html",
        {
            "programme": programme,
            "window": _window(programme),
            "sides": [
                (label, [(c, counts.get(c.pk, 0)) for c in companies]) for label, companies in sides
            ],
            "unanswered": len(selectors.unanswered_participants(programme)),
        },
    )


@login_required
def request_catalogue(request, slug):
    programme = _programme(request, slug)
    company = _catalogue_company(request, programme)
    if company is None:
        if request.method == "POST":
            raise Http404("Name the company.")
        return _requests_overview(request, programme)
    side = inputs.participant_side(programme, company)
    entries = selectors.catalogue(programme, company, side)
    window = _window(programme)
    is_staff = rules.can_manage_scheduling(request.user, programme)
    status = 200
    if request.method == "POST":
        saved, problem = _catalogue_save(request, programme, company, entries, is_staff)
        if problem is None:
            if saved:
                messages.success(
                    request,
                    ngettext("%(n)s answer saved.", "%(n)s answers saved.", saved) % {"n": saved},
                )
            else:
                messages.info(request, _("Nothing changed."))
            url = reverse("scheduling:request.catalogue", args=[programme.slug])
            if is_staff:
                url += "?" + urlencode({"company": company.pk})
            return redirect(url)
        messages.error(request, problem[1])
        status = problem[0]
        entries = selectors.catalogue(programme, company, side)
    return render(
        request,
        "scheduling/request/catalogue.html",
        {
            "programme": programme,
            "company": company,
            "side": side,
            "entries": entries,
            "window": window,
            "may_answer": is_staff or not window["closed"],
            "is_staff": is_staff,
            "preferences": Preference.choices,
            "answered": sum(1 for e in entries if e["request"]),
        },
        status=status,
    )


def _catalogue_save(request, programme, company, entries, is_staff):
    """Save the answers that changed, all or none. Returns (saved, None) or (0, (status,
    message))."""
    by_target = {str(e["company"].pk): e for e in entries}
    for key in request.POST:
        if key.startswith("pref-") and key[5:] not in by_target:
            raise Http404("Not a participant of the other side.")
    if not is_staff:
        try:
            inputs.requests_check_window(programme)
        except RequestsClosed as exc:
            return 0, (403, str(exc.message))
    changes = []
    for target_id, entry in by_target.items():
        if f"pref-{target_id}" not in request.POST:
            continue
        preference = request.POST.get(f"pref-{target_id}", "")
        note = request.POST.get(f"note-{target_id}", "").strip()
        current = entry["request"]
        before = (current.preference, current.note) if current else ("", "")
        if (preference, note if preference else "") != before:
            changes.append((entry, preference, note))
    try:
        with transaction.atomic():
            for entry, preference, note in changes:
                if preference == "":
                    if entry["request"] is not None:
                        inputs.meeting_request_delete(entry["request"], by=request.user)
                    continue
                inputs.meeting_request_save(
                    programme,
                    company=company,
                    target=entry["company"],
                    preference=preference,
                    note=note,
                    by=request.user,
                )
    except SchedulingError as exc:
        name = entry["company"].display_name
        status = 403 if isinstance(exc, RequestsClosed) else 400
        return 0, (status, f"{name}: {_refusal(exc)} " + _("Nothing was saved."))
    return len(changes), None


@login_required
@require_POST
def requests_remind_view(request, slug):
    programme = _programme(request, slug, rules.can_manage_scheduling)
    try:
        companies = requests_remind(programme, by=request.user)
    except SchedulingError as exc:
        messages.error(request, _refusal(exc))
    else:
        if companies:
            messages.success(
                request,
                ngettext(
                    "A reminder is on its way to %(n)s company.",
                    "Reminders are on their way to %(n)s companies.",
                    len(companies),
                )
                % {"n": len(companies)},
            )
        else:
            messages.info(request, _("Every company has answered or was reminded already."))
    return redirect("scheduling:request.catalogue", slug=programme.slug)
