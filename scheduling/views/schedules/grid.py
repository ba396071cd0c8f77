"""The grid of a day and its hand edits: move, swap, add, the day-of marks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company
from core.exceptions import ApplicationError
from programmes.models import Activity

from ... import selectors
from ...models import Meeting, Schedule
from ...services import interpreters
from ...services import meetings as edits
from .common import _error, _programme, _schedule, can_manage_schedules


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
    from ...models import OverseasTable

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
