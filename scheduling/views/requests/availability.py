"""Staff: attendance, absences (unavailability) and the scheduling settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes.models import Activity

from ... import rules, selectors
from ...exceptions import SchedulingError
from ...forms import SchedulingSettingsForm, UnavailabilityForm
from ...models import (
    Attendance,
    SchedulingSettings,
    Unavailability,
)
from ...services import inputs
from ...services.availability import scheduling_settings_save, unavailability_delete
from .access import _programme, _window


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
