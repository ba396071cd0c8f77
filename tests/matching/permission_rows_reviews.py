"""Permission rows: adviser reviews and the public answer (see tests/matching/permission_rows.py).

Reviews: staff read every review; the adviser reads and scores world.assignment (its own); the
unassigned adviser opens its (empty) list but not world.assignment (404); the other invited
roles get 403; other_counterpart cannot see the programme (404). Only the assigned
adviser scores: a staff POST is 403.

The company's answer needs no account: world.selected's private token identifies the applicant,
so every role alike is redirected back to the private page (302)."""

from tests.permission_table import LOGIN, everyone, row

P = "programme.slug"
ASSIGNMENT = "assignment.pk"
SELECTED_TOKEN = "selected.access_token"


def reviewers(status: int = 200, *, staff=None, unassigned=None) -> dict:
    """`unassigned`: what the adviser not assigned world.assignment gets (default `status`)."""
    return {
        "anonymous": LOGIN,
        "staff": status if staff is None else staff,
        "counterpart": 403,
        "other_counterpart": 404,
        "adviser": status,
        "unassigned_adviser": status if unassigned is None else unassigned,
        "interpreter": 403,
        "reviewer": 403,
        "company": 403,
    }


def review_form(world) -> dict:
    """A valid review of world.assignment: world.criterion (0–5) scored, a recommendation."""
    return {
        f"score_{world.criterion.pk}": "4",
        "recommendation": "select",
        "comment": "Clear export plan; ask about capacity.",
    }


HTML_ROWS = [
    row("matching:review.list", "GET", reviewers(200), P),
    # Another adviser's review does not exist for the unassigned adviser (404).
    row("matching:review.edit", "GET", reviewers(200, unassigned=404), P, ASSIGNMENT),
    row(
        "matching:review.edit",
        "POST",
        reviewers(302, staff=403, unassigned=404),
        P,
        ASSIGNMENT,
        data=review_form,
    ),
    row(
        "matching:participation.respond",
        "POST",
        everyone(302),
        SELECTED_TOKEN,
        data=lambda w: {"response": "confirmed"},
    ),
    row("matching:participation.respond", "GET", everyone(405), SELECTED_TOKEN),
]
