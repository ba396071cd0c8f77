"""The scheduling app's rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against). One
module per area; `world` merges their world objects."""

from tests.scheduling import permission_rows_agendas as agendas
from tests.scheduling import permission_rows_requests as requests

HTML_ROWS = [*agendas.HTML_ROWS, *requests.HTML_ROWS]
API_ROWS = [*agendas.API_ROWS, *requests.API_ROWS]


def world(programme, users, activity, applicant, own_company) -> dict:
    return {
        **agendas.world(programme, users, activity, applicant, own_company),
        **requests.world(programme, users),
    }
