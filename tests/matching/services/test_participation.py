"""After the decision: the company's answer, promotion from the waiting list, and Japanese
companies invited from the registry."""

import pytest
from django.core import mail

from companies.models import Application, ApplicationEvent
from matching.exceptions import DecisionRefused, ParticipationRefused
from matching.models import Decision
from matching.services.decisions import (
    companies_invite,
    participation_respond,
    waitlist_promote,
)
from tests import factories

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def assessment(programme):
    return factories.AssessmentFactory(programme=programme, target_min=1, target_max=2)


def _decided(programme, outcome="select", status=S.SELECTED, **fields):
    return factories.DecisionFactory(
        application__programme=programme, application__status=status, outcome=outcome, **fields
    )


# --- the company's answer ----------------------------------------------------------------------


def test_a_selected_company_confirms(programme):
    decision = _decided(programme)
    answered = participation_respond(decision.application, response="confirmed", note=" Yes! ")
    decision.refresh_from_db()
    assert (decision.response, decision.response_note) == ("confirmed", "Yes!")
    assert decision.responded_at is not None
    assert answered.pk == decision.pk
    assert Application.objects.get(pk=decision.application_id).status == S.SELECTED


def test_a_decline_withdraws_the_application_with_the_note(programme):
    decision = _decided(programme)
    participation_respond(decision.application, response="declined", note="No budget")
    decision.refresh_from_db()
    assert decision.response == "declined"
    assert Application.objects.get(pk=decision.application_id).status == S.WITHDRAWN
    event = ApplicationEvent.objects.get(application=decision.application, kind="status")
    assert (event.to_status, event.reason) == ("withdrawn", "Declined participation: No budget")


def test_no_confirmation_after_a_decline(programme):
    decision = _decided(programme)
    participation_respond(decision.application, response="declined")
    with pytest.raises(ParticipationRefused):
        participation_respond(decision.application, response="confirmed")
    decision.refresh_from_db()
    assert decision.response == "declined"


@pytest.mark.parametrize(
    ("outcome", "status"), [("waitlist", S.WAITLISTED), ("reject", S.REJECTED)]
)
def test_only_a_selected_company_answers(programme, outcome, status):
    decision = _decided(programme, outcome=outcome, status=status)
    with pytest.raises(ParticipationRefused) as caught:
        participation_respond(decision.application, response="confirmed")
    assert str(caught.value) == "Only a selected company can confirm or decline participation."
    decision.refresh_from_db()
    assert decision.response == ""


def test_an_undecided_application_cannot_answer_nor_answer_nonsense(programme):
    application = factories.ApplicationFactory(programme=programme, status=S.ELIGIBLE)
    with pytest.raises(ParticipationRefused):
        participation_respond(application, response="confirmed")
    decision = _decided(programme)
    with pytest.raises(ParticipationRefused) as caught:
        participation_respond(decision.application, response="maybe")
    assert caught.value.errors == {"response": ["maybe"]}


# --- the waiting list --------------------------------------------------------------------------


def test_waitlist_promote_selects_the_first_on_the_list_and_tells_it(
    programme, staff, assessment, django_capture_on_commit_callbacks
):
    second = _decided(programme, "waitlist", S.WAITLISTED, waitlist_rank=2)
    first = _decided(programme, "waitlist", S.WAITLISTED, waitlist_rank=1)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = waitlist_promote(programme, by=staff)
    assert promoted.pk == first.pk
    first.refresh_from_db()
    assert (first.outcome, first.promoted, first.waitlist_rank) == ("select", True, None)
    assert first.notified_at is not None
    assert Application.objects.get(pk=first.application_id).status == S.SELECTED
    second.refresh_from_db()
    assert (second.outcome, second.waitlist_rank) == ("waitlist", 2)
    [message] = mail.outbox
    assert message.to == [first.application.email]
    assert message.subject == f"You are selected: {programme.title}"
    assert "A place has become free" in message.body
    event = ApplicationEvent.objects.get(application=first.application, kind="status")
    assert (event.to_status, event.reason) == ("selected", "Promoted from the waiting list")


