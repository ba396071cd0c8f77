"""Hand edits of a schedule's meetings (the grid): move, swap, add, cancel, and the day-of marks
(held, no-show, cancelled, planned again).

Every edit checks every rule first and refuses with the rule (a ``MeetingRefused`` naming it),
nothing saved: the slot must be one of the schedule's, the table one of that slot's session;
no company, table or interpreter in two active meetings of a slot; an overseas company within
its daily cap (``overseas_max_per_day``, per session); a pair meets once; a blocked
pair never meets; a company meets only when it is free (its unavailability, the other
activities it attends, the cities it attends) and so does the meeting's interpreter. The
database's constraints back the checks: a concurrent edit that slips past them ends in an
IntegrityError, turned into the same clear ``MeetingConflict``.

Edits on the published schedule tell only the participants whose agenda changed (one Celery
task per recipient, queued on commit).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from companies.models import Company
from core.models import User
from programmes.models import Activity, Table
from programmes.services import absolute_url

from .. import selectors
from ..exceptions import MeetingConflict, MeetingRefused
from ..instance import company_code
from ..models import (
    ACTIVE_MEETING,
    Attendance,
    Meeting,
    OverseasTable,
    PairScore,
    PoolInterpreter,
    Schedule,
    SchedulingSettings,
    Unavailability,
)

ACTIVE = (Meeting.Status.PLANNED, Meeting.Status.HELD)
MARKS = (
    Meeting.Status.PLANNED,
    Meeting.Status.HELD,
    Meeting.Status.NO_SHOW,
    Meeting.Status.CANCELLED,
)


@dataclass(frozen=True)
class Slot:
    slot: int
    activity_id: int
    index: int
    starts_at: datetime
    ends_at: datetime


def schedule_slots(schedule: Schedule) -> dict[int, Slot]:
    """The schedule's slots by optimiser number: from the run's slot map, or (a schedule made
    by hand) derived from the programme's sessions as a run would number them."""
    rows = (schedule.slot_map or {}).get("slots")
    if rows:
        return {
            s["slot"]: Slot(
                s["slot"],
                s["activity"],
                s["index"],
                datetime.fromisoformat(s["starts_at"]),
                datetime.fromisoformat(s["ends_at"]),
            )
            for s in rows
        }
    sessions = selectors.meeting_sessions(schedule.programme)
    per_day = max((len(s.slots()) for s in sessions), default=1)
    return {
        day * per_day + slot.index: Slot(
            day * per_day + slot.index, session.pk, slot.index, slot.starts_at, slot.ends_at
        )
        for day, session in enumerate(sessions)
        for slot in session.slots()
    }


def _overlaps(start, end, slot: Slot) -> bool:
    return start < slot.ends_at and end > slot.starts_at


def _time(slot: Slot, programme) -> str:
    return programme.local(slot.starts_at).strftime("%Y-%m-%d %H:%M")


def company_free_problem(programme, company: Company, slot: Slot) -> str | None:
    """Why ``company`` cannot meet in ``slot`` (its absences, the other activities it attends,
    the cities it attends), or None."""
    when = _time(slot, programme)
    for away in Unavailability.objects.filter(programme=programme, company=company):
        if _overlaps(away.starts_at, away.ends_at, slot):
            return _("%(company)s is not available at %(time)s (%(reason)s).") % {
                "company": company.legal_name,
                "time": when,
                "reason": away.reason or _("unavailable"),
            }
    attended = list(
        Attendance.objects.filter(activity__programme=programme, company=company).select_related(
            "activity__venue"
        )
    )
    for attendance in attended:
        activity = attendance.activity
        if activity.kind != Activity.Kind.BUSINESS_MEETINGS and _overlaps(
            activity.starts_at, activity.ends_at, slot
        ):
            return _("%(company)s attends “%(activity)s” at %(time)s.") % {
                "company": company.legal_name,
                "activity": activity.display_title,
                "time": when,
            }
    cities = {a.activity.venue.city for a in attended}
    if cities:
        session = Activity.objects.select_related("venue").get(pk=slot.activity_id)
        if session.venue.city not in cities:
            return _("%(company)s does not attend the sessions in %(city)s.") % {
                "company": company.legal_name,
                "city": session.venue.city,
            }
    return None


def interpreter_free_problem(programme, interpreter_id: int | None, slot: Slot) -> str | None:
    if interpreter_id is None:
        return None
    for away in Unavailability.objects.filter(programme=programme, interpreter_id=interpreter_id):
        if _overlaps(away.starts_at, away.ends_at, slot):
            user = User.objects.get(pk=interpreter_id)
            return _("The interpreter %(name)s is not available at %(time)s.") % {
                "name": user.get_full_name() or user.username,
                "time": _time(slot, programme),
            }
    return None


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


