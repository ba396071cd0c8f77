"""The day itself: a company cancelled for a day or arriving late, and **repair**: re-plan the
rest of the programme with the optimiser's ``repair`` (docs/optimizer.md, *Repair*).

``repair_preview`` reads the programme as it is now (absences, attendance, participants: a
standby company promoted from the waiting list takes part like any other), keeps every meeting
already held and every meeting of a slot that has started as fixed, closes the past slots to
everyone else, drops the pairs whose meeting was cancelled or was a no-show, and asks the
optimiser to keep as many of the other meetings in place as possible, move the rest, and fill
what was freed. It saves nothing: it returns a plan, signed, listing exactly the meetings that
change (moved, interpreter changed, removed, added; the rest are kept). ``repair_confirm``
applies that plan in one transaction if the schedule has not changed since the preview, and
tells only the participants whose agenda changed.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from core.audit import audit_record
from core.models import AuditEvent, User
from matching import optimizer
from programmes.models import Activity, Table

from .. import instance as instances
from ..exceptions import MeetingConflict, RepairRefused
from ..models import ACTIVE_MEETING, Meeting, Schedule, SchedulingSettings, Unavailability
from .meetings import company_free_problem, notify_changed, schedule_slots

SALT = "scheduling.repair"
MAX_AGE = 3600  # seconds a preview may be confirmed in
DEFAULT_TIME_LIMIT = 20
KINDS = ("moved", "interpreter", "removed", "added")  # the changes a repair lists


def _fingerprint(schedule: Schedule) -> str:
    rows = schedule.meetings.order_by("pk").values_list("pk", "slot", "table_id", "status")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:32]


# --- day-of changes ------------------------------------------------------------------------------


def company_absence_add(
    programme,
    company: Company,
    *,
    session: Activity,
    arrives_at: datetime | None = None,
    reason: str = "",
    by: User,
) -> Unavailability:
    """A company cancelled for a session's day (``arrives_at`` None) or arriving late (away
    from the session's start until ``arrives_at``). Recorded as an unavailability; a repair then
    re-plans its meetings."""
    if session.programme_id != programme.pk or not session.is_meeting_session:
        raise RepairRefused(_("Choose a business-meeting session of this programme."))
    ends = session.ends_at
    if arrives_at is not None:
        if not (session.starts_at < arrives_at <= session.ends_at):
            raise RepairRefused(
                _("The arrival time must be during the session (%(start)s–%(end)s).")
                % {
                    "start": programme.local(session.starts_at).strftime("%H:%M"),
                    "end": programme.local(session.ends_at).strftime("%H:%M"),
                },
                errors={"arrives_at": [str(arrives_at)]},
            )
        ends = arrives_at
    default = _("Arrives late") if arrives_at else _("Cancelled for the day")
    return Unavailability.objects.create(
        programme=programme,
        company=company,
        starts_at=session.starts_at,
        ends_at=ends,
        reason=reason or default,
        by=by,
    )


# --- repair ---------------------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # "moved" | "interpreter" (same slot and table, another interpreter) | "removed"
    # | "added"
    overseas: Company
    domestic: Company
    meeting: Meeting | None = None  # moved, removed
    slot: int | None = None  # moved, added: the new slot
    table: Table | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    interpreter_id: int | None = None
    score: int = 0


def _replacements(programme, built, data, active, slots) -> None:
    """Table mode: a table whose interpreter cannot come is closed in those slots by the
    instance, except where a replacement interprets its meeting (scheduling/services/
    interpreters.py): that slot stays open to it (if the company itself is free), and is closed
    to the replacement's own table, whose interpreter is busy there."""
    table_interpreter = {p.company.pk: p.interpreter_id for p in built.overseas}
    rows = {c["id"]: c for c in data["overseas"]}
    code = {p.company.pk: p.code for p in built.overseas}
    by_interpreter = {p.interpreter_id: p.code for p in built.overseas if p.interpreter_id}
    for m in active:
        own = table_interpreter.get(m.overseas_id)
        if not m.interpreter_id or m.interpreter_id == own or m.overseas_id not in code:
            continue
        row = rows[code[m.overseas_id]]
        if m.slot not in row["available"] and not company_free_problem(
            programme, m.overseas, slots[m.slot]
        ):
            row["available"] = sorted({*row["available"], m.slot})
        other = by_interpreter.get(m.interpreter_id)
        if other and other != code[m.overseas_id]:
            rows[other]["available"] = [s for s in rows[other]["available"] if s != m.slot]


