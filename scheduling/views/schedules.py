"""Staff's schedule pages: runs (a background job each, with its progress), the drafts and the
published schedule with their quality, two drafts side by side, publishing, the grid of a day
(move, swap, add, cancel, the day-of marks) and repair after cancellations.

Who: agency staff do everything; the programme's ministry reviewers read every page and change
nothing (403 on every form); the other participants of the programme get 403 (a counterpart
reads its companies' schedules through their agendas, scheduling/agendas.py); anyone who
cannot see the programme, 404. Times are the programme's.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company
from core.exceptions import ApplicationError
from programmes.models import Activity, Programme, Role
from programmes.rules import roles_in_programme
from programmes.selectors import programme_get_for_user

from .. import selectors, services
from ..models import Meeting, Schedule, ScheduleRun
from ..services import interpreters
from ..services import meetings as edits
from ..services import repair as repairs
from ..texts import why_text

RUNS_SHOWN = 10


# --- access -------------------------------------------------------------------------------------


def can_read_schedules(user, programme: Programme) -> bool:
    """Staff and the programme's reviewers read the schedule pages."""
    return bool(roles_in_programme(user, programme) & {Role.STAFF, Role.REVIEWER})


def can_manage_schedules(user, programme: Programme) -> bool:
    return user.is_authenticated and user.is_agency_staff


