"""Schedule runs: refused before queuing when the programme cannot be scheduled, executed in
the worker or from the command line, stored as a draft with its quality."""

import time
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Job, User
from core.tasks import enqueue_on_commit
from matching import optimizer
from programmes.models import Programme, Table

from .. import instance as instances
from .. import quality as qualities
from ..exceptions import SchedulingError
from ..models import Meeting, OverseasTable, Schedule, ScheduleRun

# Why reading this model without a user is safe here (core/scoping.py).
RUN_JOB = "the schedule run's own job"

MAX_TIME_LIMIT = 3600
PHASES = ["build", "solve", "validate", "save"]
PHASE_LABELS = {
    "build": gettext_lazy("Building the instance"),
    "solve": gettext_lazy("Solving"),
    "validate": gettext_lazy("Validating"),
    "save": gettext_lazy("Saving the draft"),
}
# A running run whose worker has not finished it this long after its time limit, or a run queued
# this long without a worker taking it, is taken for dead (schedule_runs_expire).
RUNNING_GRACE = timedelta(seconds=300)
QUEUED_GRACE = timedelta(minutes=30)
EXPIRED_MESSAGE = gettext_lazy(
    "The worker stopped during this run; nothing was saved. Start the run again."
)


# --- starting a run -----------------------------------------------------------------------------


def _check_time_limit(time_limit) -> int:
    if (
        not isinstance(time_limit, int)
        or isinstance(time_limit, bool)
        or not (1 <= time_limit <= MAX_TIME_LIMIT)
    ):
        raise SchedulingError(
            _("The time limit must be a whole number of seconds from 1 to %(max)s.")
            % {"max": MAX_TIME_LIMIT},
            errors={"time_limit": [str(time_limit)]},
            code="time_limit",
        )
    return time_limit


def schedule_run_create(
    programme: Programme, *, by: User | None, time_limit: int = 60
) -> ScheduleRun:
    """Check that the programme can be scheduled (raises a SchedulingError with the reason)
    and record a queued run. Nothing is queued here: see schedule_run_start."""
    _check_time_limit(time_limit)
    instances.build(programme)  # refuses with the reason
    return ScheduleRun.objects.create(programme=programme, started_by=by, time_limit=time_limit)


def schedule_run_start(
    programme: Programme, *, by: User | None, time_limit: int = 60
) -> ScheduleRun:
    """Refuse a programme that cannot be scheduled, else record the run with a job and queue
    the worker's task once the transaction commits."""
    from ..tasks import schedule_run_execute as task

    schedule_runs_expire(programme)
    with transaction.atomic():
        run = schedule_run_create(programme, by=by, time_limit=time_limit)
        run.job = Job.objects.create(
            kind="schedule_run",
            description=_("Schedule run for “%(title)s”") % {"title": programme.display_title},
            params={
                "programme_id": programme.pk,
                "run_id": run.pk,
                "language": translation.get_language() or "en",
            },
            total=len(PHASES),
            created_by=by,
        )
        run.save(update_fields=["job"])
        enqueue_on_commit(task, run_id=run.pk)
    return run


# --- runs whose worker died --------------------------------------------------------------------


def _overdue(run: ScheduleRun, now: datetime) -> bool:
    if run.status == ScheduleRun.Status.QUEUED:
        return run.created_at + QUEUED_GRACE < now
    started = run.started_at or run.created_at
    return started + timedelta(seconds=run.time_limit) + RUNNING_GRACE < now


def schedule_runs_expire(programme: Programme | None = None, *, now: datetime | None = None) -> int:
    """Mark as failed (with its job) every run a killed worker left queued or running: running
    for longer than its time limit plus RUNNING_GRACE, or queued for longer than QUEUED_GRACE.
    Nothing was stored for such a run (a draft is stored in the transaction that finishes the
    run), so it can simply be started again; a worker that comes back late finds it failed and
    stores nothing (schedule_run_execute). Cheap when nothing is overdue: one query. Returns
    the number of runs failed."""
    now = now or timezone.now()
    candidates = ScheduleRun.objects.filter(
        models.Q(status=ScheduleRun.Status.QUEUED, created_at__lt=now - QUEUED_GRACE)
        | models.Q(status=ScheduleRun.Status.RUNNING, created_at__lt=now - RUNNING_GRACE)
    )
    if programme is not None:
        candidates = candidates.filter(programme=programme)
    expired = 0
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            # Locked: a worker storing its draft holds this row until it commits, and then the
            # run is no longer running.
            run = ScheduleRun.objects.select_for_update().filter(pk=pk).first()
            if run is None or run.status not in (
                ScheduleRun.Status.QUEUED,
                ScheduleRun.Status.RUNNING,
            ):
                continue
            if not _overdue(run, now):
                continue
            message = str(EXPIRED_MESSAGE)
            ScheduleRun.objects.filter(pk=pk).update(
                status=ScheduleRun.Status.FAILED, message=message, finished_at=now
            )
            if run.job_id:
                Job.objects.unscoped(RUN_JOB).filter(
                    pk=run.job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
                ).update(status=Job.Status.FAILED, message=message, finished_at=now)
            expired += 1
    return expired


