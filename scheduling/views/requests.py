"""Pages of the scheduling input: a company's catalogue of the other side (its meeting
requests), advisers' pair scores and blocks, staff's pair table, attendance and absences, the
scheduling settings and the reminder to the companies that have not answered. Each view parses,
calls services or selectors, and responds; who may do what is scheduling/rules.py.

Anyone who cannot see the programme gets 404; someone who can but may not do this, 403.
Times are entered and shown in the programme's time zone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes.models import Activity, Programme
from programmes.selectors import programme_get_for_user

from .. import rules, selectors
from ..exceptions import RequestsClosed, SchedulingError
from ..forms import PairScoreForm, SchedulingSettingsForm, UnavailabilityForm
from ..models import (
    Attendance,
    MeetingRequest,
    PairScore,
    Preference,
    SchedulingSettings,
    Unavailability,
)
from ..services import inputs
from ..services.availability import scheduling_settings_save, unavailability_delete
from ..services.reminders import requests_remind

PAIRS_PER_PAGE = 50
DOCS_ANCHOR = "docs/scheduling.md#scores"


# --- access -----------------------------------------------------------------------------------


def _programme(request, slug: str, allowed=None) -> Programme:
    """The programme if the user may see it (else 404) and `allowed(user, programme)` (else
    403), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    if allowed is not None and not allowed(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _refusal(exc: SchedulingError) -> str:
    details = [str(p) for problems in (exc.errors or {}).values() for p in problems]
    return " ".join([str(exc.message), *details])


def _window(programme: Programme) -> dict:
    """The request window as the pages show it: open/close in the programme's time zone, and
    the refusal if it is not open now."""
    settings = SchedulingSettings.get_for(programme)
    try:
        inputs.requests_check_window(programme)
    except RequestsClosed as exc:
        closed = str(exc.message)
    else:
        closed = ""
    return {
        "opens": programme.local(settings.requests_open_at) if settings.requests_open_at else None,
        "closes": programme.local(settings.requests_close_at)
        if settings.requests_close_at
        else None,
        "closed": closed,
        "time_zone": programme.time_zone,
    }


# --- the catalogue: a company's meeting requests ----------------------------------------------


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


# --- advisers: pair scores and blocks ---------------------------------------------------------


@login_required
def pair_score_edit(request, slug):
    programme = _programme(request, slug, rules.can_score_pairs)
    overseas = list(selectors.overseas_participants(programme))
    domestic = list(selectors.domestic_participants(programme))
    initial = {}
    wanted = (request.GET.get("overseas"), request.GET.get("domestic"))
    if all(wanted):
        found = PairScore.objects.filter(
            programme=programme, overseas_id=wanted[0], domestic_id=wanted[1]
        ).first()
        initial = {"overseas": wanted[0], "domestic": wanted[1]}
        if found:
            initial.update(
                adjustment=found.adjustment,
                blocked=found.blocked,
                reason_kind=found.reason_kind,
                reason=found.reason,
            )
    form = PairScoreForm(
        request.POST or None, initial=initial, overseas=overseas, domestic=domestic
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {c.pk: c for c in [*overseas, *domestic]}
        try:
            row = inputs.pair_score_save(
                programme,
                overseas=by_id[data["overseas"]],
                domestic=by_id[data["domestic"]],
                adjustment=data["adjustment"],
                blocked=data["blocked"],
                reason_kind=data["reason_kind"],
                reason=data["reason"],
                by=request.user,
            )
        except SchedulingError as exc:
            form.show_errors(exc)
        else:
            pair = (
                f"{by_id[data['overseas']].display_name} × {by_id[data['domestic']].display_name}"
            )
            if row is None:
                messages.success(request, _("%(pair)s: adviser score removed.") % {"pair": pair})
            elif row.blocked:
                messages.success(request, _("%(pair)s: blocked.") % {"pair": pair})
            else:
                messages.success(
                    request,
                    _("%(pair)s: adjustment %(points)+d saved.")
                    % {"pair": pair, "points": row.adjustment},
                )
            return redirect("scheduling:pair_score.edit", slug=programme.slug)
    scores = PairScore.objects.filter(programme=programme).select_related(
        "overseas", "domestic", "by"
    )
    return render(
        request,
        "scheduling/pair/score.html",
        {"programme": programme, "form": form, "scores": scores},
    )


# --- staff: the pair table --------------------------------------------------------------------


@login_required
def pair_list(request, slug):
    programme = _programme(request, slug, rules.can_read_pairs)
    rows = selectors.pair_table(programme)
    overseas = list(selectors.overseas_participants(programme))
    domestic = list(selectors.domestic_participants(programme))
    company = request.GET.get("company", "")
    if company:
        rows = [r for r in rows if company in (str(r["overseas"].pk), str(r["domestic"].pk))]
    shown = request.GET.get("show", "")
    if shown == "excluded":
        rows = [r for r in rows if r["excluded"]]
    elif shown == "positive":
        rows = [r for r in rows if not r["excluded"] and r["score"] > 0]
    page = Paginator(rows, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("company", company), ("show", shown)) if v})
    return render(
        request,
        "scheduling/pair/list.html",
        {
            "programme": programme,
            "page": page,
            "count": len(rows),
            "overseas": overseas,
            "domestic": domestic,
            "company": company,
            "show": shown,
            "query": query,
            "can_score": rules.can_score_pairs(request.user, programme),
            "docs": DOCS_ANCHOR,
            "weights": SchedulingSettings.get_for(programme),
        },
    )


