"""core's sign-in, API-token and audit-log rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against).

World objects (built by `world` below): world.api_token, an API token of the counterpart user.

Everyone signed in lists and creates their own tokens (HTML page and API); agency staff also
list everyone's (HTML: a page of its own, 403 for others). A token is revoked by its owner or
by agency staff; for anyone else it does not exist (404). Anonymous: sign-in page / 401."""

from core.services import api_token_create
from tests.permission_table import API_ANONYMOUS, LOGIN, ROLES, agency_only, api_row, row, signed_in


def world(role_users) -> dict:
    owner = role_users["counterpart"]
    token, _secret = api_token_create(owner, name="Counterpart's script", by=owner)
    return {"api_token": token}


def owner_or_staff(status) -> dict:
    return {
        **dict.fromkeys(ROLES, 404),
        "staff": status,
        "counterpart": status,
    }


def new_token(world) -> dict:
    return {"name": "Reporting script"}


HTML_ROWS = [
    row("core:token.list", "GET", signed_in(200)),
    # Creating answers the page with the new token on it (shown once), not a redirect.
    row("core:token.list", "POST", signed_in(200), data=new_token),
    row("core:token.list_all", "GET", agency_only(200)),
    row("core:token.list_all", "POST", signed_in(405)),
    row(
        "core:token.revoke",
        "POST",
        {**owner_or_staff(302), "anonymous": LOGIN},
        "api_token.pk",
    ),
    row("core:token.revoke", "GET", signed_in(405), "api_token.pk"),
    # The audit log (core/audit.py): agency staff only, read and exported, never changed.
    row("core:audit.list", "GET", agency_only(200)),
    row("core:audit.list", "POST", signed_in(405)),
    row("core:audit.export", "GET", agency_only(200)),
    row("core:audit.export", "POST", signed_in(405)),
]

API_ROWS = [
    api_row("token.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row("token.list", "POST", signed_in(201, anonymous=API_ANONYMOUS), data=new_token),
    api_row(
        "token.detail",
        "DELETE",
        {**owner_or_staff(204), "anonymous": API_ANONYMOUS},
        "api_token.pk",
    ),
    api_row("audit.list", "GET", agency_only(200, anonymous=API_ANONYMOUS)),
]