def _programme(request, slug: str, *, manage: bool = False) -> Programme:
    programme = programme_get_for_user(request.user, slug)
    allowed = can_manage_schedules if manage else can_read_schedules
    if not allowed(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _schedule(programme: Programme, pk: int) -> Schedule:
    return get_object_or_404(selectors.schedule_list(programme), pk=pk)


def _error(request, exc: ApplicationError) -> None:
    messages.error(request, str(exc.message))


# --- quality, as the pages show it ---------------------------------------------------------------


def quality_view(schedule: Schedule) -> dict:
    """The schedule's quality with the reasons as sentences."""
    q = dict(schedule.quality or {})
    for key in ("no_meeting", "under_minimum", "unmet_must"):
        q[key] = [{**entry, "why_text": why_text(entry.get("why", ""))} for entry in q.get(key, [])]
    q.setdefault("per_company", {})
    return q


# --- the schedule page ----------------------------------------------------------------------------


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


# --- the grid -----------------------------------------------------------------------------------


def _days(schedule: Schedule) -> list[dict]:
    """The schedule's days: one per session, with its slots in order."""
    slots = edits.schedule_slots(schedule)
    sessions = {
        a.pk: a
        for a in Activity.objects.filter(pk__in={s.activity_id for s in slots.values()})
        .select_related("venue")
    }  # fmt: skip
    days: dict[int, dict] = {}
    for slot in sorted(slots.values(), key=lambda s: s.slot):
        day = days.setdefault(
            slot.activity_id,
            {"session": sessions.get(slot.activity_id), "slots": []},
        )
        day["slots"].append(slot)
    ordered = sorted(days.values(), key=lambda d: d["slots"][0].starts_at)
    for number, day in enumerate(ordered):
        day["number"] = number
    return ordered


@login_required
def schedule_grid(request, slug: str, pk: int):
    programme = _programme(request, slug)
    schedule = _schedule(programme, pk)
    days = _days(schedule)
    if not days:
        raise Http404("The schedule has no meeting days.")
    try:
        number = min(max(int(request.GET.get("day", 0)), 0), len(days) - 1)
    except ValueError:
        number = 0
    day = days[number]
    slot_numbers = [s.slot for s in day["slots"]]
    meetings = list(selectors.meeting_list(schedule).filter(slot__in=slot_numbers))
    active = {}
    inactive: dict[tuple[int, int], list[Meeting]] = {}
    tables = {}
    for m in meetings:
        tables.setdefault(m.table.number, m.overseas)
        key = (m.table.number, m.slot)
        if m.is_active:
            active[key] = m
        else:
            inactive.setdefault(key, []).append(m)
    from ..models import OverseasTable

    owners = {
        t.number: t.company
        for t in OverseasTable.objects.filter(programme=programme).select_related("company")
    }
    for table in day["session"].tables.all() if day["session"] else []:
        tables.setdefault(table.number, owners.get(table.number))
    for number, company in owners.items():
        if tables.get(number) is None:
            tables[number] = company
    rows = [
        {
            "number": n,
            "overseas": tables[n],
            "cells": [
                {
                    "slot": s,
                    "meeting": active.get((n, s.slot)),
                    "past": inactive.get((n, s.slot), []),
                }
                for s in day["slots"]
            ],
        }
        for n in sorted(tables)
    ]
    selected = None
    if request.GET.get("meeting"):
        selected = next((m for m in meetings if str(m.pk) == request.GET["meeting"]), None)
    can_manage = can_manage_schedules(request.user, programme)
    context = {
        "programme": programme,
        "schedule": schedule,
        "days": days,
        "day": day,
        "rows": rows,
        "selected": selected,
        "can_manage": can_manage and schedule.status != Schedule.Status.SUPERSEDED,
        "all_slots": [s for d in days for s in d["slots"]],
        "day_meetings": [m for m in meetings if m.is_active],
        "statuses": Meeting.Status.choices,
        "needs_interpreter": set(
            interpreters.needs_interpreter(schedule)
            .filter(slot__in=slot_numbers)
            .values_list("pk", flat=True)
        ),
    }
    if context["can_manage"]:
        context["overseas"] = list(selectors.overseas_participants(programme))
        context["domestic"] = list(selectors.domestic_participants(programme))
    return render(request, "scheduling/schedule/grid.html", context)


def _grid_url(schedule: Schedule, request, meeting: Meeting | None = None) -> str:
    params = {"day": request.POST.get("day", "0")}
    if meeting is not None:
        params["meeting"] = meeting.pk
    url = reverse("scheduling:schedule.grid", args=[schedule.programme.slug, schedule.pk])
    return f"{url}?{urlencode(params)}"


def _meeting(schedule: Schedule, pk) -> Meeting:
    return get_object_or_404(schedule.meetings.all(), pk=pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def meeting_move(request, slug: str, pk: int, meeting: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    found = _meeting(schedule, meeting)
    try:
        edits.meeting_move(
            found,
            slot=_int(request.POST.get("slot")),
            table_number=_int(request.POST.get("table")),
            by=request.user,
        )
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The meeting is moved."))
    return redirect(_grid_url(schedule, request, found))


@login_required
@require_POST
def meeting_swap(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    first = _meeting(schedule, _int(request.POST.get("first")))
    second = _meeting(schedule, _int(request.POST.get("second")))
    try:
        edits.meeting_swap(first, second, by=request.user)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The two meetings have swapped slots."))
    return redirect(_grid_url(schedule, request, first))


@login_required
@require_POST
def meeting_add(request, slug: str, pk: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    overseas = get_object_or_404(Company, pk=_int(request.POST.get("overseas")))
    domestic = get_object_or_404(Company, pk=_int(request.POST.get("domestic")))
    try:
        added = edits.meeting_add(
            schedule,
            overseas=overseas,
            domestic=domestic,
            slot=_int(request.POST.get("slot")),
            by=request.user,
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect(_grid_url(schedule, request))
    messages.success(request, _("The meeting is added."))
    return redirect(_grid_url(schedule, request, added))


@login_required
@require_POST
def meeting_mark(request, slug: str, pk: int, meeting: int):
    programme = _programme(request, slug, manage=True)
    schedule = _schedule(programme, pk)
    found = _meeting(schedule, meeting)
    try:
        edits.meeting_mark(found, status=request.POST.get("status", ""), by=request.user)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The meeting is marked “%(status)s”.") % {"status": found.get_status_display()},
        )
    return redirect(_grid_url(schedule, request, found))


# --- the day itself: absences and repair ----------------------------------------------------------


@login_required
def schedule_repair(request, slug: str, pk: int):
    programme = _programme(request, slug)
    schedule = _schedule(programme, pk)
    from ..models import Unavailability

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
