"""Rows of the role × URL permission table for the read-only selection results (collected by
tests/test_permissions.py): agency staff and the programme's ministry reviewer read them (200);
the other invited roles get 403, the uninvited counterpart and the removed participants 404.
The page only shows: POST answers 405 to everyone (before any check)."""

from tests.permission_table import LOGIN, everyone, row

P = "programme.slug"

RESULTS_READERS = {
    "anonymous": LOGIN,
    "staff": 200,
    "reviewer": 200,
    "counterpart": 403,
    "adviser": 403,
    "interpreter": 403,
    "company": 403,
    "other_counterpart": 404,
}

HTML_ROWS = [
    row("matching:results", "GET", RESULTS_READERS, P),
    row("matching:results", "POST", everyone(405), P),
]
