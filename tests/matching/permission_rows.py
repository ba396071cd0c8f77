"""The matching app's rows of the role × URL permission table (collected by
tests/test_permissions.py, which documents the roles and the world they run against).

World objects for these rows (built by `world` below, merged into the table's world):
    world.criterion     a criterion of world.programme (manual, 0–5)
    world.candidate     an eligible application in the round, put forward by the counterpart
    world.assignment    world.candidate assigned to the adviser role user (one score given)
    world.conflict      the adviser's declared conflict with another company (world.conflicted)
    world.conflicted    that company; its eligible application is world.conflicted_application
    world.decided       an applicant of the round already waitlisted (a Decision)
    world.invitable     a Japanese company of the registry, not in the programme (sector
                        auto_parts, with a contact e-mail)
    world.own_selected  the company role user's own application, selected (with a Decision), in
                        a second programme: it can confirm or decline
    world.selected      another company's selected application in world.programme (a Decision);
                        its private token opens the public confirm/decline
"""

from companies.models import Application
from matching.models import Decision
from tests import factories
from tests.matching.permission_rows_api import API_ROWS
from tests.matching.permission_rows_reviews import HTML_ROWS as REVIEW_HTML
from tests.matching.permission_rows_staff import HTML_ROWS as STAFF_HTML

HTML_ROWS = STAFF_HTML + REVIEW_HTML
API_ROWS = API_ROWS

S = Application.Status


def world(programme, users, counterpart_org, own_company) -> dict:
    criterion = factories.CriterionFactory(programme=programme, name="Management capability")
    candidate = factories.ApplicationFactory(
        programme=programme,
        company=factories.CompanyFactory(legal_name="Bangkok Moulds Co., Ltd.", country="TH"),
        counterpart=counterpart_org,
        status=S.ELIGIBLE,
        eligible=True,
    )
    assignment = factories.AssignmentFactory(application=candidate, adviser=users["adviser"])
    factories.ScoreFactory(assignment=assignment, criterion=criterion)
    conflicted = factories.CompanyFactory(legal_name="Da Nang Electronics JSC", country="VN")
    conflicted_application = factories.ApplicationFactory(
        programme=programme, company=conflicted, counterpart=counterpart_org, status=S.ELIGIBLE
    )
    conflict = factories.ConflictFactory(
        programme=programme, adviser=users["adviser"], company=conflicted
    )
    decided = factories.DecisionFactory(
        application=factories.ApplicationFactory(
            programme=programme,
            company=factories.CompanyFactory(legal_name="Chiang Mai Foods Co., Ltd.", country="TH"),
            counterpart=counterpart_org,
            status=S.WAITLISTED,
        ),
        outcome=Decision.Outcome.WAITLIST,
        waitlist_rank=1,
    )
    selected = factories.DecisionFactory(
        application=factories.ApplicationFactory(
            programme=programme,
            company=factories.CompanyFactory(legal_name="Hai Phong Castings JSC", country="VN"),
            counterpart=counterpart_org,
            status=S.SELECTED,
        )
    )
    own_selected = factories.DecisionFactory(
        application=factories.ApplicationFactory(
            programme=factories.ProgrammeFactory(slug="eu-japan-2027", title="EU–Japan 2027"),
            company=own_company,
            status=S.SELECTED,
        )
    )
    invitable = factories.CompanyFactory(
        legal_name="Kawachi Gear Works Co., Ltd.",
        country="JP",
        industries=["auto_parts"],
        contact_email="info@kawachi-gear.example",
    )
    factories.AssessmentFactory(programme=programme)
    return {
        "criterion": criterion,
        "candidate": candidate,
        "assignment": assignment,
        "conflict": conflict,
        "conflicted": conflicted,
        "conflicted_application": conflicted_application,
        "decided": decided.application,
        "selected": selected.application,
        "own_selected": own_selected.application,
        "invitable": invitable,
    }
