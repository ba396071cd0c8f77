"""Selection e-mails go through the worker, one task per company, and a decision counts as told
only once its e-mail went: a failure for one company stops nobody else and leaves that one to
the next "Tell the companies"; running a task twice sends one e-mail."""

from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from companies.models import Application
from matching.models import Decision
from matching.services.decisions import (
    companies_invite,
    decision_record,
    decisions_notify,
    waitlist_promote,
)
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status
REFUSED = "refused@example.com"


class RefusingBackend(EmailBackend):
    """The test outbox, except that the mail server refuses one address (a real failure of the
    mail server as Django's SMTP backend reports it, not a stand-in for our code)."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.recipients()) & self.refused
            if refused:
                raise SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"No such user")))
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.refused = {REFUSED}
    yield RefusingBackend
    RefusingBackend.refused = set()


@pytest.fixture
def decided(programme, staff, make_eligible):
    factories.AssessmentFactory(
        programme=programme, reviews_per_application=1, target_min=1, target_max=10
    )

    def make(outcome="select", **fields):
        application = make_eligible(**fields)
        [decision] = decision_record(
            programme, applications=[application], outcome=outcome, reason="Strong fit",
            by=staff, override_reason="Decided by the steering committee",
        )  # fmt: skip
        return decision

    return make


def test_notify_queues_one_task_per_company_and_marks_nothing_before_it_is_sent(
    programme, staff, decided, django_capture_on_commit_callbacks
):
    first, second = decided(), decided(outcome="reject")

    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = decisions_notify(programme, by=staff)

    assert result == {"queued": 2, "without_email": []}
    assert len(queued) == 2
    assert mail.outbox == []
    assert Decision.objects.filter(notified_at__isnull=False).count() == 0

    for callback in queued:
        callback()
    assert {message.to[0] for message in mail.outbox} == {
        first.application.email,
        second.application.email,
    }
    assert Decision.objects.filter(notified_at__isnull=True).count() == 0


def test_a_mail_failure_for_one_company_leaves_it_untold_and_the_next_run_sends_it(
    programme, staff, decided, refusing, django_capture_on_commit_callbacks
):
    told = decided(email="hanoi@example.com")
    refused = decided(email=REFUSED)
    also_told = decided(outcome="waitlist", email="sever@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        decisions_notify(programme, by=staff)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "hanoi@example.com",
        "sever@example.com",
    ]
    untold = Decision.objects.filter(notified_at__isnull=True)
    assert list(untold) == [refused]
    assert Decision.objects.get(pk=told.pk).notified_at is not None
    assert Decision.objects.get(pk=also_told.pk).notified_at is not None

    refusing.refused = set()  # the mail server takes the address again
    with django_capture_on_commit_callbacks(execute=True):
        again = decisions_notify(programme, by=staff)

    assert again == {"queued": 1, "without_email": []}
    assert [message.to[0] for message in mail.outbox[2:]] == [REFUSED]
    assert not Decision.objects.filter(notified_at__isnull=True).exists()


def test_running_the_task_twice_sends_one_email(programme, decided):
    from matching import tasks

    decision = decided()

    tasks.decision_notify(decision_id=decision.pk)
    tasks.decision_notify(decision_id=decision.pk)

    assert [message.to[0] for message in mail.outbox] == [decision.application.email]
    decision.refresh_from_db()
    assert decision.notified_at is not None


def test_the_task_returns_quietly_for_a_decision_that_is_gone_or_moved_on(programme, decided):
    from matching import tasks

    decision = decided()
    Application.objects.filter(pk=decision.application_id).update(status=S.WITHDRAWN)

    tasks.decision_notify(decision_id=decision.pk)
    tasks.decision_notify(decision_id=decision.pk + 1000)

    assert mail.outbox == []
    decision.refresh_from_db()
    assert decision.notified_at is None


def test_a_promotion_is_told_through_the_worker_once_sent(
    programme, staff, decided, refusing, django_capture_on_commit_callbacks
):
    waiting = decided(outcome="waitlist", email=REFUSED)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = waitlist_promote(programme, by=staff)

    assert promoted.pk == waiting.pk
    assert mail.outbox == []
    assert Decision.objects.get(pk=waiting.pk).notified_at is None

    refusing.refused = set()
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_notify(programme, by=staff)["queued"] == 1
    assert [message.to[0] for message in mail.outbox] == [REFUSED]
    assert Decision.objects.get(pk=waiting.pk).notified_at is not None


def test_an_invitation_is_told_through_the_worker_once_sent(
    programme, staff, refusing, django_capture_on_commit_callbacks
):
    ok = factories.CompanyFactory(country="JP", contact_email="osaka@example.jp")
    refused = factories.CompanyFactory(country="JP", contact_email=REFUSED)

    with django_capture_on_commit_callbacks(execute=True):
        companies_invite(programme, companies=[ok, refused], by=staff)

    assert [message.to[0] for message in mail.outbox] == ["osaka@example.jp"]
    assert list(
        Decision.objects.filter(notified_at__isnull=True).values_list(
            "application__company", flat=True
        )
    ) == [refused.pk]
