"""Permission rows: agendas (scheduling/routes/agendas.py), collected through
tests/scheduling/permission_rows.py.

World objects (built by `world` there): world.schedule, published, with world.meeting: the
counterpart's applicant (world.applicant, overseas) meets the company role user's own company
(world.own_company) at table 1 of a session of its own, with the interpreter and adviser role
users.

Staff and the programme's reviewer read every agenda; a company its own; an interpreter or an
adviser their own; the counterpart those of the companies it put forward. Everyone else gets
404, as does anyone outside the programme (the other company and the unassigned adviser on
the company's and the adviser's agendas too). The reader's own agenda (agenda.mine) sends a
company, an interpreter and an adviser to their agenda (302: the other company and the
unassigned adviser to theirs, which has no meeting) and lists the rest."""

from tests.permission_table import API_ANONYMOUS, LOGIN, ROLES, api_row, literal, row

P = "programme.slug"


def only(status, **roles) -> dict:
    """`status` for staff and the reviewer, what `roles` say for those roles, 404 otherwise."""
    table = dict.fromkeys(ROLES, 404)
    table.update({"anonymous": LOGIN, "staff": status, "reviewer": status, **roles})
    return table


SUBJECTS = [
    # (kind, world attribute of the key, label, who else reads it)
    ("company", "applicant.pk", " (the counterpart's applicant)", {"counterpart": 200}),
    ("company", "own_company.pk", " (the company's own)", {"company": 200}),
    ("interpreter", "users.interpreter.pk", "", {"interpreter": 200}),
    ("adviser", "users.adviser.pk", "", {"adviser": 200}),
    ("table", "meeting.table.number", "", {}),
]


def _users_pk(role: str):
    return lambda world: world.users[role].pk


HTML_ROWS = [
    row(
        "scheduling:agenda.mine",
        "GET",
        only(
            200,
            counterpart=200,
            company=302,
            other_company=302,
            interpreter=302,
            adviser=302,
            unassigned_adviser=302,
        ),
        P,
    ),
    row(
        "scheduling:agenda.day_bundle",
        "POST",
        only(
            302,
            reviewer=403,
            counterpart=403,
            company=403,
            other_company=403,
            interpreter=403,
            adviser=403,
            unassigned_adviser=403,
        ),
        P,
        data=lambda w: {"day": "2027-02-15", "schedule": w.schedule.pk, "lang": "ja"},
    ),
    row(
        "scheduling:agenda.day_bundle",
        "GET",
        {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN},
        P,
    ),
]
for kind, key, label, readers in SUBJECTS:
    key_arg = _users_pk(key.split(".")[1]) if key.startswith("users.") else key
    for suffix in ("", ".pdf", ".ics"):
        HTML_ROWS.append(
            row(
                f"scheduling:agenda.{kind}{suffix}",
                "GET",
                only(200, **readers),
                P,
                key_arg,
                label=label,
            )
        )


def world(programme, users, activity, applicant, own_company) -> dict:
    from tests import factories

    # A session of its own: world.activity is edited and deleted by other rows, which a
    # session with meetings refuses.
    session = factories.ActivityFactory(programme=programme, title="Business meetings, day 1")
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    meeting = factories.MeetingFactory(
        schedule=schedule,
        overseas=applicant,
        domestic=own_company,
        activity=session,
        table=factories.TableFactory(activity=session, number=1),
        interpreter=users["interpreter"],
        adviser=users["adviser"],
    )
    return {"schedule": schedule, "meeting": meeting, "own_company": own_company}


def only_api(status, **roles) -> dict:
    return {**only(status, **roles), "anonymous": API_ANONYMOUS}


API_ROWS = [
    api_row(
        "agenda.detail",
        "GET",
        only_api(200, **readers),
        P,
        literal(kind),
        _users_pk(key.split(".")[1]) if key.startswith("users.") else key,
        label=f" ({kind}{label})",
    )
    for kind, key, label, readers in SUBJECTS
]
