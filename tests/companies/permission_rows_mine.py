"""Permission rows: a company's home, "My applications" (companies/views/mine.py).

Only members of a company organisation have one (the world's company user; its application is
world.own_application): every other signed-in role is refused (403), anonymous is sent to sign
in. What is listed is the company's own only (tests/companies/test_my_applications.py)."""

from tests.permission_table import LOGIN, ROLES, row

MINE = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": LOGIN,
    "company": 200,
}

HTML_ROWS = [
    row("companies:application.mine", "GET", MINE),
]
API_ROWS = []
