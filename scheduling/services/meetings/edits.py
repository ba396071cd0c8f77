"""The hand edits of the grid: move, swap, add, and the day-of marks (held, no-show, cancelled,
planned again)."""

from django.db import transaction
from django.utils.translation import gettext as _

from companies.models import Company
from core.audit import audit_record
from core.models import AuditEvent, User

from ... import selectors
from ...exceptions import MeetingRefused
from ...instance import company_code
from ...models import (
    Meeting,
    OverseasTable,
    Schedule,
)
from .checks import (
    Plan,
    _editable,
    _interpreter_for,
    _lock,
    _place,
    _problems,
    _refuse_if,
    _slot,
    _table,
    _write,
)
from .notify import _notify
from .slots import ACTIVE, MARKS


def _audit(schedule: Schedule, *, by: User, edit: str, meetings, **detail) -> None:
    """The edit in the audit log, in the edit's transaction."""
    audit_record(
        AuditEvent.Action.SCHEDULE_EDIT,
        actor=by,
        obj=schedule,
        programme=schedule.programme,
        detail={"edit": edit, "meetings": [meeting.pk for meeting in meetings], **detail},
    )


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
        _audit(
            schedule,
            by=by,
            edit="move",
            meetings=[meeting],
            slot=meeting.slot,
            table=meeting.table.number,
        )
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
        _audit(schedule, by=by, edit="swap", meetings=[a, b])
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
        _audit(schedule, by=by, edit="add", meetings=[meeting], slot=meeting.slot)
        _notify(schedule, [meeting])
    return meeting


def _score(schedule: Schedule, overseas: Company, domestic: Company) -> int:
    from ...instance import build

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
        _audit(schedule, by=by, edit="mark", meetings=[meeting], status=status)
        if was_active != meeting.is_active:
            _notify(schedule, [meeting])
    return meeting


def meeting_cancel(meeting: Meeting, *, by: User) -> Meeting:
    return meeting_mark(meeting, status=Meeting.Status.CANCELLED, by=by)
