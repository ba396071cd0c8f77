"""Permission rows: a company's home, "My applications" (companies/views/mine.py).

Only members of a company organisation have one (the world's company user, its application
world.own_application; the other company, its application world.other_company_application):
every other signed-in role is refused (403), anonymous is sent to sign in. What is listed is
the company's own only (tests/companies/test_my_applications.py, and tests/test_permissions.py
for the two companies of the world)."""

from tests.permission_table import LOGIN, ROLES, row

MINE = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": LOGIN,
    "company": 200,
    "other_company": 200,  # its own list (tests/test_permissions.py checks what is on it)
}

HTML_ROWS = [
    row("companies:application.mine", "GET", MINE),
]
API_ROWS = []
