"""The day itself: an interpreter cannot come.

``interpreter_absence_add`` records the absence (an ``Unavailability`` naming the interpreter).
In table mode the interpreter's planned meetings in the window are handed to a ``replacement``
(another interpreter of the programme), each checked against the replacement's other meetings
in that slot and the replacement's own absences, all or nothing; without a replacement they are
left without an interpreter and the repair page and grid list them as needing one. In pool mode
the absence makes the interpreter unavailable to the optimiser (scheduling/instance.py builds
the pool's availability from these rows), so the next repair preview re-plans around it.
Only the participants whose agenda changed are told, on commit.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from programmes.models import ProgrammeRole, Role

from ..exceptions import MeetingRefused
from ..models import (
    ACTIVE_MEETING,
    Meeting,
    OverseasTable,
    PoolInterpreter,
    Schedule,
    SchedulingSettings,
    Unavailability,
)
from .meetings import notify_changed
from .meetings.checks import _editable, _interpreter_for, _lock, _slot, _write


def programme_interpreters(programme):
    """Everyone who interprets in the programme: the interpreter role, the tables' and the
    pool's interpreters."""
    ids = (
        set(
            ProgrammeRole.objects.filter(programme=programme, role=Role.INTERPRETER).values_list(
                "user_id", flat=True
            )
        )
        | set(
            OverseasTable.objects.filter(programme=programme)
            .exclude(interpreter=None)
            .values_list("interpreter_id", flat=True)
        )
        | set(PoolInterpreter.objects.filter(programme=programme).values_list("user_id", flat=True))
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def _name(user) -> str:
    return user.get_full_name() or user.username


def needs_interpreter(schedule: Schedule, *, now: datetime | None = None):
    """Planned meetings still to come whose overseas table needs an interpreter and has none
    (its interpreter could not come and nobody replaced them). A meeting whose slot has
    started (or that was held) is past helping: it is no longer flagged."""
    programme = schedule.programme
    now = now or timezone.now()
    pool = SchedulingSettings.get_for(programme).interpreter_mode == (
        SchedulingSettings.InterpreterMode.POOL
    )
    tables = OverseasTable.objects.filter(programme=programme)
    tables = tables.exclude(language="") if pool else tables.exclude(interpreter=None)
    return (
        schedule.meetings.filter(status=Meeting.Status.PLANNED, interpreter=None)
        .filter(starts_at__gt=now, overseas_id__in=tables.values("company_id"))
        .select_related("overseas", "domestic", "table")
        .order_by("slot", "table__number")
    )


def interpreter_absence_add(
    schedule: Schedule,
    *,
    interpreter: User,
    starts_at: datetime,
    ends_at: datetime,
    replacement: User | None = None,
    reason: str = "",
    by: User,
) -> dict:
    """Record that ``interpreter`` cannot come from ``starts_at`` to ``ends_at`` (see the
    module docstring). Returns {"absence", "replaced": [Meeting], "unassigned": [Meeting]}."""
    programme = schedule.programme
    people = programme_interpreters(programme)
    if not people.filter(pk=interpreter.pk).exists():
        raise MeetingRefused(
            _("%(name)s is not an interpreter of this programme.") % {"name": _name(interpreter)},
            errors={"interpreter": [str(interpreter.pk)]},
        )
    if ends_at <= starts_at:
        raise MeetingRefused(
            _("The absence must end after it starts."), errors={"ends_at": [str(ends_at)]}
        )
    pool = SchedulingSettings.get_for(programme).interpreter_mode == (
        SchedulingSettings.InterpreterMode.POOL
    )
    if replacement is not None:
        if replacement.pk == interpreter.pk:
            raise MeetingRefused(
                _("The replacement must be another interpreter."),
                errors={"replacement": [str(replacement.pk)]},
            )
        if not people.filter(pk=replacement.pk).exists():
            raise MeetingRefused(
                _("%(name)s is not an interpreter of this programme.")
                % {"name": _name(replacement)},
                errors={"replacement": [str(replacement.pk)]},
            )
        if pool:
            raise MeetingRefused(
                _(
                    "With a shared pool, the repair chooses who interprets: record the absence "
                    "without a replacement and preview the repair."
                ),
                errors={"replacement": [str(replacement.pk)]},
            )
    with transaction.atomic():
        schedule = _lock(schedule)
        _editable(schedule)
        window = Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
        hit = list(
            schedule.meetings.filter(window, status=Meeting.Status.PLANNED, interpreter=interpreter)
            .select_related("table", "overseas")
            .order_by("slot")
        )
        problems = []
        if replacement is not None:
            busy = dict(
                schedule.meetings.filter(
                    ACTIVE_MEETING,
                    interpreter=replacement,
                    slot__in=[m.slot for m in hit],
                ).values_list("slot", "table__number")
            )
            aways = list(
                Unavailability.objects.filter(programme=programme, interpreter=replacement)
            )
            for m in hit:
                when = programme.local(m.starts_at).strftime("%Y-%m-%d %H:%M")
                if m.slot in busy:
                    problems.append(
                        _(
                            "Double booking: the interpreter %(name)s already works at table "
                            "%(table)s at %(time)s."
                        )
                        % {"name": _name(replacement), "table": busy[m.slot], "time": when}
                    )
                elif any(a.starts_at < m.ends_at and a.ends_at > m.starts_at for a in aways):
                    problems.append(
                        _("The interpreter %(name)s is not available at %(time)s.")
                        % {"name": _name(replacement), "time": when}
                    )
        if problems:
            raise MeetingRefused(" ".join(problems), errors={"rules": problems})
        absence = Unavailability.objects.create(
            programme=programme,
            interpreter=interpreter,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason or _("Interpreter cannot come"),
            by=by,
        )
        unassigned = []
        if pool and hit:
            # Another interpreter of the pool free in that slot takes the meeting; the others
            # wait for the repair, which plans without the absent interpreter.
            for m in hit:
                try:
                    other = _interpreter_for(schedule, m.overseas, _slot(schedule, m.slot),
                                             ignore={m.pk})  # fmt: skip
                except MeetingRefused:
                    other = None
                m.interpreter_id = other
                _write(lambda m=m: m.save(update_fields=["interpreter", "updated_at"]))
                if other is None:
                    unassigned.append(m)
            companies = {m.overseas_id for m in hit} | {m.domestic_id for m in hit}
            people_told = {interpreter.pk} | {m.interpreter_id for m in hit if m.interpreter_id}
            notify_changed(schedule, companies=companies, interpreters=people_told)
        if not pool and hit:
            ids = [m.pk for m in hit]
            new = replacement.pk if replacement else None
            _write(lambda: Meeting.objects.filter(pk__in=ids).update(interpreter_id=new))
            for m in hit:
                m.interpreter_id = new
            if replacement is None:
                unassigned = hit
            companies = {m.overseas_id for m in hit} | {m.domestic_id for m in hit}
            people_told = {interpreter.pk} | ({replacement.pk} if replacement else set())
            notify_changed(schedule, companies=companies, interpreters=people_told)
    return {"absence": absence, "replaced": hit if replacement else [], "unassigned": unassigned}


__all__ = ["interpreter_absence_add", "needs_interpreter", "programme_interpreters"]
