"""The scheduling app's rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against). One
module per area; `world` merges their world objects."""

from tests.scheduling import permission_rows_agendas as agendas
from tests.scheduling import permission_rows_requests as requests
from tests.scheduling import permission_rows_schedules as schedules

HTML_ROWS = [*agendas.HTML_ROWS, *requests.HTML_ROWS, *schedules.HTML_ROWS]
API_ROWS = [*agendas.API_ROWS, *requests.API_ROWS, *schedules.API_ROWS]


def world(programme, users, activity, applicant, own_company) -> dict:
    """The meetings sit in a session of their own (world.meeting_session, table 1), so the
    programme rows may still change and delete world.activity (a session with meetings is
    refused, tests/scheduling/test_meetings.py)."""
    from tests import factories

    session = factories.ActivityFactory(programme=programme, title="Business meetings, Kobe")
    factories.TableFactory(activity=session, number=1)
    return {
        "meeting_session": session,
        **agendas.world(programme, users, session, applicant, own_company),
        **requests.world(programme, users),
        **schedules.world(programme, users, session, applicant, own_company),
    }