# --- staff: attendance, absences, settings ----------------------------------------------------


def _non_meeting_activities(programme):
    return list(
        Activity.objects.filter(programme=programme)
        .exclude(kind=Activity.Kind.BUSINESS_MEETINGS)
        .select_related("venue")
        .order_by("starts_at", "id")
    )


@login_required
def availability(request, slug):
    programme = _programme(request, slug, rules.can_read_availability)
    activities = _non_meeting_activities(programme)
    sides = [
        ("overseas", _("Overseas companies"), list(selectors.overseas_participants(programme))),
        ("domestic", _("Japanese companies"), list(selectors.domestic_participants(programme))),
    ]
    attending = set(
        Attendance.objects.filter(activity__in=activities).values_list("activity_id", "company_id")
    )
    rows = [
        (
            key,
            label,
            [(c, [(a, (a.pk, c.pk) in attending) for a in activities]) for c in companies],
        )
        for key, label, companies in sides
    ]
    absences = Unavailability.objects.filter(programme=programme).select_related(
        "company", "interpreter"
    )
    return render(
        request,
        "scheduling/availability/detail.html",
        {
            "programme": programme,
            "activities": activities,
            "rows": rows,
            "absences": absences,
            "absence_form": UnavailabilityForm(companies=[c for _k, _l, cs in sides for c in cs]),
            "can_manage": rules.can_manage_scheduling(request.user, programme),
            "settings": SchedulingSettings.get_for(programme),
            "window": _window(programme),
        },
    )


@login_required
@require_POST
def attendance_save(request, slug):
    """The attendance grid: every box of every shown company and activity; only changes are
    written."""
    programme = _programme(request, slug, rules.can_manage_scheduling)
    activities = {a.pk: a for a in _non_meeting_activities(programme)}
    companies = {
        c.pk: c
        for c in [
            *selectors.overseas_participants(programme),
            *selectors.domestic_participants(programme),
        ]
    }
    attending = set(
        Attendance.objects.filter(activity__in=list(activities.values())).values_list(
            "activity_id", "company_id"
        )
    )
    shown = {int(value) for value in request.POST.getlist("company") if value.isdigit()} & set(
        companies
    )
    wanted = set()
    for key in request.POST:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "att" and parts[1].isdigit() and parts[2].isdigit():
            pair = (int(parts[1]), int(parts[2]))
            if pair[0] not in activities or pair[1] not in companies:
                raise Http404("Not an activity or a participant of this programme.")
            wanted.add(pair)
    changed = 0
    with transaction.atomic():
        for activity_id in activities:
            for company_id in shown:
                pair = (activity_id, company_id)
                if (pair in wanted) != (pair in attending):
                    changed += inputs.attendance_set(
                        activities[activity_id],
                        company=companies[company_id],
                        attending=pair in wanted,
                        by=request.user,
                    )
    messages.success(
        request,
        ngettext("%(n)s attendance changed.", "%(n)s attendances changed.", changed)
        % {"n": changed},
    )
    return redirect("scheduling:availability", slug=programme.slug)


@login_required
@require_POST
def unavailability_create(request, slug):
    programme = _programme(request, slug, rules.can_manage_scheduling)
    companies = [
        *selectors.overseas_participants(programme),
        *selectors.domestic_participants(programme),
    ]
    form = UnavailabilityForm(request.POST, companies=companies)
    if form.is_valid():
        data = form.cleaned_data
        company = next(c for c in companies if c.pk == data["company"])
        try:
            inputs.unavailability_add(
                programme,
                company=company,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
                by=request.user,
            )
        except SchedulingError as exc:
            messages.error(request, str(exc.message))  # its errors hold the raw times
        else:
            messages.success(
                request,
                _("%(company)s is away from %(start)s to %(end)s (%(zone)s).")
                % {
                    "company": company.display_name,
                    "start": f"{programme.local(data['starts_at']):%Y-%m-%d %H:%M}",
                    "end": f"{programme.local(data['ends_at']):%Y-%m-%d %H:%M}",
                    "zone": programme.time_zone,
                },
            )
    else:
        labels = {name: field.label for name, field in form.fields.items()}
        messages.error(
            request,
            " ".join(
                [_("The absence was not saved.")]
                + [f"{labels.get(n, '')}: {' '.join(e)}" for n, e in form.errors.items()]
            ),
        )
    return redirect("scheduling:availability", slug=programme.slug)


@login_required
@require_POST
def unavailability_delete_view(request, slug, pk):
    programme = _programme(request, slug, rules.can_manage_scheduling)
    absence = get_object_or_404(Unavailability, programme=programme, pk=pk)
    unavailability_delete(absence, by=request.user)
    messages.success(request, _("The absence was withdrawn."))
    return redirect("scheduling:availability", slug=programme.slug)


@login_required
def settings_edit(request, slug):
    programme = _programme(request, slug, rules.can_manage_scheduling)
    settings = SchedulingSettings.get_for(programme)
    form = SchedulingSettingsForm(
        request.POST or None, initial=SchedulingSettingsForm.initial_from(settings, programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheduling_settings_save(programme, by=request.user, **form.service_fields())
        except SchedulingError as exc:
            form.show_errors(exc)
        else:
            messages.success(request, _("Scheduling settings saved."))
            return redirect("scheduling:availability", slug=programme.slug)
    return render(
        request,
        "scheduling/settings/form.html",
        {"programme": programme, "form": form},
    )
