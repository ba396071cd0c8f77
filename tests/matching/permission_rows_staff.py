"""Permission rows: staff pages of the assessment round (see tests/matching/permission_rows.py).

Agency staff do everything here; others who can see the programme get 403, the uninvited
counterpart 404. The exception is the conflicts page: an adviser of the programme sees and
declares their own conflicts (and withdraws world.conflict, which is theirs). POST-only routes
answer GET with 405 to anyone signed in. Every POST body below succeeds for staff."""

from tests.permission_table import LOGIN, programme_managers, row, signed_in

P = "programme.slug"
INVITED_OTHERS = ("counterpart", "interpreter", "reviewer", "company")


def advisers_too(status: int) -> dict:
    """Staff, and an adviser of the programme for their own conflicts; other invited roles 403."""
    return {
        "anonymous": LOGIN,
        "staff": status,
        "adviser": status,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED_OTHERS, 403),
    }


def settings_form(world) -> dict:
    return {
        "reviews_per_application": "2",
        "target_min": "5",
        "target_max": "12",
        "disagreement": "25",
    }


def criterion_form(world) -> dict:
    return {
        "name": "Annual sales",
        "scale_min": "0",
        "scale_max": "5",
        "weight": "2",
        "threshold": "1",
        "source": "sales",
        "bands": "0 = 1\n100000000 = 3\n1000000000 = 5",
        "currency": "JPY",
    }


def conflict_form(world) -> dict:
    """Staff name the adviser; an adviser declares for themself (the field is not theirs)."""
    return {
        "adviser": world.users["adviser"].pk,
        "company": world.candidate.company_id,
        "reason": "Former employer of the adviser",
    }


def assignment_form(world) -> dict:
    return {"application": world.decided.pk, "adviser": world.users["adviser"].pk}


def decision_form(world) -> dict:
    return {
        "applications": [world.candidate.pk],
        "outcome": "reject",
        "reason": "Products do not fit the Japanese buyers of this programme",
        "override_reason": "The second adviser withdrew; one review is enough here",
    }


def invitation_form(world) -> dict:
    return {
        "sector": "auto_parts",
        "companies": [world.invitable.pk],
        "reason": "Recommended by the prefecture",
    }


def respond_form(world) -> dict:
    return {"response": "confirmed", "note": "Confirmed by telephone"}


HTML_ROWS = [
    row("matching:assessment", "GET", programme_managers(200), P),
    row("matching:assessment.settings", "POST", programme_managers(302), P, data=settings_form),
    row("matching:assessment.settings", "GET", signed_in(405), P),
    row("matching:assessment.lock", "POST", programme_managers(302), P),
    row("matching:assessment.lock", "GET", signed_in(405), P),
    row("matching:assessment.unlock", "POST", programme_managers(302), P),
    row("matching:assessment.unlock", "GET", signed_in(405), P),
    row("matching:criterion.create", "GET", programme_managers(200), P),
    row("matching:criterion.create", "POST", programme_managers(302), P, data=criterion_form),
    row("matching:criterion.edit", "GET", programme_managers(200), P, "criterion.pk"),
    row(
        "matching:criterion.edit",
        "POST",
        programme_managers(302),
        P,
        "criterion.pk",
        data=criterion_form,
    ),
    row("matching:criterion.delete", "POST", programme_managers(302), P, "criterion.pk"),
    row("matching:criterion.delete", "GET", signed_in(405), P, "criterion.pk"),
    row("matching:conflict.list", "GET", advisers_too(200), P),
    row("matching:conflict.list", "POST", advisers_too(302), P, data=conflict_form),
    # world.conflict is the adviser's: another adviser of the programme cannot see it (404).
    row(
        "matching:conflict.delete",
        "POST",
        {**advisers_too(302), "unassigned_adviser": 404},
        P,
        "conflict.pk",
    ),
    row("matching:conflict.delete", "GET", signed_in(405), P, "conflict.pk"),
    row("matching:assignment.list", "GET", programme_managers(200), P),
    row("matching:assignment.list", "POST", programme_managers(302), P, data=assignment_form),
    row("matching:assignment.auto", "POST", programme_managers(302), P),
    row("matching:assignment.auto", "GET", signed_in(405), P),
    row("matching:assignment.delete", "POST", programme_managers(302), P, "assignment.pk"),
    row("matching:assignment.delete", "GET", signed_in(405), P, "assignment.pk"),
    row("matching:ranking", "GET", programme_managers(200), P),
    row("matching:ranking.export", "GET", programme_managers(200), P),
    row(
        "matching:ranking.export",
        "GET",
        programme_managers(200),
        P,
        data=lambda w: {"format": "xlsx"},
        label=" (xlsx)",
    ),
    row("matching:decision.create", "POST", programme_managers(302), P, data=decision_form),
    row("matching:decision.create", "GET", signed_in(405), P),
    row("matching:decision.notify", "POST", programme_managers(302), P),
    row("matching:decision.notify", "GET", signed_in(405), P),
    row("matching:waitlist.promote", "POST", programme_managers(302), P),
    row("matching:waitlist.promote", "GET", signed_in(405), P),
    row("matching:invitation.create", "GET", programme_managers(200), P),
    row("matching:invitation.create", "POST", programme_managers(302), P, data=invitation_form),
    row("matching:participant.list", "GET", programme_managers(200), P),
    row(
        "matching:participant.respond",
        "POST",
        programme_managers(302),
        P,
        "selected.pk",
        data=respond_form,
    ),
    row("matching:participant.respond", "GET", signed_in(405), P, "selected.pk"),
]