# --- executing a run ----------------------------------------------------------------------------


def _claim(run: ScheduleRun, *, worker: str) -> bool:
    """Queued → running, once: a task delivered twice finds the run taken and stops."""
    now = timezone.now()
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, started_at=now
    )
    run.refresh_from_db()
    if claimed and run.job_id:
        Job.objects.unscoped(RUN_JOB).filter(pk=run.job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=now, worker=worker[:200]
        )
    return bool(claimed)


def _progress(run: ScheduleRun, phase: str) -> None:
    if run.job_id:
        Job.objects.unscoped(RUN_JOB).filter(pk=run.job_id).update(
            progress=PHASES.index(phase), total=len(PHASES), message=str(PHASE_LABELS[phase])
        )


def _finish(run: ScheduleRun, *, status: str, message: str) -> None:
    """Record the outcome of a run still running; one expired meanwhile keeps its message."""
    now = timezone.now()
    updated = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRun.Status.RUNNING).update(
        status=status,
        message=message[:4000],
        finished_at=now,
        timings=run.timings,
        schedule=run.schedule,
    )
    if not updated:
        run.refresh_from_db()
        return
    run.status, run.message, run.finished_at = status, message[:4000], now
    if run.job_id:
        job_status = (
            Job.Status.SUCCEEDED if status == ScheduleRun.Status.SUCCEEDED else (Job.Status.FAILED)
        )
        fields = {"status": job_status, "message": message[:2000], "finished_at": now}
        if job_status == Job.Status.SUCCEEDED:
            fields["progress"] = len(PHASES)
        Job.objects.unscoped(RUN_JOB).filter(pk=run.job_id).update(**fields)


def schedule_run_execute(run: ScheduleRun, *, worker: str = "") -> ScheduleRun:
    """Build, solve within the run's time limit, validate and store a draft schedule with its
    meetings and quality, in one transaction. A failure records its message on the run (and
    job) and changes nothing else; running a finished run again does nothing."""
    if not _claim(run, worker=worker):
        return run
    programme = run.programme
    timings: dict[str, float] = {}
    phase = "build"
    try:
        clock = time.perf_counter()
        _progress(run, phase)
        built = instances.build(programme)
        data = built.instance()
        timings["build"] = round(time.perf_counter() - clock, 3)

        phase, clock = "solve", time.perf_counter()
        _progress(run, phase)
        solution = optimizer.solve(data, time_limit=run.time_limit)
        timings["solve"] = round(time.perf_counter() - clock, 3)

        phase, clock = "validate", time.perf_counter()
        _progress(run, phase)
        problems = optimizer.violations(data, solution)
        if problems:
            raise SchedulingError(
                _("The optimiser returned an invalid schedule: %(problems)s")
                % {"problems": "; ".join(problems[:5])}
            )
        quality = _quality(built, data, solution)
        timings["validate"] = round(time.perf_counter() - clock, 3)

        phase, clock = "save", time.perf_counter()
        _progress(run, phase)
        with transaction.atomic():
            # A late worker (the run was expired meanwhile) stores nothing: the lock keeps
            # schedule_runs_expire from failing the run while the draft is being stored.
            locked = (
                ScheduleRun.objects.select_for_update()
                .filter(pk=run.pk)
                .values_list("status", flat=True)
                .first()
            )
            if locked != ScheduleRun.Status.RUNNING:
                run.refresh_from_db()
                return run
            schedule = _store(run, built, data, solution, quality)
            timings["save"] = round(time.perf_counter() - clock, 3)
            run.timings = timings
            run.schedule = schedule
            schedule.quality["timings"] = timings
            Schedule.objects.filter(pk=schedule.pk).update(quality=schedule.quality)
            _finish(
                run,
                status=ScheduleRun.Status.SUCCEEDED,
                message=_("%(meetings)s meetings, %(ratio)s of the bound.")
                % {"meetings": quality["meetings"], "ratio": f"{quality['ratio']:.4f}"},
            )
    except (SchedulingError, optimizer.OptimizerError) as exc:
        run.timings, run.schedule = timings, None
        message = exc.message if isinstance(exc, SchedulingError) else str(exc)
        _finish(run, status=ScheduleRun.Status.FAILED, message=str(message))
    except Exception as exc:
        run.timings, run.schedule = timings, None
        _finish(
            run,
            status=ScheduleRun.Status.FAILED,
            message=_("Failed while %(phase)s: %(error)s")
            % {"phase": str(PHASE_LABELS[phase]).lower(), "error": f"{type(exc).__name__}: {exc}"},
        )
        raise
    return run


