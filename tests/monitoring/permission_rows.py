"""The monitoring app's rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against).

World objects (built by `world` below): world.survey_meeting, a held meeting of the world's
published schedule in a session of its own (slot 50, fresh companies, no interpreter, so no
scheduling row can collide with it), its Japanese company's answer (level 5) and the overseas
company's link world.survey_token; the meeting is flagged (world.survey_meeting.pk).

The survey page is public: the private link is the permission, so every role (anonymous too)
opens it and answers (an answer again edits the one answer). The disagreements page: staff
only ("a ministry reviewer sees only dashboards and reports": the programme's reviewers 403 as
the other participants); strangers 404. Settling: staff only. The API
(/api/v1/programmes/<slug>/outcomes/...) answers the same, anonymous 401.

Follow-ups: the world's meeting is settled at level 3, which opens its follow-up
(world.follow_up). The list, a case's page and updating a case: staff only (reviewers 403)."""

from tests.permission_table import API_ANONYMOUS, ROLES, api_row, programme_managers, row

P = "programme.slug"


HTML_ROWS = [
    row("monitoring:survey", "GET", dict.fromkeys(ROLES, 200), "survey_token"),
    row(
        "monitoring:survey",
        "POST",
        dict.fromkeys(ROLES, 302),
        "survey_token",
        data=lambda w: {"took_place": "yes", "level": "3", "tx_sales": "discussed"},
    ),
    row("monitoring:outcome.disagreements", "GET", programme_managers(200), P),
    row(
        "monitoring:outcome.settle",
        "POST",
        programme_managers(302),
        P,
        "survey_meeting.pk",
        data=lambda w: {"level": "3", "note": "Confirmed by phone"},
    ),
    row("monitoring:follow_up.list", "GET", programme_managers(200), P),
    row("monitoring:follow_up.detail", "GET", programme_managers(200), P, "follow_up.pk"),
    row(
        "monitoring:follow_up.detail",
        "POST",
        programme_managers(302),
        P,
        "follow_up.pk",
        data=lambda w: {"status": "contacted", "note": "Called both companies"},
    ),
]


API_ROWS = [
    api_row("outcome.list", "GET", programme_managers(200, anonymous=API_ANONYMOUS), P),
    api_row(
        "outcome.settle",
        "POST",
        programme_managers(200, anonymous=API_ANONYMOUS),
        P,
        "survey_meeting.pk",
        data=lambda w: {"level": 3, "note": "Confirmed by phone"},
    ),
]


def world(programme, users) -> dict:
    """Built after the scheduling rows' world, whose published schedule it uses."""
    from monitoring.services import outcome_settle, survey_answer, survey_links_issue
    from monitoring.tokens import token_for
    from scheduling.models import Schedule
    from tests import factories

    schedule = Schedule.objects.get(programme=programme, status="published")
    session = factories.ActivityFactory(programme=programme, title="Business meetings, surveyed")
    meeting = factories.MeetingFactory(
        schedule=schedule,
        overseas=factories.CompanyFactory(legal_name="Surveyed Overseas JSC", country="VN"),
        domestic=factories.JapaneseCompanyFactory(legal_name="Surveyed Seiko K.K."),
        activity=session,
        table=factories.TableFactory(activity=session, number=1),
        slot=50,
        status="held",
        interpreter=None,
    )
    survey_links_issue(programme)
    links = {link.respondent_kind: link for link in meeting.survey_links.all()}
    survey_answer(links["japanese"], took_place=True, level=5)
    survey_answer(links["overseas"], took_place=True, level=1)
    outcome_settle(meeting.outcome, level=3, by=users["staff"], note="Confirmed by phone")
    return {
        "survey_meeting": meeting,
        "survey_token": token_for(links["overseas"].pk),
        "follow_up": meeting.follow_up,
    }
