"""The schedule page with its runs, one schedule, two side by side, publishing a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from programmes.models import Programme

from ... import selectors, services
from ...models import Meeting, ScheduleRun
from .common import _error, _programme, _schedule, can_manage_schedules, quality_view
from .grid import _days

RUNS_SHOWN = 10


@login_required
def schedule_list(request, slug: str):
    programme = _programme(request, slug)
    services.schedule_runs_expire(programme)
    schedules = list(selectors.schedule_list(programme))
    runs = list(
        ScheduleRun.objects.filter(programme=programme)
        .select_related("job", "started_by", "schedule")
        .order_by("-created_at", "-id")[:RUNS_SHOWN]
    )
    return render(
        request,
        "scheduling/schedule/list.html",
        {
            "programme": programme,
            "schedules": [(s, quality_view(s)) for s in schedules],
            "runs": runs,
            "can_manage": can_manage_schedules(request.user, programme),
            "max_time_limit": services.MAX_TIME_LIMIT,
        },
    )


@login_required
@require_POST
def schedule_run_start(request, slug: str):
    programme = _programme(request, slug, manage=True)
    raw = request.POST.get("time_limit", "60").strip()
    try:
        time_limit = int(raw)
    except ValueError:
        time_limit = raw
    try:
        run = services.schedule_run_start(programme, by=request.user, time_limit=time_limit)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Run %(number)s is queued: its progress shows below.") % {"number": run.pk}
        )
    return redirect("scheduling:schedule.list", slug=programme.slug)


@login_required
def schedule_detail(request, slug: str, pk: int):
    programme = _programme(request, slug)
    schedule = _schedule(programme, pk)
    counts = {
        status: schedule.meetings.filter(status=status).count() for status in Meeting.Status.values
    }
    return render(
        request,
        "scheduling/schedule/detail.html",
        {
            "programme": programme,
            "schedule": schedule,
            "quality": quality_view(schedule),
            "counts": counts,
            "days": _days(schedule),
            "published": selectors.published_schedule(programme),
            "recipients": _recipient_count(programme),
            "can_manage": can_manage_schedules(request.user, programme),
        },
    )


def _recipient_count(programme: Programme) -> int:
    return (
        selectors.overseas_participants(programme).count()
        + selectors.domestic_participants(programme).count()
    )


@login_required
def schedule_compare(request, slug: str):
    programme = _programme(request, slug)
    pks = [request.GET.get("a"), request.GET.get("b")]
    try:
        pair = [_schedule(programme, int(pk)) for pk in pks]
    except (TypeError, ValueError):
        messages.error(request, _("Choose two schedules to compare."))
        return redirect("scheduling:schedule.list", slug=programme.slug)
    a, b = pair
    pairs_a = set(a.meetings.filter(status__in=["planned", "held"]).values_list(
        "overseas_id", "domestic_id"))  # fmt: skip
    pairs_b = set(b.meetings.filter(status__in=["planned", "held"]).values_list(
        "overseas_id", "domestic_id"))  # fmt: skip
    return render(
        request,
        "scheduling/schedule/compare.html",
        {
            "programme": programme,
            "columns": [(a, quality_view(a)), (b, quality_view(b))],
            "common": len(pairs_a & pairs_b),
            "only_a": len(pairs_a - pairs_b),
            "only_b": len(pairs_b - pairs_a),
        },
    )


@login_required
@require_POST
def schedule_publish(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that every participant is e-mailed."))
        return redirect("scheduling:schedule.detail", slug=programme.slug, pk=schedule.pk)
    try:
        services.schedule_publish(schedule, by=request.user)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _(
                "“%(label)s” is published; every participant is being e-mailed a link to their "
                "agenda."
            )
            % {"label": schedule},  # fmt: skip
        )
    return redirect("scheduling:schedule.detail", slug=programme.slug, pk=schedule.pk)
