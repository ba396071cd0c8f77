"""The step back to draft closes the public form: it is shown, then confirmed, never done by a
stray click. The other steps back change nothing but the status and stay one click."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from companies.models import ApplicationForm
from programmes import services
from programmes.exceptions import ProgrammeError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiting():
    programme = factories.ProgrammeFactory(status="recruiting")
    factories.ApplicationFormFactory(programme=programme, is_open=True)
    factories.ApplicationFactory(programme=programme, status="submitted")
    factories.ApplicationFactory(programme=programme, status="eligible")
    factories.ApplicationFactory(programme=programme, status="draft")
    return programme


def _form_open(programme) -> bool:
    return ApplicationForm.objects.get(programme=programme).is_open


def test_step_back_to_draft_is_refused_without_confirmation(staff, recruiting):
    with pytest.raises(ProgrammeError) as caught:
        services.programme_transition(recruiting, to="draft", by=staff)

    assert caught.value.code == "confirmation_required"
    assert "closes its public application form" in str(caught.value.message)
    recruiting.refresh_from_db()
    assert recruiting.status == "recruiting"
    assert _form_open(recruiting)


def test_confirmed_step_back_to_draft_closes_the_form_and_keeps_the_applications(staff, recruiting):
    services.programme_transition(recruiting, to="draft", by=staff, confirmed=True)

    recruiting.refresh_from_db()
    assert recruiting.status == "draft"
    assert not _form_open(recruiting)
    assert recruiting.applications.count() == 3


def test_effects_of_the_step_back_name_the_form_and_the_counts(recruiting):
    effects = services.programme_transition_effects(recruiting, to="draft")

    assert effects[0].startswith("The public application form closes")
    assert "2 applications already submitted or imported are kept as they are." in effects
    assert any(e.startswith("1 company has a draft application") for e in effects)


def test_effects_when_the_form_is_already_closed(staff):
    programme = factories.ProgrammeFactory(status="recruiting")
    factories.ApplicationFormFactory(programme=programme, is_open=False)

    effects = services.programme_transition_effects(programme, to="draft")

    assert effects[0] == "The public application form is already closed and stays closed."
    assert "0 applications already submitted or imported are kept as they are." in effects


@pytest.mark.parametrize(
    ("current", "target"), [("screening", "recruiting"), ("draft", "recruiting")]
)
def test_other_steps_need_no_confirmation_and_leave_the_form(staff, current, target):
    programme = factories.ProgrammeFactory(status=current)
    factories.ApplicationFormFactory(programme=programme, is_open=True)

    assert not services.programme_transition_needs_confirmation(programme, to=target)
    assert services.programme_transition_effects(programme, to=target) == []
    services.programme_transition(programme, to=target, by=staff)

    programme.refresh_from_db()
    assert programme.status == target
    assert _form_open(programme)


# --- pages ------------------------------------------------------------------------------------


def test_programme_page_links_the_step_back_to_its_confirmation(client, staff, recruiting):
    client.force_login(staff)
    page = client.get(reverse("programmes:programme.detail", args=[recruiting.slug])).content
    confirm = reverse("programmes:programme.transition.confirm", args=[recruiting.slug])

    assert f'href="{confirm}?status=draft"'.encode() in page
    assert b'name="status" value="draft"' not in page
    assert b'name="status" value="screening"' in page  # one click on


def test_confirmation_page_shows_what_will_happen(client, staff, recruiting):
    client.force_login(staff)
    response = client.get(
        reverse("programmes:programme.transition.confirm", args=[recruiting.slug]),
        {"status": "draft"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Move the programme from “Recruiting” back to “Draft”?" in html
    assert "The public application form closes" in html
    assert "2 applications already submitted or imported are kept as they are." in html
    assert 'name="confirm" value="yes"' in html
    assert _form_open(recruiting)  # looking changes nothing


def test_confirmation_page_without_anything_to_confirm_goes_back(client, staff, recruiting):
    client.force_login(staff)
    url = reverse("programmes:programme.transition.confirm", args=[recruiting.slug])

    for status in ("screening", "closed", ""):
        response = client.get(url, {"status": status})
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "programmes:programme.detail", args=[recruiting.slug]
        )


def test_posting_the_step_back_without_confirm_refuses_and_shows_the_page(
    client, staff, recruiting
):
    client.force_login(staff)
    response = client.post(
        reverse("programmes:programme.transition", args=[recruiting.slug]), {"status": "draft"}
    )

    confirm = reverse("programmes:programme.transition.confirm", args=[recruiting.slug])
    assert response["Location"] == f"{confirm}?status=draft"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Moving the programme back to “Draft” closes its public")
    recruiting.refresh_from_db()
    assert recruiting.status == "recruiting"
    assert _form_open(recruiting)


def test_posting_the_confirmed_step_back_moves_to_draft(client, staff, recruiting):
    client.force_login(staff)
    response = client.post(
        reverse("programmes:programme.transition", args=[recruiting.slug]),
        {"status": "draft", "confirm": "yes"},
        follow=True,
    )

    assert "Status is now “Draft”." in response.content.decode()
    recruiting.refresh_from_db()
    assert recruiting.status == "draft"
    assert not _form_open(recruiting)


# --- API --------------------------------------------------------------------------------------


def test_api_step_back_needs_confirm_true(staff, recruiting):
    api = APIClient()
    api.force_authenticate(staff)
    url = f"/api/v1/programmes/{recruiting.slug}/transition/"

    refused = api.post(url, {"status": "draft"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "confirmation_required"
    assert _form_open(recruiting)

    done = api.post(url, {"status": "draft", "confirm": True}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "draft"
    assert not _form_open(recruiting)