def _quality(built: instances.Built, data: dict, solution: dict) -> dict:
    excluded = {pair: c.excluded for pair, c in built.combined.items() if c.excluded}
    quality = qualities.assess(data, solution, excluded=excluded, musts=built.musts)
    names = {p.code: p.company.legal_name for p in built.overseas + built.domestic}
    for key in ("no_meeting", "under_minimum"):
        for entry in quality[key]:
            entry["name"] = names[entry["company"]]
    for entry in quality["unmet_must"]:
        entry["overseas_name"] = names[entry["overseas"]]
        entry["domestic_name"] = names[entry["domestic"]]
    return quality


def _pool_assignment(built: instances.Built, meetings: list[dict]) -> dict[int, int]:
    """Pool mode: an interpreter of the right language for each meeting (by its index), free in
    that slot, keeping the same interpreter at a table from one slot to the next if possible."""
    by_code = built.by_code
    free: dict[int, list[dict]] = defaultdict(list)
    for interpreter in built.pool:
        for slot in interpreter["available"]:
            free[slot].append(interpreter)
    assigned: dict[int, int] = {}
    last_at_table: dict[str, int] = {}
    by_slot: dict[int, list[int]] = defaultdict(list)
    for index, meeting in enumerate(meetings):
        if by_code[meeting["overseas"]].language:
            by_slot[meeting["slot"]].append(index)
    for slot in sorted(by_slot):
        taken: set[int] = set()
        for index in by_slot[slot]:
            code = meetings[index]["overseas"]
            language = by_code[code].language
            candidates = [
                i["user"]
                for i in free[slot]
                if i["language"] == language and i["user"] not in taken
            ]
            if not candidates:
                continue  # cannot happen for a valid schedule
            user = last_at_table.get(code)
            if user not in candidates:
                user = candidates[0]
            taken.add(user)
            assigned[index] = user
            last_at_table[code] = user
    return assigned


def _store(run, built: instances.Built, data: dict, solution: dict, quality: dict) -> Schedule:
    programme = built.programme
    new_tables = [
        OverseasTable(programme=programme, company=p.company, number=p.table_number)
        for p in built.overseas
        if p.table_is_new
    ]
    OverseasTable.objects.bulk_create(new_tables)
    numbers = {p.table_number for p in built.overseas}
    tables = {
        (t.activity_id, t.number): t
        for t in Table.objects.filter(activity__in=built.sessions, number__in=numbers)
    }
    missing = [
        Table(activity=session, number=number)
        for session in built.sessions
        for number in sorted(numbers)
        if (session.pk, number) not in tables
    ]
    for table in Table.objects.bulk_create(missing):
        tables[(table.activity_id, table.number)] = table
    if any(t.pk is None for t in tables.values()):  # backends that return no ids
        tables = {
            (t.activity_id, t.number): t
            for t in Table.objects.filter(activity__in=built.sessions, number__in=numbers)
        }
    schedule = Schedule.objects.create(
        programme=programme,
        run=run,
        label=_("Run %(number)s") % {"number": run.pk},
        created_by=run.started_by,
        quality=quality,
        instance=data,
        slot_map=built.slot_map(),
    )
    by_code = built.by_code
    slots = {s["slot"]: s for s in built.slots}
    pool = _pool_assignment(built, solution["meetings"]) if built.pool else {}
    rows = []
    for index, m in enumerate(solution["meetings"]):
        overseas, domestic = by_code[m["overseas"]], by_code[m["domestic"]]
        slot = slots[m["slot"]]
        rows.append(
            Meeting(
                schedule=schedule,
                overseas=overseas.company,
                domestic=domestic.company,
                activity_id=slot["activity"],
                table=tables[(slot["activity"], overseas.table_number)],
                slot=m["slot"],
                starts_at=slot["starts_at"],
                ends_at=slot["ends_at"],
                interpreter_id=pool.get(index, overseas.interpreter_id),
                status=Meeting.Status.PLANNED,
                origin=Meeting.Origin.OPTIMISER,
                score=built.combined[(m["overseas"], m["domestic"])].score,
            )
        )
    Meeting.objects.bulk_create(rows, batch_size=2000)
    return schedule
