""" "Tell the companies": refused with the reason when there is nothing to tell (nothing
queued), otherwise a page says how many companies get which e-mail in which language before
anything is queued."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from rest_framework.test import APIClient

from matching.exceptions import DecisionRefused
from matching.models import Decision
from matching.services.decisions import decisions_notify, decisions_notify_preview
from tests import factories

pytestmark = pytest.mark.django_db


def _decide(programme, outcome="select", *, language="en", email="boss@example.com", **kwargs):
    status = {"select": "selected", "waitlist": "waitlisted", "reject": "rejected"}[outcome]
    application = factories.ApplicationFactory(
        programme=programme, status=status, eligible=True, language=language, email=email
    )
    return factories.DecisionFactory(application=application, outcome=outcome, **kwargs)


@pytest.fixture
def decided(programme):
    """Two selected (Vietnamese, English), one waitlisted in Russian, one rejected without an
    address, and one already told."""
    _decide(programme, "select", language="vi")
    _decide(programme, "select", language="en")
    _decide(programme, "waitlist", language="ru", waitlist_rank=1)
    _decide(programme, "reject", email="")
    _decide(programme, "reject", notified_at=timezone.now())
    return programme


# --- service ----------------------------------------------------------------------------------


def test_notify_with_no_decision_recorded_is_refused_and_queues_nothing(
    programme, staff, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DecisionRefused) as caught,
    ):
        decisions_notify(programme, by=staff)

    assert caught.value.code == "nothing_to_tell"
    assert str(caught.value.message).startswith("No decision is recorded yet")
    assert callbacks == []
    assert mail.outbox == []


def test_notify_when_every_decision_was_told_says_so(programme, staff):
    _decide(programme, notified_at=timezone.now())

    with pytest.raises(DecisionRefused) as caught:
        decisions_notify(programme, by=staff)

    assert caught.value.code == "nothing_to_tell"
    assert str(caught.value.message) == "Every decision has already been told: nothing to send."


def test_preview_counts_the_emails_by_kind_and_language(decided):
    preview = decisions_notify_preview(decided)

    assert preview["groups"] == [
        {"kind": "select", "language": "en", "count": 1},
        {"kind": "select", "language": "vi", "count": 1},
        {"kind": "waitlist", "language": "ru", "count": 1},
    ]
    assert preview["to_send"] == 3
    assert len(preview["without_email"]) == 1
    assert preview["already_told"] == 1
    assert Decision.objects.filter(notified_at__isnull=True).count() == 4  # looking sends nothing


def test_preview_with_nothing_to_tell_is_refused(programme):
    with pytest.raises(DecisionRefused) as caught:
        decisions_notify_preview(programme)
    assert caught.value.code == "nothing_to_tell"


# --- pages ------------------------------------------------------------------------------------


def test_ranking_links_to_the_confirmation_instead_of_sending(client, staff, decided):
    factories.AssessmentFactory(programme=decided)
    client.force_login(staff)
    page = client.get(reverse("matching:ranking", args=[decided.slug])).content.decode()

    assert f'href="{reverse("matching:decision.notify.confirm", args=[decided.slug])}"' in page
    assert f'action="{reverse("matching:decision.notify", args=[decided.slug])}"' not in page


def test_confirmation_page_shows_what_will_be_sent(client, staff, decided):
    factories.AssessmentFactory(programme=decided)
    client.force_login(staff)
    response = client.get(reverse("matching:decision.notify.confirm", args=[decided.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 e-mails are queued, each in the company’s language with its private link:" in html
    vietnamese = get_language_info("vi")["name_local"]
    assert f"<td>Selected: asked to confirm or decline</td><td>{vietnamese}</td>" in html
    assert "<td>On the waiting list</td><td>Русский</td>" in html
    assert "1 decision was told before and is not sent again." in html
    assert 'name="confirm" value="yes"' in html
    assert mail.outbox == []


def test_confirmation_page_with_nothing_to_tell_goes_back_with_the_reason(client, staff, programme):
    factories.AssessmentFactory(programme=programme)
    client.force_login(staff)
    response = client.get(
        reverse("matching:decision.notify.confirm", args=[programme.slug]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("matching:ranking", args=[programme.slug])
    assert "No decision is recorded yet" in response.content.decode()


def test_posting_without_confirm_sends_nothing_and_shows_the_page(
    client, staff, decided, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:decision.notify", args=[decided.slug]))

    assert response["Location"] == reverse("matching:decision.notify.confirm", args=[decided.slug])
    assert mail.outbox == []
    assert Decision.objects.filter(notified_at__isnull=True).count() == 4


def test_posting_the_confirmation_sends_the_emails(
    client, staff, decided, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:decision.notify", args=[decided.slug]), {"confirm": "yes"}
        )

    assert len(mail.outbox) == 3
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown[0].startswith("3 e-mails queued to tell the companies")
    assert shown[1].startswith("No e-mail address for ")


def test_posting_the_confirmation_with_nothing_to_tell_shows_the_reason(client, staff, programme):
    client.force_login(staff)
    response = client.post(
        reverse("matching:decision.notify", args=[programme.slug]), {"confirm": "yes"}
    )

    assert response["Location"] == reverse("matching:ranking", args=[programme.slug])
    [shown] = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown.startswith("No decision is recorded yet")


# --- API --------------------------------------------------------------------------------------


def test_api_notify_with_nothing_to_tell_answers_400_nothing_to_tell(staff, programme):
    api = APIClient()
    api.force_authenticate(staff)

    response = api.post(f"/api/v1/programmes/{programme.slug}/decisions/notify/")

    assert response.status_code == 400
    assert response.json()["code"] == "nothing_to_tell"
    assert response.json()["detail"].startswith("No decision is recorded yet")
