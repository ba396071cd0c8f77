"""Selected, waitlisted and rejected are reached only through a selection decision
(matching.services.decisions): the general status flow refuses them, on the staff page and in
the API, and does not offer them."""

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from companies.exceptions import StatusChangeRefused
from companies.forms import StatusForm
from companies.models import Application
from companies.services.applications import application_transition
from matching.models import Decision
from matching.services.decisions import decision_record
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status
SELECTION = [S.SELECTED, S.WAITLISTED, S.REJECTED]
REFUSAL = (
    "Select, waitlist or reject an applicant on the assessment's ranking page: a decision "
    "keeps its reason and the programme's target."
)


@pytest.fixture
def eligible(programme):
    return factories.ApplicationFactory(programme=programme, status=S.ELIGIBLE, eligible=True)


@pytest.mark.parametrize("status", [S.ELIGIBLE, S.SHORTLISTED])
@pytest.mark.parametrize("to", SELECTION)
def test_the_general_flow_refuses_the_selection_statuses(programme, staff, status, to):
    application = factories.ApplicationFactory(programme=programme, status=status, eligible=True)

    with pytest.raises(StatusChangeRefused) as caught:
        application_transition(application, to=to, by=staff, reason="Good fit")

    assert str(caught.value) == REFUSAL
    application.refresh_from_db()
    assert application.status == status
    assert not application.events.exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("status", "to"),
    [(S.SELECTED, S.WAITLISTED), (S.SELECTED, S.REJECTED), (S.WAITLISTED, S.SELECTED),
     (S.REJECTED, S.SELECTED), (S.REJECTED, S.SHORTLISTED), (S.INELIGIBLE, S.REJECTED)],
)  # fmt: skip
def test_decided_applicants_do_not_move_between_selection_statuses_by_hand(
    programme, staff, status, to
):
    application = factories.ApplicationFactory(programme=programme, status=status)

    with pytest.raises(StatusChangeRefused):
        application_transition(application, to=to, by=staff)

    application.refresh_from_db()
    assert application.status == status


def test_the_status_form_does_not_offer_the_selection_statuses(eligible):
    offered = {value for value, _label in StatusForm(application=eligible).fields["status"].choices}

    assert offered == {S.SHORTLISTED, S.INELIGIBLE, S.WITHDRAWN}


def test_the_staff_page_shows_the_refusal_and_changes_nothing(client, staff, eligible):
    client.force_login(staff)

    response = client.post(
        reverse("companies:application.transition", args=[eligible.programme.slug, eligible.pk]),
        {"status": "selected", "reason": "Good fit"},
        follow=True,
    )

    assert REFUSAL in html.unescape(response.content.decode())
    eligible.refresh_from_db()
    assert eligible.status == S.ELIGIBLE


def test_the_api_refuses_with_400_and_does_not_list_them_as_allowed(staff, eligible):
    client = APIClient()
    client.force_authenticate(staff)

    refused = client.post(
        f"/api/v1/applications/{eligible.pk}/transition/", {"status": "selected"}, format="json"
    )
    detail = client.get(f"/api/v1/applications/{eligible.pk}/").json()

    assert refused.status_code == 400
    assert refused.json()["detail"] == REFUSAL
    assert refused.json()["code"] == "invalid_transition"
    assert detail["allowed_transitions"] == ["shortlisted", "ineligible", "withdrawn"]
    eligible.refresh_from_db()
    assert eligible.status == S.ELIGIBLE


def test_a_decision_still_selects_and_moves_a_decided_applicant(programme, staff, eligible):
    factories.AssessmentFactory(
        programme=programme, reviews_per_application=1, target_min=1, target_max=5
    )

    decision_record(
        programme, applications=[eligible], outcome="waitlist", reason="Next in line",
        by=staff, override_reason="No reviews: invited by the ministry",
    )  # fmt: skip
    decision_record(
        programme, applications=[eligible], outcome="select", reason="A place came free",
        by=staff, override_reason="No reviews: invited by the ministry",
    )  # fmt: skip

    eligible.refresh_from_db()
    assert eligible.status == S.SELECTED
    assert list(eligible.events.values_list("from_status", "to_status")) == [
        ("eligible", "waitlisted"),
        ("waitlisted", "selected"),
    ]
