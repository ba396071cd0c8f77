"""The dashboards' rows of the role × URL permission table (collected by
tests/test_permissions.py). They need nothing from the world beyond its programme.

The portfolio dashboard /dashboards/: agency staff (every programme) and ministry reviewers (the
programmes they review); every other signed-in user 403, anonymous to the sign-in page. One
programme's dashboard: staff and the programme's reviewers; its other participants 403 (a
ministry reviewer sees dashboards and reports; the case-level pages are staff's); strangers 404.
The CSV and XLSX exports (?export=<table>&format=...) answer exactly like their page; so do
the API's /api/v1/dashboards/ and /api/v1/programmes/<slug>/dashboard/ (anonymous 401)."""

from django.urls import reverse

from tests.permission_table import API_ANONYMOUS, Row, agency_only, api_row, programme_managers, row

P = "programme.slug"


def readers(status) -> dict:
    return {**programme_managers(status), "reviewer": status}


def portfolio_readers(status) -> dict:
    return {**agency_only(status), "reviewer": status}


def export(name: str, query: str, expect: dict, *args) -> Row:
    def path(world):
        return reverse(name, args=[world.programme.slug] if args else []) + query

    return Row(f"GET {name} ({query})", "GET", path, expect)


HTML_ROWS = [
    row("monitoring:dashboard.portfolio", "GET", portfolio_readers(200)),
    export(
        "monitoring:dashboard.portfolio",
        "?export=programmes&format=csv",
        portfolio_readers(200),
    ),
    export(
        "monitoring:dashboard.portfolio",
        "?export=countries&format=xlsx",
        portfolio_readers(200),
    ),
    row("monitoring:dashboard.programme", "GET", readers(200), P),
    export("monitoring:dashboard.programme", "?export=levels&format=csv", readers(200), P),
    export("monitoring:dashboard.programme", "?export=currencies&format=xlsx", readers(200), P),
]


API_ROWS = [
    api_row("dashboard.portfolio", "GET", {**portfolio_readers(200), "anonymous": API_ANONYMOUS}),
    api_row("dashboard.programme", "GET", {**readers(200), "anonymous": API_ANONYMOUS}, P),
]
