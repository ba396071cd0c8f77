"""Selection e-mails on real PostgreSQL, Redis and a live worker: "Tell the companies" hands
each company's e-mail to the worker, which marks the decision as told once it went; two runs
of one company's task at the same moment send one e-mail."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections

from companies.models import Application
from matching.exceptions import DecisionRefused
from matching.models import Decision
from matching.services.decisions import decision_send, decisions_notify
from tests import factories

S = Application.Status


class SlowBackend(EmailBackend):
    """The test outbox behind a slow mail server: a second send has time to overlap."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


def _decision(programme, **fields) -> Decision:
    return factories.DecisionFactory(
        application=factories.ApplicationFactory(
            programme=programme, status=S.SELECTED, eligible=True, **fields
        )
    )


def test_two_runs_of_one_task_at_once_send_one_email(services_up, transactional_db, settings):
    assert connection.vendor == "postgresql"
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    decision = _decision(factories.ProgrammeFactory())
    barrier = threading.Barrier(2, timeout=30)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(decision_send(decision.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == [False, True]
    assert [message.to for message in mail.outbox] == [[decision.application.email]]
    decision.refresh_from_db()
    assert decision.notified_at is not None


def test_the_worker_sends_and_marks_each_decision_told(celery_worker):
    programme = factories.ProgrammeFactory()
    decisions = [_decision(programme) for _ in range(3)]

    result = decisions_notify(programme, by=factories.StaffUserFactory())

    assert result == {"queued": 3, "without_email": []}
    deadline = time.monotonic() + 60
    while Decision.objects.filter(pk__in=[d.pk for d in decisions], notified_at=None).exists():
        assert time.monotonic() < deadline, "the worker did not tell the companies in 60 s"
        time.sleep(0.25)
    with pytest.raises(DecisionRefused) as caught:  # every decision told: nothing queued
        decisions_notify(programme, by=factories.StaffUserFactory())
    assert caught.value.code == "nothing_to_tell"