def _instance_for_repair(schedule: Schedule, now: datetime):
    programme = schedule.programme
    built = instances.build(programme, check=False)
    slots = schedule_slots(schedule)
    now_slots = {s["slot"]: (s["activity"], s["starts_at"]) for s in built.slots}
    if set(now_slots) != set(slots) or any(
        now_slots[n][0] != s.activity_id or now_slots[n][1] != s.starts_at for n, s in slots.items()
    ):
        raise RepairRefused(
            _(
                "The programme's business-meeting sessions changed since this schedule was "
                "made: start a new run instead."
            )
        )
    data = built.instance()
    code = {p.company.pk: p.code for p in built.overseas + built.domestic}
    active = list(schedule.meetings.filter(ACTIVE_MEETING).order_by("slot", "pk"))
    past = {n for n, s in slots.items() if s.starts_at <= now}
    fixed, previous = [], []
    for m in active:
        o, d = code.get(m.overseas_id), code.get(m.domestic_id)
        if o is None or d is None:
            continue  # no longer taking part: removed by the repair
        entry = {"overseas": o, "domestic": d, "slot": m.slot}
        previous.append(entry)
        if m.status == Meeting.Status.HELD or m.slot in past:
            fixed.append(entry)
    dropped = {
        (code.get(o), code.get(d))
        for o, d in schedule.meetings.filter(
            status__in=[Meeting.Status.CANCELLED, Meeting.Status.NO_SHOW]
        ).values_list("overseas_id", "domestic_id")
    } - {(e["overseas"], e["domestic"]) for e in previous}
    scores = {(o, d): s for o, d, s in data["scores"] if (o, d) not in dropped}
    for entry in fixed:  # what happened stays, whatever the scores say now
        key = (entry["overseas"], entry["domestic"])
        scores[key] = max(scores.get(key, 0), 1)
    data["scores"] = [[o, d, s] for (o, d), s in sorted(scores.items())]
    fixed_slots: dict[str, set[int]] = {}
    for entry in fixed:
        for side in ("overseas", "domestic"):
            fixed_slots.setdefault(entry[side], set()).add(entry["slot"])
    planned: dict[str, set[int]] = {}
    for entry in previous:
        for side in ("overseas", "domestic"):
            planned.setdefault(entry[side], set()).add(entry["slot"])
    if built.settings.interpreter_mode != SchedulingSettings.InterpreterMode.POOL:
        _replacements(programme, built, data, active, slots)
    for side in ("overseas", "domestic"):
        for company in data[side]:
            keep = fixed_slots.get(company["id"], set())
            company["available"] = sorted((set(company["available"]) - past) | keep)
            if "max_meetings" in company:
                # Meetings already held (or started) are facts: a cap lowered since then
                # must not make the repair impossible, nor cost meetings still planned.
                still = planned.get(company["id"], set()) & set(company["available"])
                company["max_meetings"] = max(company["max_meetings"], len(keep), len(still))
            if "max_per_day" in company and keep:
                # Likewise for the daily cap: a day whose held meetings already exceed it
                # (the cap lowered afterwards) keeps them; the cap holds for what is planned.
                per_day = Counter(slot // data["slots_per_day"] for slot in keep)
                company["max_per_day"] = max(company["max_per_day"], *per_day.values())
            if "min_meetings" in company:
                company["min_meetings"] = min(company["min_meetings"], len(company["available"]))
    if "interpreters" in data:
        for interpreter in data["interpreters"]:
            interpreter["available"] = sorted(set(interpreter["available"]) - past)
    data["fixed"] = fixed
    return built, data, {"meetings": previous}, active


def _assign(schedule: Schedule, built, changes: list[Change], kept: list[Meeting], slots) -> None:
    """Tables and interpreters of the moved and added meetings."""
    numbers = {p.code: p.table_number for p in built.overseas}
    code = {p.company.pk: p.code for p in built.overseas}
    tables = {
        (t.activity_id, t.number): t
        for t in Table.objects.filter(activity_id__in={s.activity_id for s in slots.values()})
    }
    pool_mode = built.settings.interpreter_mode == SchedulingSettings.InterpreterMode.POOL
    busy: dict[int, set[int]] = {}
    for m in kept:
        if m.interpreter_id:
            busy.setdefault(m.slot, set()).add(m.interpreter_id)
    by_code = built.by_code
    for change in changes:
        if change.kind == "removed":
            continue
        slot = slots[change.slot]
        number = numbers.get(code.get(change.overseas.pk))
        table = tables.get((slot.activity_id, number))
        if table is None:  # its own table, new in this session: added on confirmation
            table = Table(activity_id=slot.activity_id, number=number)
        change.table, change.starts_at, change.ends_at = table, slot.starts_at, slot.ends_at
        participant = by_code[code[change.overseas.pk]]
        if not pool_mode:
            change.interpreter_id = participant.interpreter_id
            continue
        if not participant.language:
            continue
        taken = busy.setdefault(change.slot, set())
        for interpreter in built.pool:
            if (
                interpreter["language"] == participant.language
                and change.slot in interpreter["available"]
                and interpreter["user"] not in taken
            ):
                change.interpreter_id = interpreter["user"]
                taken.add(interpreter["user"])
                break


def repair_preview(
    schedule: Schedule, *, now: datetime | None = None, time_limit: int = DEFAULT_TIME_LIMIT
) -> dict:
    """Re-plan the rest of the schedule (see the module docstring). Saves nothing; returns
    {"changes": [Change], "counts": {kept, moved, removed, added}, "objective",
    "upper_bound", "token"}: the token confirms exactly these changes."""
    if schedule.status == Schedule.Status.SUPERSEDED:
        raise RepairRefused(_("A superseded schedule cannot be repaired."))
    now = now or timezone.now()
    built, data, previous, active = _instance_for_repair(schedule, now)
    try:
        result = optimizer.repair(data, previous, time_limit=time_limit)
    except optimizer.OptimizerError as exc:
        raise RepairRefused(
            _("The optimiser could not repair the schedule: %(error)s") % {"error": exc}
        ) from exc
    companies = {p.code: p.company for p in built.overseas + built.domestic}
    new = {(m["overseas"], m["domestic"]): m["slot"] for m in result["meetings"]}
    code = {c.pk: k for k, c in companies.items()}
    changes, kept = [], []
    seen = set()
    for m in active:
        key = (code.get(m.overseas_id), code.get(m.domestic_id))
        if key in new and key not in seen:
            seen.add(key)
            if new[key] == m.slot:
                kept.append(m)
            else:
                changes.append(Change("moved", m.overseas, m.domestic, meeting=m, slot=new[key],
                                      score=m.score))  # fmt: skip
        else:
            changes.append(Change("removed", m.overseas, m.domestic, meeting=m,
                                  slot=m.slot, score=m.score))  # fmt: skip
    scores = {(o, d): s for o, d, s in data["scores"]}
    for key, slot in sorted(new.items(), key=lambda kv: (kv[1], kv[0])):
        if key not in seen:
            changes.append(Change("added", companies[key[0]], companies[key[1]], slot=slot,
                                  score=int(scores.get(key, 0))))  # fmt: skip
    slots = schedule_slots(schedule)
    if built.settings.interpreter_mode == SchedulingSettings.InterpreterMode.POOL:
        # A meeting kept in place whose pool interpreter cannot come (or that has none) gets
        # one again: listed as an interpreter change (same slot and table, the interpreter
        # _assign picks), not as a move.
        needing = {p.company.pk for p in built.overseas if p.language}
        free = {i["user"]: set(i["available"]) for i in built.pool}
        for m in list(kept):
            if (
                m.status == Meeting.Status.PLANNED
                and slots[m.slot].starts_at > now
                and m.overseas_id in needing
                and (m.interpreter_id is None or m.slot not in free.get(m.interpreter_id, ()))
            ):
                kept.remove(m)
                changes.append(Change("interpreter", m.overseas, m.domestic, meeting=m,
                                      slot=m.slot, score=m.score))  # fmt: skip
    _assign(schedule, built, changes, kept, slots)
    for change in changes:
        if change.kind == "removed":
            s = slots.get(change.slot)
            change.starts_at = s.starts_at if s else change.meeting.starts_at
            change.table = change.meeting.table
    order = {"moved": 0, "interpreter": 1, "removed": 2, "added": 3}
    changes.sort(key=lambda c: (order[c.kind], c.slot or 0, c.overseas.legal_name))
    token = signing.dumps(
        {
            "schedule": schedule.pk,
            "fingerprint": _fingerprint(schedule),
            "changes": [
                {
                    "kind": c.kind,
                    "meeting": c.meeting.pk if c.meeting else None,
                    "overseas": c.overseas.pk,
                    "domestic": c.domestic.pk,
                    "slot": c.slot,
                    "table": c.table.pk if c.table else None,
                    "table_number": c.table.number if c.table else None,
                    "interpreter": c.interpreter_id,
                    "score": c.score,
                }
                for c in changes
            ],
        },
        salt=SALT,
        compress=True,
    )
    counts = {"kept": len(kept)} | {k: sum(c.kind == k for c in changes) for k in KINDS}
    return {
        "changes": changes,
        "counts": counts,
        "objective": result["objective"],
        "upper_bound": result["upper_bound"],
        "token": token,
    }


def repair_confirm(schedule: Schedule, *, token: str, by: User) -> dict:
    """Apply a previewed repair in one transaction, if nothing changed since the preview;
    tell the participants whose agenda changed. Returns the counts."""
    try:
        plan = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise RepairRefused(
            _("This repair preview is not valid or has expired: preview the repair again."),
            code="stale",
        ) from exc
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
        if plan.get("schedule") != schedule.pk or plan.get("fingerprint") != _fingerprint(schedule):
            raise RepairRefused(
                _("The schedule changed since the preview: preview the repair again."),
                code="stale",
            )
        slots = schedule_slots(schedule)
        changes = plan["changes"]
        touched = [c["meeting"] for c in changes if c["meeting"]]
        before = {m.pk: m for m in schedule.meetings.filter(pk__in=touched)}
        try:
            with transaction.atomic():
                Meeting.objects.filter(pk__in=touched).update(status=Meeting.Status.CANCELLED)
                # an interpreter change is a move to the same slot and table
                moved = [c for c in changes if c["kind"] in ("moved", "interpreter")]
                for c in changes:
                    if c["kind"] != "removed" and c["table"] is None:
                        c["table"] = Table.objects.get_or_create(
                            activity_id=slots[c["slot"]].activity_id, number=c["table_number"]
                        )[0].pk
                for c in moved:
                    s = slots[c["slot"]]
                    Meeting.objects.filter(pk=c["meeting"]).update(
                        status=before[c["meeting"]].status,
                        slot=s.slot,
                        activity_id=s.activity_id,
                        table_id=c["table"],
                        starts_at=s.starts_at,
                        ends_at=s.ends_at,
                        interpreter_id=c["interpreter"],
                        origin=Meeting.Origin.REPAIR,
                        updated_at=timezone.now(),
                    )
                added = []
                for c in changes:
                    if c["kind"] != "added":
                        continue
                    s = slots[c["slot"]]
                    added.append(
                        Meeting(
                            schedule=schedule,
                            overseas_id=c["overseas"],
                            domestic_id=c["domestic"],
                            activity_id=s.activity_id,
                            table_id=c["table"],
                            slot=s.slot,
                            starts_at=s.starts_at,
                            ends_at=s.ends_at,
                            interpreter_id=c["interpreter"],
                            status=Meeting.Status.PLANNED,
                            origin=Meeting.Origin.REPAIR,
                            score=c["score"],
                        )
                    )
                Meeting.objects.bulk_create(added)
        except IntegrityError as exc:
            raise MeetingConflict() from exc
        companies = {c["overseas"] for c in changes} | {c["domestic"] for c in changes}
        interpreters = {c["interpreter"] for c in changes if c["interpreter"]} | {
            m.interpreter_id for m in before.values() if m.interpreter_id
        }
        counts = {k: sum(c["kind"] == k for c in changes) for k in KINDS}
        audit_record(
            AuditEvent.Action.SCHEDULE_EDIT,
            actor=by,
            obj=schedule,
            programme=schedule.programme,
            detail={"edit": "repair", **counts},
        )
        notify_changed(schedule, companies=companies, interpreters=interpreters)
    return counts