def meeting_move(
    meeting: Meeting, *, slot: int, table_number: int | None = None, by: User
) -> Meeting:
    """Move a meeting to another slot (and table: by default its own table's number in that
    slot's session). Refused with the rule it breaks, nothing saved."""
    with transaction.atomic():
        schedule = _lock(meeting.schedule)
        _editable(schedule)
        meeting = Meeting.objects.select_related("overseas", "domestic", "table").get(pk=meeting.pk)
        if not meeting.is_active:
            raise MeetingRefused(_("Only a planned or held meeting can be moved."))
        before = (meeting.slot, meeting.table.number)
        target = _slot(schedule, slot)
        table = _table(
            target,
            table_number or meeting.table.number,
            own=table_number in (None, meeting.table.number),
        )
        same_session = target.activity_id == meeting.activity_id
        interpreter = meeting.interpreter_id
        if not same_session or table.number != meeting.table.number:
            interpreter = _interpreter_for(schedule, meeting.overseas, target, ignore={meeting.pk})
        plan = Plan(meeting.overseas, meeting.domestic, target, table, interpreter)
        _refuse_if(_problems(schedule, plan, ignore={meeting.pk}))
        old_interpreter = meeting.interpreter_id
        _place(meeting, plan)
        _write(meeting.save)
        if before != (meeting.slot, meeting.table.number):
            _notify(schedule, [meeting], interpreters={old_interpreter})
    return meeting


def meeting_swap(first: Meeting, second: Meeting, *, by: User) -> tuple[Meeting, Meeting]:
    """Exchange the slots of two meetings of a schedule (each keeps its table number, in the
    other's session). Both moves are checked together; refused with the rule, nothing saved."""
    with transaction.atomic():
        schedule = _lock(first.schedule)
        _editable(schedule)
        if first.pk == second.pk or first.schedule_id != second.schedule_id:
            raise MeetingRefused(_("Choose two different meetings of the same schedule."))
        a, b = (
            Meeting.objects.select_related("overseas", "domestic", "table").get(pk=pk)
            for pk in (first.pk, second.pk)
        )
        if not (a.is_active and b.is_active):
            raise MeetingRefused(_("Only planned or held meetings can be swapped."))
        slot_a, slot_b = _slot(schedule, a.slot), _slot(schedule, b.slot)
        ignore = {a.pk, b.pk}
        plans = []
        for meeting, target in ((a, slot_b), (b, slot_a)):
            table = _table(target, meeting.table.number, own=True)
            interpreter = meeting.interpreter_id
            if target.activity_id != meeting.activity_id:
                interpreter = _interpreter_for(schedule, meeting.overseas, target, ignore=ignore)
            plans.append(Plan(meeting.overseas, meeting.domestic, target, table, interpreter))
        # the daily cap counts the first plan once, when checking the second
        problems = _problems(schedule, plans[0], ignore=ignore) + _problems(
            schedule, plans[1], ignore=ignore, also=(plans[0],)
        )
        if plans[0].slot.slot == plans[1].slot.slot:
            problems.append(_("Both meetings are in the same slot: nothing to swap."))
        _refuse_if(problems)
        interpreters = {a.interpreter_id, b.interpreter_id}

        def save():
            statuses = (a.status, b.status)
            Meeting.objects.filter(pk__in=ignore).update(status=Meeting.Status.CANCELLED)
            for meeting, plan, status in zip((a, b), plans, statuses, strict=True):
                _place(meeting, plan, status=status)
                meeting.save()

        _write(save)
        _notify(schedule, [a, b], interpreters=interpreters)
    return a, b


def meeting_add(
    schedule: Schedule,
    *,
    overseas: Company,
    domestic: Company,
    slot: int,
    table_number: int | None = None,
    by: User,
) -> Meeting:
    """Add a meeting by hand, at the overseas company's table unless ``table_number`` says
    otherwise. Both companies must take part, on their sides; every rule is checked."""
    with transaction.atomic():
        schedule = _lock(schedule)
        _editable(schedule)
        programme = schedule.programme
        if not selectors.overseas_participants(programme).filter(pk=overseas.pk).exists():
            raise MeetingRefused(
                _("%(company)s is not a selected overseas company of this programme.")
                % {"company": overseas.legal_name},
                errors={"overseas": [str(overseas.pk)]},
            )
        if not selectors.domestic_participants(programme).filter(pk=domestic.pk).exists():
            raise MeetingRefused(
                _("%(company)s is not a confirmed Japanese company of this programme.")
                % {"company": domestic.legal_name},
                errors={"domestic": [str(domestic.pk)]},
            )
        target = _slot(schedule, slot)
        own = OverseasTable.objects.filter(programme=programme, company=overseas).first()
        if table_number is None:
            if own is None:
                raise MeetingRefused(
                    _("%(company)s has no table yet: give the table number.")
                    % {"company": overseas.legal_name},
                    errors={"table": [""]},
                )
            table_number = own.number
        table = _table(target, table_number, own=own is not None and own.number == table_number)
        interpreter = _interpreter_for(schedule, overseas, target)
        plan = Plan(overseas, domestic, target, table, interpreter)
        _refuse_if(_problems(schedule, plan, ignore=set()))
        meeting = Meeting(schedule=schedule, overseas=overseas, domestic=domestic, score=_score(
            schedule, overseas, domestic))  # fmt: skip
        _place(meeting, plan, status=Meeting.Status.PLANNED)
        _write(meeting.save)
        _notify(schedule, [meeting])
    return meeting


