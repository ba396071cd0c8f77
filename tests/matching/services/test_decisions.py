"""Selection decisions: what they need (a reason, the reviews or a reason to go without), the
programme's target, the waiting list's order, the trail, and the e-mails telling the companies."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from companies.models import Application, ApplicationEvent
from matching.exceptions import DecisionRefused
from matching.models import Decision
from matching.services.decisions import decision_record, decisions_notify
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def assessment(programme):
    return factories.AssessmentFactory(
        programme=programme, reviews_per_application=2, target_min=1, target_max=3
    )


@pytest.fixture
def reviewed(make_eligible, make_adviser, assessment):
    """Applications with their two complete reviews."""
    advisers = [make_adviser(), make_adviser()]

    def make(**fields):
        application = make_eligible(**fields)
        for adviser in advisers:
            factories.AssignmentFactory(
                application=application, adviser=adviser, completed_at="2026-11-01T10:00Z"
            )
        return application

    return make


def _record(programme, staff, applications, outcome="select", **kwargs):
    kwargs.setdefault("reason", "Strong fit with the buyers")
    return decision_record(
        programme, applications=applications, outcome=outcome, by=staff, **kwargs
    )


def test_decision_record_selects_and_keeps_the_reason_in_the_trail(programme, staff, reviewed):
    application = reviewed()
    [decision] = _record(programme, staff, [application], reason="  Strong fit ")
    application.refresh_from_db()
    assert application.status == S.SELECTED
    assert (decision.outcome, decision.reason, decision.decided_by) == (
        "select",
        "Strong fit",
        staff,
    )
    event = ApplicationEvent.objects.get(application=application, kind="status")
    assert (event.from_status, event.to_status, event.reason, event.by) == (
        "eligible", "selected", "Strong fit", staff,
    )  # fmt: skip


@pytest.mark.parametrize("reason", ["", "   "])
def test_decision_record_needs_a_reason(programme, staff, reviewed, reason):
    application = reviewed()
    with pytest.raises(DecisionRefused) as caught:
        _record(programme, staff, [application], reason=reason)
    assert caught.value.errors == {
        "reason": ["Give the reason for the decision: it is kept on record."]
    }
    assert not Decision.objects.exists()


def test_decision_record_refuses_missing_reviews_without_an_override(
    programme, staff, reviewed, make_eligible, make_adviser
):
    done = reviewed()
    half = make_eligible()
    factories.AssignmentFactory(application=half, adviser=make_adviser(), completed_at=None)
    with pytest.raises(DecisionRefused) as caught:
        _record(programme, staff, [done, half], outcome="reject")
    assert caught.value.code == "reviews_missing"
    assert str(half.company) in str(caught.value)
    assert str(done.company) not in str(caught.value)
    assert caught.value.errors == {"override_reason": ["Required when reviews are missing."]}
    assert not Decision.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {S.ELIGIBLE}

    decisions = _record(
        programme, staff, [done, half], outcome="reject", override_reason="Adviser is ill"
    )
    by_application = {d.application_id: d.override_reason for d in decisions}
    assert by_application == {done.pk: "", half.pk: "Adviser is ill"}
    event = ApplicationEvent.objects.get(application=half, kind="status")
    assert (
        event.reason == "Strong fit with the buyers (decided with reviews missing: Adviser is ill)"
    )


def test_decision_record_refuses_selecting_over_the_target_and_changes_nothing(
    programme, staff, reviewed, assessment
):
    first = _record(programme, staff, [reviewed(), reviewed()])
    assert len(first) == 2
    more = [reviewed(), reviewed()]
    with pytest.raises(DecisionRefused) as caught:
        _record(programme, staff, more)
    assert caught.value.code == "over_target"
    assert str(caught.value) == "This would select 4 companies; the programme takes at most 3."
    assert Decision.objects.count() == 2
    assert all(
        a.status == S.ELIGIBLE for a in Application.objects.filter(pk__in=[m.pk for m in more])
    )
    assert not ApplicationEvent.objects.filter(application__in=more).exists()
    # Re-selecting the already selected with one more stays within the target.
    _record(programme, staff, [*[d.application for d in first], more[0]])
    assert Decision.objects.filter(outcome="select").count() == 3


def test_a_waiting_list_ranks_in_the_order_given_and_continues(programme, staff, reviewed):
    a, b, c = reviewed(), reviewed(), reviewed()
    _record(programme, staff, [b, a], outcome="waitlist")
    _record(programme, staff, [c], outcome="waitlist")
    _record(programme, staff, [b], outcome="waitlist")  # unchanged: keeps its place
    ranks = dict(Decision.objects.values_list("application_id", "waitlist_rank"))
    assert ranks == {b.pk: 1, a.pk: 2, c.pk: 3}


def test_decision_record_refuses_applications_outside_the_round(programme, staff, reviewed):
    elsewhere = factories.ApplicationFactory(status=S.ELIGIBLE)
    submitted = factories.ApplicationFactory(programme=programme, status=S.SUBMITTED)
    with pytest.raises(DecisionRefused) as caught:
        _record(programme, staff, [reviewed(), elsewhere, submitted])
    assert caught.value.errors == {"applications": [str(elsewhere.company), str(submitted.company)]}
    assert not Decision.objects.exists()


def test_changing_a_decision_clears_what_the_company_was_told(programme, staff, reviewed):
    application = reviewed()
    _record(programme, staff, [application], outcome="waitlist")
    Decision.objects.update(notified_at="2026-11-02T10:00Z")
    [decision] = _record(programme, staff, [application], reason="A place is free")
    assert (decision.outcome, decision.notified_at, decision.waitlist_rank) == (
        "select",
        None,
        None,
    )
    trail = ApplicationEvent.objects.filter(application=application, kind="status")
    assert list(trail.order_by("pk").values_list("to_status", "reason")) == [
        ("waitlisted", "Strong fit with the buyers"),
        ("selected", "A place is free"),
    ]


# --- telling the companies --------------------------------------------------------------------


def test_decisions_notify_sends_one_email_per_decision_once(
    programme, staff, reviewed, django_capture_on_commit_callbacks
):
    chosen, waiting, refused = reviewed(), reviewed(), reviewed()
    _record(programme, staff, [chosen])
    _record(programme, staff, [waiting], outcome="waitlist")
    _record(programme, staff, [refused], outcome="reject")
    no_address = reviewed(email="")
    _record(programme, staff, [no_address], outcome="reject")

    with django_capture_on_commit_callbacks(execute=True):
        result = decisions_notify(programme, by=staff)

    assert result == {"queued": 3, "without_email": [str(no_address.company)]}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {chosen.email, waiting.email, refused.email}
    title = programme.title
    assert by_address[chosen.email].subject == f"You are selected: {title}"
    assert by_address[waiting.email].subject == f"You are on the waiting list: {title}"
    assert by_address[refused.email].subject == f"Your application: {title}"
    body = by_address[chosen.email].body
    assert chosen.company.legal_name in body
    assert f"/{chosen.access_token}" in body
    assert "The programme runs from 2027-02-15 to 2027-02-19." in body
    assert Decision.objects.filter(notified_at__isnull=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        again = decisions_notify(programme, by=staff)
    assert again["queued"] == 0
    assert len(mail.outbox) == 3


def test_decisions_notify_writes_in_the_applicants_language(
    programme, staff, reviewed, django_capture_on_commit_callbacks
):
    application = reviewed(language="ru")
    _record(programme, staff, [application])
    with django_capture_on_commit_callbacks(execute=True):
        decisions_notify(programme, by=staff)
    [message] = mail.outbox
    # The programme's own Russian title is used whatever the catalogue holds.
    assert message.subject.endswith(programme.title_ru)
    assert programme.title not in message.subject
    with translation.override("ru"):
        russian = gettext("You are selected: %(title)s")
    if russian != "You are selected: %(title)s":
        assert message.subject == russian % {"title": programme.title_ru}
    else:  # not yet in the Russian catalogue: the link and the company still reach them
        assert application.company.legal_name in message.body
        assert f"/{application.access_token}" in message.body


def test_decisions_notify_skips_a_decision_whose_application_moved_on(
    programme, staff, reviewed, django_capture_on_commit_callbacks
):
    application = reviewed()
    _record(programme, staff, [application])
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DecisionRefused) as caught,
    ):
        decisions_notify(programme, by=staff)
    assert caught.value.code == "nothing_to_tell"
    assert mail.outbox == []
