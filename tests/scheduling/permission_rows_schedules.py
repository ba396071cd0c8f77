"""Permission rows: staff's schedule pages (scheduling/routes/schedules.py) and their API
(scheduling/api/schedules.py), collected through tests/scheduling/permission_rows.py.

World objects (built by `world` below): world.draft, a draft schedule of world.programme with
two meetings at table 1 of world.meeting_session (world.draft_meeting in the first slot,
world.draft_meeting2 in the second), besides the published world.schedule of the agenda rows;
world.run, a finished run.

Who gets what (scheduling/views/schedules.py):
- staff everything;
- the programme's reviewer reads every page and endpoint and changes nothing (403);
- the other invited roles (counterpart, company, adviser, interpreter): 403. A counterpart reads
  the schedules of its own companies through their agendas (tests/scheduling/
  permission_rows_agendas.py), not these pages;
- anyone outside the programme: 404."""

from tests.permission_table import API_ANONYMOUS, INVITED, LOGIN, Row, api_row, row, url

P = "programme.slug"
D = "draft.pk"


def readers(status, *, html: bool = True) -> dict:
    return {
        "anonymous": LOGIN if html else API_ANONYMOUS,
        "staff": status,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED, 403),
        "reviewer": status,
    }


def managers(status, *, html: bool = True) -> dict:
    return {**readers(status, html=html), "reviewer": 403}


def _compare(w) -> str:
    return f"a={w.draft.pk}&b={w.schedule.pk}"


def _interpreter_away(w, *, local: bool = False) -> dict:
    """The programme's interpreter cannot come during the meeting session."""
    session = w.meeting_session
    if local:
        fmt = "%Y-%m-%d %H:%M"
        start = w.programme.local(session.starts_at).strftime(fmt)
        end = w.programme.local(session.ends_at).strftime(fmt)
    else:
        start, end = session.starts_at.isoformat(), session.ends_at.isoformat()
    return {"interpreter": w.users["interpreter"].pk, "starts_at": start, "ends_at": end}


def _with_query(name, method, expect, query, *args, api: bool = False) -> Row:
    full = f"api:{name}" if api and not name.startswith("api:") else name
    base = url(full, *args)
    return Row(f"{method} {full}", method, lambda w: f"{base(w)}?{query(w)}", expect, None, api)


HTML_ROWS = [
    row("scheduling:schedule.list", "GET", readers(200), P),
    row(
        "scheduling:schedule.run_start",
        "POST",
        managers(302),
        P,
        data=lambda w: {"time_limit": "5"},
    ),
    _with_query("scheduling:schedule.compare", "GET", readers(200), _compare, P),
    row("scheduling:schedule.detail", "GET", readers(200), P, D),
    row(
        "scheduling:schedule.publish",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: {"confirm": "yes"},
    ),
    row("scheduling:schedule.grid", "GET", readers(200), P, D),
    row(
        "scheduling:meeting.add",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: {"overseas": w.applicant.pk, "domestic": w.own_company.pk, "slot": 3},
    ),
    row(
        "scheduling:meeting.swap",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: {"first": w.draft_meeting.pk, "second": w.draft_meeting2.pk},
    ),
    row(
        "scheduling:meeting.move",
        "POST",
        managers(302),
        P,
        D,
        "draft_meeting.pk",
        data=lambda w: {"slot": 2},
    ),
    row(
        "scheduling:meeting.mark",
        "POST",
        managers(302),
        P,
        D,
        "draft_meeting.pk",
        data=lambda w: {"status": "held"},
    ),
    row("scheduling:schedule.repair", "GET", readers(200), P, D),
    row(
        "scheduling:schedule.absence_add",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: {"company": w.applicant.pk, "session": w.meeting_session.pk},
    ),
    row(
        "scheduling:schedule.interpreter_absence_add",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: _interpreter_away(w, local=True),
    ),
    row("scheduling:schedule.repair_preview", "POST", managers(200), P, D),
    row(
        "scheduling:schedule.repair_confirm",
        "POST",
        managers(302),
        P,
        D,
        data=lambda w: {"token": "not-a-preview"},
    ),
]

API_ROWS: list[Row] = []


def world(programme, users, activity, applicant, own_company) -> dict:
    from tests import factories

    draft = factories.ScheduleFactory(programme=programme, label="Draft A")
    table = activity.tables.get(number=1)
    slots = activity.slots()
    first = factories.MeetingFactory(
        schedule=draft, overseas=applicant, domestic=own_company, activity=activity, table=table
    )
    second = factories.MeetingFactory(
        schedule=draft,
        overseas=applicant,
        activity=activity,
        table=table,
        slot=1,
        starts_at=slots[1].starts_at,
        ends_at=slots[1].ends_at,
    )
    run = factories.ScheduleRunFactory(
        programme=programme, status="succeeded", schedule=draft, started_by=users["staff"]
    )
    return {
        "draft": draft,
        "draft_meeting": first,
        "draft_meeting2": second,
        "draft_domestic": second.domestic,
        "run": run,
    }


def _api(name, method, expect, *args, data=None, label="") -> Row:
    return api_row(name, method, expect, *args, data=data, label=label)


API_ROWS += [
    _api("schedule_run.list", "GET", readers(200, html=False), P),
    _api(
        "schedule_run.list",
        "POST",
        managers(202, html=False),
        P,
        data=lambda w: {"time_limit": 5},
    ),
    _api("schedule_run.detail", "GET", readers(200, html=False), P, "run.pk"),
    _api("schedule.list", "GET", readers(200, html=False), P),
    _with_query("schedule.compare", "GET", readers(200, html=False), _compare, P, api=True),
    _api("schedule.detail", "GET", readers(200, html=False), P, D),
    _api("schedule.publish", "POST", managers(200, html=False), P, D),
    _api("meeting.list", "GET", readers(200, html=False), P, D),
    _api(
        "meeting.list",
        "POST",
        managers(201, html=False),
        P,
        D,
        data=lambda w: {
            "overseas": w.sched_overseas.pk,
            "domestic": w.sched_domestic.pk,
            "slot": 8,
            "table": 1,
        },
    ),
    _api(
        "meeting.swap",
        "POST",
        managers(200, html=False),
        P,
        D,
        data=lambda w: {"first": w.draft_meeting.pk, "second": w.draft_meeting2.pk},
    ),
    _api("meeting.detail", "GET", readers(200, html=False), P, D, "draft_meeting.pk"),
    _api(
        "meeting.detail",
        "PATCH",
        managers(200, html=False),
        P,
        D,
        "draft_meeting.pk",
        data=lambda w: {"slot": 2},
    ),
    _api("meeting.cancel", "POST", managers(200, html=False), P, D, "draft_meeting.pk"),
    _api("meeting.no_show", "POST", managers(200, html=False), P, D, "draft_meeting.pk"),
    _api(
        "schedule.absence",
        "POST",
        managers(201, html=False),
        P,
        D,
        data=lambda w: {"company": w.applicant.pk, "session": w.meeting_session.pk},
    ),
    _api(
        "schedule.interpreter_absence",
        "POST",
        managers(201, html=False),
        P,
        D,
        data=lambda w: _interpreter_away(w),
    ),
    _api("repair.preview", "POST", managers(200, html=False), P, D),
    _api(
        "repair.confirm",
        "POST",
        managers(400, html=False),  # not a preview's token: refused, nothing saved
        P,
        D,
        data=lambda w: {"token": "not-a-preview"},
    ),
]
