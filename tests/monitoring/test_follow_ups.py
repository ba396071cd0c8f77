import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from monitoring.exceptions import FollowUpRefused
from monitoring.models import FollowUp, FollowUpNote
from monitoring.selectors import follow_ups_for, outcome_figures
from monitoring.services import (
    follow_up_open_for,
    follow_up_update,
    follow_ups_remind,
    outcome_settle,
    survey_answer,
)
from monitoring.tasks import follow_ups_remind as follow_ups_remind_task
from tests import factories
from tests.monitoring.conftest import make_meeting
from tests.monitoring.test_reminders_and_commands import demo  # noqa: F401 (fixture)

TODAY = datetime.date(2027, 3, 1)


def answer_all(held, level):
    for kind in ("japanese", "overseas", "interpreter"):
        survey_answer(held.links[kind], took_place=True, level=level)


@pytest.fixture
def case(held):
    answer_all(held, 3)
    return held.meeting.follow_up


@pytest.mark.parametrize(
    ("level", "opened"), [(1, False), (2, False), (3, True), (4, True), (5, False)]
)
def test_a_follow_up_opens_for_level_3_and_4_only(held, level, opened):
    answer_all(held, level)

    assert FollowUp.objects.filter(meeting=held.meeting).exists() is opened


def test_opening_is_idempotent(case, held):
    assert case.opened_level == 3 and case.status == "open"
    assert follow_up_open_for(held.meeting.outcome) == case
    answer_all(held, 4)

    assert FollowUp.objects.filter(meeting=held.meeting).count() == 1
    assert FollowUp.objects.get().opened_level == 3


def test_an_untouched_case_is_withdrawn_when_the_level_leaves_3_to_4(case, held):
    answer_all(held, 2)

    assert not FollowUp.objects.exists()


def test_a_worked_case_stays_when_the_level_changes(case, held, staff):
    follow_up_update(case, by=staff, status="contacted", note="Called.")
    answer_all(held, 2)

    assert FollowUp.objects.get().status == "contacted"
    assert FollowUpNote.objects.count() == 1


def test_settling_a_disagreement_at_level_3_opens_the_follow_up(held, staff):
    survey_answer(held.links["japanese"], took_place=True, level=5)
    survey_answer(held.links["overseas"], took_place=True, level=1)
    assert not FollowUp.objects.exists()

    outcome_settle(held.meeting.outcome, level=3, by=staff)

    assert FollowUp.objects.get().meeting == held.meeting


def test_update_records_status_change_and_note_as_history(case, staff):
    follow_up_update(
        case, by=staff, status="contacted", note="Called both.", next_contact="2027-03-10"
    )
    follow_up_update(case, by=staff, note="Visit dates agreed.", planned_visits="Osaka, April")
    case = follow_up_update(
        case, by=staff, status="negotiating", deal_value="1,500,000", currency="jpy"
    )

    assert (case.status, case.next_contact, case.planned_visits) == (
        "negotiating", datetime.date(2027, 3, 10), "Osaka, April",
    )  # fmt: skip
    assert (case.deal_value, case.currency) == (Decimal("1500000"), "JPY")
    history = list(case.notes.values_list("status_from", "status_to", "text", "author"))
    assert history == [
        ("open", "contacted", "Called both.", staff.pk),
        ("", "", "Visit dates agreed.", staff.pk),
        ("contacted", "negotiating", "", staff.pk),
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"deal_value": "5000"}, "currency"),
        ({"deal_value": "5000", "currency": ""}, "currency"),
        ({"currency": "USD"}, "deal_value"),
        ({"deal_value": "-1", "currency": "USD"}, "deal_value"),
        ({"deal_value": "lots", "currency": "USD"}, "deal_value"),
        ({"deal_value": "10", "currency": "XXX"}, "currency"),
        ({"next_contact": "next week"}, "next_contact"),
        ({"status": "won"}, "status"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(case, staff, fields, field):
    with pytest.raises(FollowUpRefused) as refused:
        follow_up_update(
            case, by=staff, note="Should not be kept", **{"status": "contacted", **fields}
        )

    assert list(refused.value.errors) == [field]
    case.refresh_from_db()
    assert (case.status, case.deal_value, case.currency, case.next_contact) == (
        "open",
        None,
        "",
        None,
    )
    assert not FollowUpNote.objects.exists()


def test_only_staff_update(case, role_users):
    with pytest.raises(FollowUpRefused):
        follow_up_update(case, by=role_users["reviewer"], status="dropped")
    assert FollowUp.objects.get().status == "open"


def test_the_database_refuses_a_value_without_currency(case):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=case.pk).update(deal_value=Decimal("10"), currency="")


def test_selector_filters_by_status_and_orders_by_next_contact(held, staff):
    answer_all(held, 3)
    other = make_meeting(held.programme, schedule=held.meeting.schedule, slot=1)
    from monitoring.services import survey_links_issue

    survey_links_issue(held.programme)
    for link in other.survey_links.all():
        survey_answer(link, took_place=True, level=4)
    first, second = held.meeting.follow_up, other.follow_up
    follow_up_update(first, by=staff, status="contacted", next_contact="2027-04-01")
    follow_up_update(second, by=staff, next_contact="2027-03-15")

    assert list(follow_ups_for(held.programme)) == [second, first]
    assert list(follow_ups_for(held.programme, status="contacted")) == [first]
    assert list(follow_ups_for(factories.ProgrammeFactory())) == []