def _score(schedule: Schedule, overseas: Company, domestic: Company) -> int:
    from ..instance import build

    combined = build(schedule.programme, check=False).combined.get(
        (company_code(overseas), company_code(domestic))
    )
    return combined.score if combined else 0


def meeting_mark(meeting: Meeting, *, status: str, by: User) -> Meeting:
    """The day itself: a meeting held, a no-show, cancelled, or planned again (which checks
    every rule, as the slot may have been given away meanwhile)."""
    if status not in MARKS:
        raise MeetingRefused(
            _("Unknown meeting status “%(status)s”.") % {"status": status},
            errors={"status": [str(status)]},
        )
    with transaction.atomic():
        schedule = _lock(meeting.schedule)
        _editable(schedule)
        meeting = Meeting.objects.select_related("overseas", "domestic", "table").get(pk=meeting.pk)
        if meeting.status == status:
            return meeting
        if status in ACTIVE and not meeting.is_active:
            slot = _slot(schedule, meeting.slot)
            plan = Plan(meeting.overseas, meeting.domestic, slot, meeting.table,
                        meeting.interpreter_id)  # fmt: skip
            _refuse_if(_problems(schedule, plan, ignore={meeting.pk}))
        was_active = meeting.is_active
        meeting.status = status
        _write(lambda: meeting.save(update_fields=["status", "updated_at"]))
        if was_active != meeting.is_active:
            _notify(schedule, [meeting])
    return meeting


def meeting_cancel(meeting: Meeting, *, by: User) -> Meeting:
    return meeting_mark(meeting, status=Meeting.Status.CANCELLED, by=by)


# --- telling the participants whose agenda changed ----------------------------------------------


def affected(meetings, *, interpreters=()) -> tuple[set[int], set[int]]:
    """Company ids and interpreter ids whose agenda the meetings touch."""
    companies, people = set(), {i for i in interpreters if i}
    for meeting in meetings:
        companies |= {meeting.overseas_id, meeting.domestic_id}
        if meeting.interpreter_id:
            people.add(meeting.interpreter_id)
    return companies, people


def _notify(schedule: Schedule, meetings, *, interpreters=()) -> None:
    companies, people = affected(meetings, interpreters=interpreters)
    notify_changed(schedule, companies=companies, interpreters=people)


def notify_changed(schedule: Schedule, *, companies: set[int], interpreters: set[int]) -> None:
    """On the published schedule: one task per participant whose agenda changed, on commit,
    keyed by the change (a task run twice tells once)."""
    if schedule.status != Schedule.Status.PUBLISHED:
        return
    from ..tasks import agenda_changed_notify as task

    key = uuid.uuid4().hex
    for kind, ids in (("company", companies), ("interpreter", interpreters)):
        for pk in sorted(ids):
            transaction.on_commit(
                lambda kind=kind, pk=pk: task.delay(
                    schedule_id=schedule.pk, kind=kind, pk=pk, key=key
                )
            )


def agenda_changed_notify(schedule: Schedule, *, kind: str, pk: int) -> bool:
    """E-mail one participant (a company or an interpreter) that their agenda changed, in
    their language, with the link to it. Returns whether an e-mail went out."""
    programme = schedule.programme
    if kind == "company":
        company = Company.objects.filter(pk=pk).first()
        if company is None:
            return False
        application = selectors.participant_applications(programme, [company]).get(company.pk)
        address = (application.email if application else "") or company.contact_email
        language = (application.language if application else "") or "en"
        name = company.legal_name
    else:
        user = User.objects.filter(pk=pk).first()
        if user is None:
            return False
        address, language, name = user.email, user.language or "en", user.get_full_name()
    if not address:
        return False
    with translation.override(language):
        link = absolute_url(
            reverse(f"scheduling:agenda.{kind}", kwargs={"slug": programme.slug, "pk": pk})
        )
        subject = _("Your meeting schedule changed: %(title)s") % {"title": programme.display_title}
        body = render_to_string(
            "scheduling/email/changed.txt", {"programme": programme, "name": name, "link": link}
        )
    send_mail(subject, body, django_settings.DEFAULT_FROM_EMAIL, [address])
    return True


__all__ = [
    "affected",
    "agenda_changed_notify",
    "meeting_add",
    "meeting_cancel",
    "meeting_mark",
    "meeting_move",
    "meeting_swap",
    "notify_changed",
    "schedule_slots",
]
