"""Permission rows: the scheduling input (scheduling/routes/requests.py and
scheduling/api/requests.py), collected through tests/scheduling/permission_rows.py.

World objects (built by `world` below): world.sched_overseas (a selected overseas company) and
world.sched_domestic (a confirmed Japanese company) take part in world.programme;
world.meeting_request is the Japanese company's "must meet" of the overseas one;
world.pair_score the adviser's +3 for that pair; world.seminar a seminar the overseas company
attends; world.absence the Japanese company's afternoon away. The request window is not set
(requests are open).

Who gets what (scheduling/rules.py):
- staff everything;
- advisers read the pair table and score and block pairs;
- the reviewer reads the pair table, availability, settings and every request, changes nothing
  (403);
- a company its own company's requests: the company role user's company (world.own_company)
  does not take part in world.programme, so its catalogue and its answers are refused (403),
  its list of requests is empty (200) and the Japanese company's request is not found (404).
  tests/scheduling/test_request_pages.py covers a participating company's own catalogue;
- the counterpart, the interpreter: 403 (a counterpart sees nothing of the requests);
- anyone outside the programme: 404."""

from tests.permission_table import (
    API_ANONYMOUS,
    INVITED,
    LOGIN,
    Row,
    api_row,
    programme_managers,
    row,
    url,
)

P = "programme.slug"


def allow(status, *, html: bool = True, **roles) -> dict:
    """`status` for staff and the given roles (their own status), 403 for the other invited
    roles, 404 for strangers, and the sign-in page or 401 for anonymous."""
    table = {
        "anonymous": LOGIN if html else API_ANONYMOUS,
        "staff": status,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED, 403),
    }
    table.update(roles)
    return table


def api_allow(status, **roles) -> dict:
    return allow(status, html=False, **roles)


def with_query(name: str, query, label: str, method: str, expect: dict, data=None) -> Row:
    """A page row whose path carries a query string built from the world."""
    base = url(name, P)
    return Row(f"{method} {name}{label}", method, lambda w: f"{base(w)}?{query(w)}", expect, data)


def catalogue_post(w) -> dict:
    o = w.sched_overseas.pk
    return {"company": w.sched_domestic.pk, f"pref-{o}": "like", f"note-{o}": "Brake pads"}


def pair_score_form(w) -> dict:
    return {
        "overseas": w.sched_overseas.pk,
        "domestic": w.sched_domestic.pk,
        "adjustment": "2",
        "reason_kind": "history",
        "reason": "Long-standing supplier of Toyota",
    }


def absence_form(w) -> dict:
    return {
        "company": w.sched_overseas.pk,
        "starts_at": "2027-02-16T13:00",
        "ends_at": "2027-02-16T14:30",
        "reason": "Visits a customer",
    }


def settings_form(w) -> dict:
    return {
        "requests_open_at": "2027-01-10T09:00",
        "requests_close_at": "2027-02-05T17:00",
        "overseas_max_per_day": "10",
        "domestic_min_meetings": "2",
        "domestic_max_meetings": "",
        "interpreter_mode": "table",
    }


HTML_ROWS = [
    row("scheduling:request.catalogue", "GET", programme_managers(200), P),
    with_query(
        "scheduling:request.catalogue",
        lambda w: f"company={w.sched_domestic.pk}",
        " (a participant's, ?company=)",
        "GET",
        programme_managers(200),
    ),
    row("scheduling:request.catalogue", "POST", programme_managers(302), P, data=catalogue_post),
    row("scheduling:request.remind", "POST", programme_managers(302), P),
    row("scheduling:pair.list", "GET", allow(200, adviser=200, reviewer=200), P),
    row("scheduling:pair_score.edit", "GET", allow(200, adviser=200), P),
    row(
        "scheduling:pair_score.edit",
        "POST",
        allow(302, adviser=302),
        P,
        data=pair_score_form,
    ),
    row("scheduling:availability", "GET", allow(200, reviewer=200), P),
    row(
        "scheduling:attendance.save",
        "POST",
        programme_managers(302),
        P,
        data=lambda w: {"company": [w.sched_overseas.pk]},
    ),  # fmt: skip
    row("scheduling:unavailability.create", "POST", programme_managers(302), P, data=absence_form),
    row("scheduling:unavailability.delete", "POST", programme_managers(302), P, "absence.pk"),
    row("scheduling:settings.edit", "GET", programme_managers(200), P),
    row("scheduling:settings.edit", "POST", programme_managers(302), P, data=settings_form),
]

REQ = "meeting_request.pk"
SCORE = "pair_score.pk"

