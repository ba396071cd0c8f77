"""A Thai applicant's decision e-mail is written in Thai (the Thai catalogue holds the
company-facing decision strings) with the programme's own Thai title."""

import pytest
from django.core import mail

from matching.services.decisions import decision_record, decisions_notify
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(programme):
    return factories.AssessmentFactory(
        programme=programme, reviews_per_application=2, target_min=1, target_max=3
    )


def test_the_selection_e_mail_to_a_thai_applicant_is_in_thai(
    programme, staff, make_eligible, make_adviser, assessment, django_capture_on_commit_callbacks
):
    programme.title_th = "เครือข่ายผู้บริหาร"
    programme.save()
    application = make_eligible(language="th")
    for adviser in (make_adviser(), make_adviser()):
        factories.AssignmentFactory(
            application=application, adviser=adviser, completed_at="2026-11-01T10:00Z"
        )
    decision_record(
        programme, applications=[application], outcome="select", by=staff, reason="Good fit"
    )

    with django_capture_on_commit_callbacks(execute=True):
        decisions_notify(programme, by=staff)

    [message] = mail.outbox
    assert message.subject == "ท่านได้รับคัดเลือก: เครือข่ายผู้บริหาร"
    assert "เรายินดีที่จะแจ้งว่า" in message.body
    assert f"/{application.access_token}" in message.body