def test_reminder_goes_to_staff_once_per_follow_up_per_date(case, staff):
    factories.UserFactory(email="not-staff@example.org")
    follow_up_update(
        case, by=staff, status="contacted", next_contact=TODAY - datetime.timedelta(days=1)
    )

    assert follow_ups_remind(today=TODAY - datetime.timedelta(days=1)) == 0  # not passed yet
    assert follow_ups_remind(today=TODAY) == 1
    assert follow_ups_remind(today=TODAY) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert f"/outcomes/follow-ups/{case.pk}/" in mail.outbox[0].body
    assert case.meeting.overseas.display_name in mail.outbox[0].subject

    follow_up_update(case, by=staff, next_contact=TODAY)  # a new date: its own reminder
    assert follow_ups_remind(today=TODAY + datetime.timedelta(days=2)) == 1
    follow_up_update(
        case, by=staff, status="dropped", next_contact=TODAY + datetime.timedelta(days=1)
    )
    assert follow_ups_remind(today=TODAY + datetime.timedelta(days=9)) == 0
    assert len(mail.outbox) == 2


def test_reminder_task_runs_twice_and_sends_one_email(case, staff):
    follow_up_update(case, by=staff, next_contact="2020-01-01")
    follow_ups_remind_task()
    follow_ups_remind_task()
    assert len(mail.outbox) == 1


def test_beat_runs_the_reminder_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-follow-ups-remind"]
    assert entry == {"task": "monitoring.follow_ups_remind", "schedule": 86400.0}


def test_outcome_figures_count_follow_ups_by_status_and_agreements(held, staff):
    answer_all(held, 3)
    five = make_meeting(held.programme, schedule=held.meeting.schedule, slot=1)
    from monitoring.services import survey_links_issue

    survey_links_issue(held.programme)
    for link in five.survey_links.all():
        survey_answer(link, took_place=True, level=5)
    assert outcome_figures([held.programme])["agreements"] == 1
    follow_up_update(held.meeting.follow_up, by=staff, status="agreement_signed")

    out = StringIO()
    call_command("outcome_figures", "--programme", held.programme.slug, "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["follow_ups"] == {
        "open": 0, "contacted": 0, "visit_made": 0, "negotiating": 0,
        "agreement_signed": 1, "dropped": 0,
    }  # fmt: skip
    assert figures["agreements"] == 2  # one at level 5 on the spot, one signed in the follow-up


def test_list_page_shows_status_next_contact_and_overdue(client, case, role_users):
    staff = role_users["staff"]
    follow_up_update(case, by=staff, status="contacted", next_contact="2020-01-02")
    client.force_login(staff)
    url = reverse(
        "monitoring:follow_up.list", kwargs={"slug": case.meeting.schedule.programme.slug}
    )

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert case.meeting.overseas.display_name in html
    assert "2020-01-02" in html and 'class="overdue"' in html and "Contacted" in html
    assert (
        case.meeting.overseas.display_name
        not in client.get(url + "?status=dropped").content.decode()
    )


def test_a_reviewer_neither_reads_nor_changes_a_case(client, case, role_users):
    """A ministry reviewer sees only dashboards and reports (issue 10): not the cases."""
    follow_up_update(case, by=role_users["staff"], status="contacted", note="First call.")
    client.force_login(role_users["reviewer"])
    slug = case.meeting.schedule.programme.slug
    url = reverse("monitoring:follow_up.detail", kwargs={"slug": slug, "pk": case.pk})

    page = client.get(url)
    assert page.status_code == 403
    assert "First call." not in page.content.decode()
    assert (
        client.get(reverse("monitoring:follow_up.list", kwargs={"slug": slug})).status_code == 403
    )
    assert client.post(url, {"status": "dropped"}).status_code == 403
    assert FollowUp.objects.get().status == "contacted"


def test_staff_update_form_saves_and_shows_errors_in_place(client, case, role_users):
    client.force_login(role_users["staff"])
    url = reverse(
        "monitoring:follow_up.detail",
        kwargs={"slug": case.meeting.schedule.programme.slug, "pk": case.pk},
    )

    refused = client.post(url, {"status": "negotiating", "deal_value": "9000", "currency": ""})
    assert refused.status_code == 400
    assert "Give the currency of the deal value." in refused.content.decode()
    assert FollowUp.objects.get().status == "open" and not FollowUpNote.objects.exists()

    saved = client.post(
        url,
        {"status": "negotiating", "deal_value": "9000", "currency": "USD", "note": "Offer sent."},
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert "Offer sent." in page and '9,000 <abbr class="currency">USD</abbr>' in page


def test_disagreements_page_links_to_the_follow_ups(client, held, staff):
    client.force_login(staff)
    slug = held.programme.slug
    page = client.get(reverse("monitoring:outcome.disagreements", kwargs={"slug": slug}))
    assert reverse("monitoring:follow_up.list", kwargs={"slug": slug}) in page.content.decode()


def test_load_demo_outcomes_works_follow_ups_into_several_states_once(demo):  # noqa: F811
    call_command("load_demo_outcomes", "--quiet")
    states = set(FollowUp.objects.values_list("status", flat=True))
    notes = FollowUpNote.objects.count()
    snapshot = sorted(FollowUp.objects.values_list("pk", "status", "next_contact", "deal_value"))

    call_command("load_demo_outcomes", "--quiet")

    assert {"contacted", "visit_made", "negotiating", "agreement_signed", "dropped"} <= states
    assert notes >= 10
    assert FollowUpNote.objects.count() == notes
    assert (
        sorted(FollowUp.objects.values_list("pk", "status", "next_contact", "deal_value"))
        == snapshot
    )
    # One case is overdue, as the demo shows (the loader dates it in the programme's zone).
    today = demo.local(timezone.now()).date()
    assert FollowUp.objects.filter(next_contact__lt=today, status="contacted").exists()
