"""What every edit goes through: the schedule may be edited, the slot and table are the
schedule's, every rule holds (or the edit is refused naming it), the write that the database's
constraints back (a concurrent edit that slipped past the checks ends in MeetingConflict)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from companies.models import Company
from programmes.models import Activity, Table

from ...exceptions import MeetingConflict, MeetingRefused
from ...models import (
    ACTIVE_MEETING,
    Meeting,
    OverseasTable,
    PairScore,
    PoolInterpreter,
    Schedule,
    SchedulingSettings,
)
from .slots import Slot, _time, company_free_problem, interpreter_free_problem, schedule_slots


@dataclass
class Plan:
    """Where one meeting is to be: checked by ``_problems`` before anything is written."""

    overseas: Company
    domestic: Company
    slot: Slot
    table: Table
    interpreter_id: int | None


def _editable(schedule: Schedule) -> None:
    if schedule.status == Schedule.Status.SUPERSEDED:
        raise MeetingRefused(_("A superseded schedule cannot be changed."), code="superseded")


def _slot(schedule: Schedule, number) -> Slot:
    slots = schedule_slots(schedule)
    try:
        return slots[int(number)]
    except (KeyError, TypeError, ValueError):
        raise MeetingRefused(
            _("Slot %(slot)s is not a slot of this schedule.") % {"slot": number},
            errors={"slot": [str(number)]},
            code="unknown_slot",
        ) from None


def _table(slot: Slot, number: int, *, own: bool = False) -> Table:
    """Table ``number`` of the slot's session; an overseas company's ``own`` table is added to
    the session if missing (as a run does)."""
    table = Table.objects.filter(activity_id=slot.activity_id, number=number).first()
    if table is None and own:
        table = Table.objects.create(activity_id=slot.activity_id, number=number)
    if table is None:
        session = Activity.objects.get(pk=slot.activity_id)
        raise MeetingRefused(
            _("Session “%(session)s” has no table %(number)s.")
            % {"session": session.display_title, "number": number},
            errors={"table": [str(number)]},
            code="unknown_table",
        )
    return table


def _day_cap_problem(
    schedule: Schedule, plan: Plan, *, ignore: set[int], also: tuple[Plan, ...] = ()
) -> str | None:
    """The overseas company's daily cap (``overseas_max_per_day``, per session as the
    optimiser counts a day): the meetings it already has that day, plus this one (and the
    edit's other ``also`` plans that put it into the same session), must stay within it."""
    cap = SchedulingSettings.get_for(schedule.programme).overseas_max_per_day
    if not cap:
        return None
    held = (
        schedule.meetings.filter(
            ACTIVE_MEETING, overseas=plan.overseas, activity_id=plan.slot.activity_id
        )
        .exclude(pk__in=ignore)
        .count()
    )
    held += sum(
        1
        for other in also
        if other.overseas.pk == plan.overseas.pk and other.slot.activity_id == plan.slot.activity_id
    )
    if held < cap:
        return None
    return _("%(company)s has already %(count)s meetings that day (cap %(cap)s).") % {
        "company": plan.overseas.legal_name,
        "count": held,
        "cap": cap,
    }


def _problems(
    schedule: Schedule, plan: Plan, *, ignore: set[int], also: tuple[Plan, ...] = ()
) -> list[str]:
    """Every rule ``plan`` breaks, given the schedule's other active meetings (``ignore``: the
    meetings the edit itself moves; ``also``: the edit's other plans, for the daily cap)."""
    programme = schedule.programme
    slot = plan.slot
    problems = []
    problem = _day_cap_problem(schedule, plan, ignore=ignore, also=also)
    if problem:
        problems.append(problem)
    others = (
        schedule.meetings.filter(ACTIVE_MEETING, slot=slot.slot)
        .exclude(pk__in=ignore)
        .select_related("overseas", "domestic", "table", "interpreter")
    )
    when = _time(slot, programme)
    for other in others:
        for company in (plan.overseas, plan.domestic):
            if company.pk in (other.overseas_id, other.domestic_id):
                partner = other.domestic if company.pk == other.overseas_id else other.overseas
                problems.append(
                    _(
                        "Double booking: %(company)s already meets %(partner)s at %(time)s "
                        "(table %(table)s)."
                    )
                    % {
                        "company": company.legal_name,
                        "partner": partner.legal_name,
                        "time": when,
                        "table": other.table.number,
                    }
                )
        if other.table_id == plan.table.pk:
            problems.append(
                _("Double booking: table %(table)s is taken at %(time)s.")
                % {"table": plan.table.number, "time": when}
            )
        if (
            plan.interpreter_id
            and other.interpreter_id == plan.interpreter_id
            and other.table_id != plan.table.pk  # the same table says it already
        ):
            name = other.interpreter.get_full_name() or other.interpreter.username
            problems.append(
                _(
                    "Double booking: the interpreter %(name)s already works at table %(table)s at "
                    "%(time)s."
                )  # fmt: skip
                % {"name": name, "table": other.table.number, "time": when}
            )
    twice = (
        schedule.meetings.filter(ACTIVE_MEETING, overseas=plan.overseas, domestic=plan.domestic)
        .exclude(pk__in=ignore)
        .first()
    )
    if twice:
        problems.append(
            _("%(overseas)s and %(domestic)s already meet in this schedule (slot %(slot)s).")
            % {
                "overseas": plan.overseas.legal_name,
                "domestic": plan.domestic.legal_name,
                "slot": twice.slot,
            }
        )
    block = PairScore.objects.filter(
        programme=programme, overseas=plan.overseas, domestic=plan.domestic, blocked=True
    ).first()
    if block:
        problems.append(
            _("The pair %(overseas)s – %(domestic)s is blocked (%(reason)s).")
            % {
                "overseas": plan.overseas.legal_name,
                "domestic": plan.domestic.legal_name,
                "reason": block.reason or block.get_reason_kind_display(),
            }
        )
    for company in (plan.overseas, plan.domestic):
        problem = company_free_problem(programme, company, slot)
        if problem:
            problems.append(problem)
    problem = interpreter_free_problem(programme, plan.interpreter_id, slot)
    if problem:
        problems.append(problem)
    return problems


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise MeetingRefused(" ".join(problems), errors={"rules": problems})


def _write(save) -> None:
    """Run ``save`` in a savepoint: a constraint the checks missed (a concurrent edit) is the
    same clear conflict, nothing saved."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        raise MeetingConflict() from exc


def _interpreter_for(schedule: Schedule, overseas: Company, slot: Slot, *, ignore=()) -> int | None:
    """The interpreter of a new meeting: the table's (table mode), or a pool interpreter of the
    table's language who is free in that slot (pool mode)."""
    table = OverseasTable.objects.filter(programme=schedule.programme, company=overseas).first()
    mode = SchedulingSettings.get_for(schedule.programme).interpreter_mode
    if mode != SchedulingSettings.InterpreterMode.POOL:
        return table.interpreter_id if table else None
    if not table or not table.language:
        return None
    busy = set(
        schedule.meetings.filter(ACTIVE_MEETING, slot=slot.slot)
        .exclude(pk__in=ignore)
        .exclude(interpreter=None)
        .values_list("interpreter_id", flat=True)
    )
    for user_id in PoolInterpreter.objects.filter(
        programme=schedule.programme, language=table.language
    ).values_list("user_id", flat=True):
        if user_id not in busy and not interpreter_free_problem(schedule.programme, user_id, slot):
            return user_id
    raise MeetingRefused(
        _("No “%(language)s” interpreter of the pool is free at %(time)s.")
        % {"language": table.language, "time": _time(slot, schedule.programme)}
    )


def _place(meeting: Meeting, plan: Plan, *, status=None, origin=Meeting.Origin.MANUAL) -> None:
    meeting.slot = plan.slot.slot
    meeting.activity_id = plan.slot.activity_id
    meeting.table = plan.table
    meeting.starts_at, meeting.ends_at = plan.slot.starts_at, plan.slot.ends_at
    meeting.interpreter_id = plan.interpreter_id
    meeting.origin = origin
    if status:
        meeting.status = status


def _lock(schedule: Schedule) -> Schedule:
    """Edits of one schedule one at a time (PostgreSQL: a row lock; SQLite locks anyway)."""
    return Schedule.objects.select_for_update().select_related("programme").get(pk=schedule.pk)
