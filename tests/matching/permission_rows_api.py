"""Permission rows: the matching API (see tests/matching/permission_rows.py for the world).

Staff run the round: the other people invited to the programme get 403, the uninvited
counterpart 404, anonymous 401. The programme's advisers also read the criteria, declare their
own conflicts (and see and withdraw them: world.conflict is the adviser's) and write the reviews
assigned to them (world.assignment): staff read every review but may not score it (403); people
who cannot see a review or a conflict get 404. A selected company answers for itself
(world.own_selected is the company role's); staff may on its behalf; the counterpart that put an
applicant forward sees it but may not answer (403)."""

from tests.permission_table import (
    API_ANONYMOUS,
    INVITED,
    api_row,
    programme_managers,
    signed_in,
)

P = "programme.slug"
A = API_ANONYMOUS


def staff(status: int) -> dict:
    return programme_managers(status, anonymous=A)


def advisers(status: int) -> dict:
    """Staff and the programme's advisers; the other invited 403, the uninvited 404."""
    return {**staff(status), "adviser": status}


def owner(staff_status: int, adviser_status: int | None = None) -> dict:
    """The adviser's own object (conflict, review): staff and the adviser; nobody else sees it,
    not even another adviser of the programme (the unassigned adviser: 404)."""
    return {
        "anonymous": A,
        "staff": staff_status,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED, 404),
        "adviser": staff_status if adviser_status is None else adviser_status,
        "unassigned_adviser": 404,
    }


def selected_company(*, counterpart: int = 404, company: int = 404) -> dict:
    return {
        "anonymous": A,
        "staff": 200,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED, 404),
        "counterpart": counterpart,
        "company": company,
        "other_company": 404,
    }


def review_body(world) -> dict:
    return {
        "scores": {str(world.criterion.pk): 4},
        "recommendation": "select",
        "comment": "A good fit for the Osaka buyers.",
    }


API_ROWS = [
    # the round
    api_row("assessment.detail", "GET", staff(200), P),
    api_row("assessment.detail", "PATCH", staff(200), P, data=lambda w: {"target_max": 25}),
    api_row("assessment.lock", "POST", staff(200), P),
    api_row("assessment.unlock", "POST", staff(200), P),
    # criteria
    api_row("criterion.list", "GET", advisers(200), P),
    api_row(
        "criterion.list",
        "POST",
        staff(201),
        P,
        data=lambda w: {"name": "Export readiness", "scale_min": 0, "scale_max": 5, "weight": 2},
    ),
    api_row("criterion.detail", "GET", advisers(200), "criterion.pk"),
    api_row(
        "criterion.detail", "PATCH", staff(200), "criterion.pk", data=lambda w: {"weight": "1.5"}
    ),
    api_row("criterion.detail", "DELETE", staff(204), "criterion.pk"),
    # conflicts of interest
    api_row("conflict.list", "GET", advisers(200), P),
    # The body names the adviser role user: another adviser may not declare for them (403).
    api_row(
        "conflict.list",
        "POST",
        {**advisers(201), "unassigned_adviser": 403},
        P,
        data=lambda w: {
            "adviser": w.users["adviser"].pk,
            "company": w.selected.company_id,
            "reason": "Was its sales manager until 2024",
        },
    ),
    api_row("conflict.detail", "GET", owner(200), "conflict.pk"),
    api_row("conflict.detail", "DELETE", owner(204), "conflict.pk"),
    # assignments
    api_row("assignment.list", "GET", staff(200), P),
    api_row(
        "assignment.list",
        "POST",
        staff(201),
        P,
        data=lambda w: {"application": w.decided.pk, "adviser": w.users["adviser"].pk},
    ),
    api_row("assignment.auto", "POST", staff(200), P),
    api_row("assignment.detail", "GET", staff(200), "assignment.pk"),
    api_row("assignment.detail", "DELETE", staff(204), "assignment.pk"),
    # reviews
    api_row("review.list", "GET", signed_in(200, anonymous=A)),
    api_row("review.detail", "GET", owner(200), "assignment.pk"),
    api_row("review.detail", "PUT", owner(403, 200), "assignment.pk", data=review_body),
    api_row(
        "review.detail",
        "PATCH",
        owner(403, 200),
        "assignment.pk",
        data=lambda w: {"comment": "Strong management team."},
    ),
    # ranking, decisions, the waiting list, invitations
    api_row("ranking", "GET", staff(200), P),
    api_row("decision.list", "GET", staff(200), P),
    api_row(
        "decision.list",
        "POST",
        staff(201),
        P,
        data=lambda w: {
            "applications": [w.candidate.pk],
            "outcome": "reject",
            "reason": "Its products do not match the buyers",
            "override_reason": "The second adviser withdrew",
        },
    ),
    api_row("decision.notify", "POST", staff(200), P),
    api_row(
        "waitlist.promote", "POST", staff(200), P, data=lambda w: {"reason": "A place came free"}
    ),
    api_row("invitation.create", "GET", staff(200), P),
    api_row(
        "invitation.create",
        "POST",
        staff(201),
        P,
        data=lambda w: {"companies": [w.invitable.pk], "reason": "Auto parts buyer"},
    ),
    # a selected company's answer
    api_row(
        "participation.respond",
        "POST",
        selected_company(company=200),
        "own_selected.pk",
        data=lambda w: {"response": "confirmed"},
    ),
    api_row(
        "participation.respond",
        "POST",
        selected_company(counterpart=403),
        "selected.pk",
        data=lambda w: {"response": "declined", "note": "Cannot travel in February"},
        label=" (the counterpart's applicant)",
    ),
]