def test_waitlist_promote_refused_when_nobody_waits(programme, staff, assessment):
    _decided(programme, "waitlist", S.WITHDRAWN, waitlist_rank=1)  # withdrew: not waiting
    with pytest.raises(DecisionRefused) as caught:
        waitlist_promote(programme, by=staff)
    assert caught.value.code == "waitlist_empty"


def test_waitlist_promote_refused_at_the_target(
    programme, staff, assessment, django_capture_on_commit_callbacks
):
    _decided(programme), _decided(programme)
    waiting = _decided(programme, "waitlist", S.WAITLISTED, waitlist_rank=1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionRefused) as caught:
        waitlist_promote(programme, by=staff)
    assert caught.value.code == "over_target"
    waiting.refresh_from_db()
    assert waiting.outcome == "waitlist"
    assert mail.outbox == []


def test_a_decline_frees_a_place_for_the_waiting_list(programme, staff, assessment):
    declining = _decided(programme)
    _decided(programme)
    waiting = _decided(programme, "waitlist", S.WAITLISTED, waitlist_rank=1)
    participation_respond(declining.application, response="declined")
    assert waitlist_promote(programme, by=staff).pk == waiting.pk


# --- companies invited from the registry -------------------------------------------------------


def test_companies_invite_makes_selected_applications_and_tells_them(
    programme, staff, django_capture_on_commit_callbacks
):
    japanese = factories.JapaneseCompanyFactory()
    other = factories.CompanyFactory(country="TH")
    with django_capture_on_commit_callbacks(execute=True):
        decisions = companies_invite(programme, companies=[japanese, other], by=staff)
    assert [d.application.company for d in decisions] == [japanese, other]
    for decision in decisions:
        decision.refresh_from_db()
        application = decision.application
        assert (application.status, application.source) == (S.SELECTED, "staff")
        assert application.email == application.company.contact_email
        assert (decision.outcome, decision.invited) == ("select", True)
        assert decision.reason == "Invited from the company registry"
        assert decision.notified_at is not None
    languages = {d.application.company_id: d.application.language for d in decisions}
    assert languages == {japanese.pk: "ja", other.pk: "en"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [japanese.contact_email, other.contact_email]
    )
    event = ApplicationEvent.objects.get(application__company=japanese)
    assert (event.kind, event.to_status, event.by) == ("created", "selected", staff)


def test_companies_invite_refused_without_a_contact_email(programme, staff):
    reachable = factories.JapaneseCompanyFactory()
    silent = factories.JapaneseCompanyFactory(contact_email="")
    with pytest.raises(DecisionRefused) as caught:
        companies_invite(programme, companies=[reachable, silent], by=staff)
    assert caught.value.errors == {"companies": [str(silent)]}
    assert not Application.objects.exists()


def test_companies_invite_is_all_or_nothing(programme, staff, django_capture_on_commit_callbacks):
    fresh = factories.JapaneseCompanyFactory()
    taking_part = factories.JapaneseCompanyFactory()
    factories.ApplicationFactory(programme=programme, company=taking_part)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionRefused) as caught:
        companies_invite(programme, companies=[fresh, taking_part], by=staff)
    assert caught.value.errors == {"company": ["Already in the programme."]}
    assert not Application.objects.filter(company=fresh).exists()
    assert not Decision.objects.exists()
    assert mail.outbox == []


def test_invited_companies_do_not_count_towards_the_target(programme, staff, assessment):
    companies_invite(
        programme, companies=[factories.JapaneseCompanyFactory() for _ in range(3)], by=staff
    )
    waiting = _decided(programme, "waitlist", S.WAITLISTED, waitlist_rank=1)
    assert waitlist_promote(programme, by=staff).pk == waiting.pk
