"""The day itself: a company absent or late, an interpreter absent, and repairing the schedule
(preview, then confirm exactly what was previewed)."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company
from core.exceptions import ApplicationError
from programmes.models import Programme

from ... import selectors
from ...models import Schedule
from ...services import interpreters
from ...services import repair as repairs
from .common import _error, _programme, _schedule, can_manage_schedules
from .grid import _days, _int


@login_required
def schedule_repair(request, slug: str, pk: int):
    programme = _programme(request, slug)
    schedule = _schedule(programme, pk)
    from ...models import Unavailability

    return render(
        request,
        "scheduling/schedule/repair.html",
        {
            "programme": programme,
            "schedule": schedule,
            "days": _days(schedule),
            "companies": list(selectors.overseas_participants(programme))
            + list(selectors.domestic_participants(programme)),
            "absences": Unavailability.objects.filter(programme=programme, company__isnull=False)
            .select_related("company")
            .order_by("starts_at"),
            "interpreter_absences": Unavailability.objects.filter(
                programme=programme, interpreter__isnull=False
            )
            .select_related("interpreter")
            .order_by("starts_at"),
            "interpreters": list(interpreters.programme_interpreters(programme)),
            "needs_interpreter": list(interpreters.needs_interpreter(schedule)),
            "can_manage": can_manage_schedules(request.user, programme)
            and schedule.status != Schedule.Status.SUPERSEDED,
        },
    )


@login_required
@require_POST
def schedule_absence_add(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    company = get_object_or_404(Company, pk=_int(request.POST.get("company")))
    session = get_object_or_404(programme.activities.all(), pk=_int(request.POST.get("session")))
    arrives_at = None
    raw = request.POST.get("arrives_at", "").strip()
    if raw:
        try:
            clock = datetime.strptime(raw, "%H:%M").time()
        except ValueError:
            messages.error(request, _("Give the arrival time as HH:MM."))
            return redirect("scheduling:schedule.repair", slug=programme.slug, pk=schedule.pk)
        day = programme.local(session.starts_at).date()
        arrives_at = datetime.combine(day, clock, tzinfo=programme.tzinfo)
    try:
        repairs.company_absence_add(
            programme,
            company,
            session=session,
            arrives_at=arrives_at,
            reason=request.POST.get("reason", "").strip(),
            by=request.user,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Recorded. Preview the repair to see which meetings change."),
        )
    return redirect("scheduling:schedule.repair", slug=programme.slug, pk=schedule.pk)


def _local_time(programme: Programme, raw: str) -> datetime | None:
    """A date and time typed in the programme's time zone ("YYYY-MM-DD HH:MM" or the
    datetime-local input's "YYYY-MM-DDTHH:MM"), or None."""
    raw = (raw or "").strip().replace("T", " ")
    try:
        value = datetime.strptime(raw, "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return value.replace(tzinfo=programme.tzinfo)


@login_required
@require_POST
def schedule_interpreter_absence_add(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    back = redirect("scheduling:schedule.repair", slug=programme.slug, pk=schedule.pk)
    people = interpreters.programme_interpreters(programme)
    interpreter = get_object_or_404(people, pk=_int(request.POST.get("interpreter")))
    replacement = None
    if request.POST.get("replacement"):
        replacement = get_object_or_404(people, pk=_int(request.POST.get("replacement")))
    starts_at = _local_time(programme, request.POST.get("starts_at", ""))
    ends_at = _local_time(programme, request.POST.get("ends_at", ""))
    if starts_at is None or ends_at is None:
        messages.error(request, _("Give the times as YYYY-MM-DD HH:MM."))
        return back
    try:
        result = interpreters.interpreter_absence_add(
            schedule,
            interpreter=interpreter,
            starts_at=starts_at,
            ends_at=ends_at,
            replacement=replacement,
            reason=request.POST.get("reason", "").strip(),
            by=request.user,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Recorded: %(replaced)s meetings go to the replacement, %(unassigned)s need an "
                "interpreter."
            )
            % {"replaced": len(result["replaced"]), "unassigned": len(result["unassigned"])},
        )
    return back


@login_required
@require_POST
def schedule_repair_preview(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    try:
        preview = repairs.repair_preview(schedule)
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("scheduling:schedule.repair", slug=programme.slug, pk=schedule.pk)
    return render(
        request,
        "scheduling/schedule/repair_preview.html",
        {"programme": programme, "schedule": schedule, "preview": preview},
    )


@login_required
@require_POST
def schedule_repair_confirm(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    try:
        counts = repairs.repair_confirm(
            schedule, token=request.POST.get("token", ""), by=request.user
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("scheduling:schedule.repair", slug=programme.slug, pk=schedule.pk)
    messages.success(
        request,
        _(
            "Repaired: %(moved)s moved, %(removed)s removed, %(added)s added. Only the "
            "participants whose agenda changed are told."
        )
        % counts,  # fmt: skip
    )
    return redirect("scheduling:schedule.detail", slug=programme.slug, pk=schedule.pk)