API_ROWS = [
    api_row("request.list", "GET", api_allow(200, reviewer=200, company=200), P),
    api_row(
        "request.list",
        "POST",
        api_allow(201),
        P,
        data=lambda w: {
            "company": w.sched_overseas.pk,
            "target": w.sched_domestic.pk,
            "preference": "must",
            "note": "Looking for a distributor",
        },
    ),
    api_row("request.detail", "GET", api_allow(200, reviewer=200, company=404), P, REQ),
    api_row(
        "request.detail",
        "PUT",
        api_allow(200, company=404),
        P,
        REQ,
        data=lambda w: {"preference": "like", "note": ""},
    ),
    api_row(
        "request.detail",
        "PATCH",
        api_allow(200, company=404),
        P,
        REQ,
        data=lambda w: {"note": "Disc brakes"},
    ),
    api_row("request.detail", "DELETE", api_allow(204, company=404), P, REQ),
    api_row("pair_score.list", "GET", api_allow(200, adviser=200, reviewer=200), P),
    api_row(
        "pair_score.list",
        "POST",
        api_allow(201, adviser=201),
        P,
        data=lambda w: {
            "overseas": w.sched_overseas.pk,
            "domestic": w.sched_domestic.pk,
            "adjustment": -2,
            "reason_kind": "finance",
            "reason": "Cannot finance a joint venture yet",
        },
    ),
    api_row("pair_score.detail", "GET", api_allow(200, adviser=200, reviewer=200), P, SCORE),
    api_row(
        "pair_score.detail",
        "PUT",
        api_allow(200, adviser=200),
        P,
        SCORE,
        data=lambda w: {"adjustment": 4, "reason_kind": "experience", "reason": "Exports"},
    ),
    api_row(
        "pair_score.detail",
        "PATCH",
        api_allow(200, adviser=200),
        P,
        SCORE,
        data=lambda w: {"adjustment": 5},
    ),
    api_row("block.list", "GET", api_allow(200, adviser=200, reviewer=200), P),
    api_row(
        "block.list",
        "POST",
        api_allow(201, adviser=201),
        P,
        data=lambda w: {
            "overseas": w.sched_overseas.pk,
            "domestic": w.sched_domestic.pk,
            "reason_kind": "competitor",
            "reason": "Both make brake pads for the same buyer",
        },
    ),
    api_row("pair.list", "GET", api_allow(200, adviser=200, reviewer=200), P),
    api_row("attendance.list", "GET", api_allow(200, reviewer=200), P),
    api_row(
        "attendance.list",
        "POST",
        api_allow(200),
        P,
        data=lambda w: {
            "activity": w.seminar.pk,
            "company": w.sched_domestic.pk,
            "attending": True,
        },
    ),
    api_row("unavailability.list", "GET", api_allow(200, reviewer=200), P),
    api_row(
        "unavailability.list",
        "POST",
        api_allow(201),
        P,
        data=lambda w: {
            "company": w.sched_overseas.pk,
            "starts_at": "2027-02-16T04:00:00Z",
            "ends_at": "2027-02-16T05:30:00Z",
            "reason": "Visits a customer",
        },
    ),
    api_row("unavailability.detail", "GET", api_allow(200, reviewer=200), P, "absence.pk"),
    api_row("unavailability.detail", "DELETE", api_allow(204), P, "absence.pk"),
    api_row("scheduling_settings", "GET", api_allow(200, reviewer=200), P),
    api_row(
        "scheduling_settings",
        "PUT",
        api_allow(200),
        P,
        data=lambda w: {
            "requests_open_at": "2027-01-10T00:00:00Z",
            "requests_close_at": "2027-02-05T08:00:00Z",
            "overseas_max_per_day": 10,
            "domestic_min_meetings": 2,
            "domestic_max_meetings": None,
            "interpreter_mode": "table",
        },
    ),
    api_row(
        "scheduling_settings",
        "PATCH",
        api_allow(200),
        P,
        data=lambda w: {"domestic_min_meetings": 3},
    ),
]


def world(programme, users) -> dict:
    from tests import factories

    overseas = factories.OverseasParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Hanoi Brake Systems JSC",
    ).application.company
    domestic = factories.DomesticParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Kansai Friction Co., Ltd.",
    ).application.company
    meeting_request = factories.MeetingRequestFactory(
        programme=programme, company=domestic, target=overseas, preference="must"
    )
    pair_score = factories.PairScoreFactory(
        programme=programme, overseas=overseas, domestic=domestic, by=users["adviser"]
    )
    seminar = factories.SeminarFactory(programme=programme)
    factories.AttendanceFactory(activity=seminar, company=overseas)
    absence = factories.UnavailabilityFactory(programme=programme, company=domestic)
    return {
        "sched_overseas": overseas,
        "sched_domestic": domestic,
        "meeting_request": meeting_request,
        "pair_score": pair_score,
        "seminar": seminar,
        "absence": absence,
    }
