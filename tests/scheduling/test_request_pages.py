"""The scheduling input pages: a company's catalogue and its answers, the request window,
advisers' scores and blocks, the pair table, attendance, absences, settings and reminders."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Organisation
from programmes.models import Role
from scheduling import selectors
from scheduling.models import (
    Attendance,
    MeetingRequest,
    PairScore,
    RequestReminder,
    SchedulingSettings,
    Unavailability,
)
from scheduling.services.reminders import request_reminder_send
from tests import factories
from tests.factories import local


def company_user(programme, company):
    """A member of `company`'s organisation, invited to the programme as a company."""
    organisation = factories.OrganisationFactory(
        name=f"{company.legal_name} org", kind=Organisation.Kind.COMPANY, country=company.country
    )
    company.organisation = organisation
    company.save(update_fields=["organisation"])
    user = factories.UserFactory(organisation=organisation)
    factories.ProgrammeRoleFactory(programme=programme, user=user, role=Role.COMPANY)
    return user


def catalogue_url(programme, **query):
    url = reverse("scheduling:request.catalogue", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def window(programme, *, opens, closes):
    return factories.SchedulingSettingsFactory(
        programme=programme, requests_open_at=opens, requests_close_at=closes
    )


# --- the catalogue ----------------------------------------------------------------------------


def test_a_japanese_company_reads_the_overseas_catalogue_with_what_they_seek(client, scenario):
    programme = scenario.programme
    vn = scenario.overseas[0]
    vn.business_profile = "Brake discs and drums for motorcycles."
    vn.industries = ["auto_parts"]
    vn.save()
    form = factories.ApplicationFormFactory(programme=programme)
    question = factories.QuestionFactory(
        form=form, title="What do you seek in Japan?", title_ja="日本で何を求めていますか"
    )
    application = vn.applications.get(programme=programme)
    application.answers = {str(question.pk): "A technology partner for heat treatment"}
    application.save()
    jp = scenario.domestic[0]
    user = company_user(programme, jp)
    user.language = "ja"
    user.save()
    client.force_login(user)

    response = client.get(catalogue_url(programme), HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 200
    names = [entry["company"].legal_name for entry in response.context["entries"]]
    assert names == ["Saigon Parts 1", "Saigon Parts 2"]
    page = response.content.decode()
    assert "Brake discs and drums for motorcycles." in page
    assert "日本で何を求めていますか" in page  # the question in the reader's language
    assert "A technology partner for heat treatment" in page
    assert response.context["entries"][0]["request"].preference == "like"


def test_a_company_saves_its_answers_and_only_the_changed_ones(client, scenario):
    programme = scenario.programme
    jp, (vn1, vn2) = scenario.domestic[0], scenario.overseas
    user = company_user(programme, jp)
    client.force_login(user)

    response = client.post(
        catalogue_url(programme),
        {f"pref-{vn1.pk}": "must", f"note-{vn1.pk}": " Brake pads ", f"pref-{vn2.pk}": "like"},
    )

    assert response.status_code == 302
    saved = MeetingRequest.objects.get(programme=programme, company=jp, target=vn1)
    assert (saved.preference, saved.note, saved.by) == ("must", "Brake pads", user)
    unchanged = MeetingRequest.objects.get(programme=programme, company=jp, target=vn2)
    assert unchanged.by is None  # it was "like" already: not rewritten
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["1 answer saved."]


def test_choosing_no_answer_withdraws_the_request(client, scenario):
    programme = scenario.programme
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    client.force_login(company_user(programme, jp))

    client.post(catalogue_url(programme), {f"pref-{vn.pk}": ""})

    assert not MeetingRequest.objects.filter(programme=programme, company=jp, target=vn).exists()


def test_answers_after_the_window_closed_are_refused_with_the_date_and_zone(client, scenario):
    programme = scenario.programme
    window(
        programme,
        opens=datetime(2026, 1, 1, tzinfo=UTC),
        closes=local(programme, programme.start_date.replace(year=2026, day=1), 17),
    )
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    client.force_login(company_user(programme, jp))

    page = client.get(catalogue_url(programme))
    response = client.post(catalogue_url(programme), {f"pref-{vn.pk}": "no"})

    closed = "Meeting requests closed on 2026-02-01 17:00 (Asia/Tokyo)."
    assert page.context["window"]["closed"] == closed
    assert page.context["may_answer"] is False
    assert response.status_code == 403
    assert closed in response.content.decode()
    assert MeetingRequest.objects.get(company=jp, target=vn).preference == "like"  # unchanged


def test_staff_answer_for_a_company_after_the_window_closed(client, scenario, staff):
    programme = scenario.programme
    window(
        programme,
        opens=datetime(2026, 1, 1, tzinfo=UTC),
        closes=datetime(2026, 1, 2, tzinfo=UTC),
    )
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    client.force_login(staff)

    response = client.post(
        catalogue_url(programme), {"company": jp.pk, f"pref-{vn.pk}": "must", f"note-{vn.pk}": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == catalogue_url(programme, company=jp.pk)
    assert MeetingRequest.objects.get(company=jp, target=vn).preference == "must"


def test_a_company_cannot_answer_for_another_company_or_about_an_outsider(client, scenario):
    programme = scenario.programme
    jp, other_jp, vn = scenario.domestic[0], scenario.domestic[1], scenario.overseas[0]
    outsider = factories.CompanyFactory(legal_name="Outsider JSC")
    client.force_login(company_user(programme, jp))

    # ?company= is staff's: a company always answers for its own company.
    client.post(catalogue_url(programme), {"company": other_jp.pk, f"pref-{vn.pk}": "no"})
    about_outsider = client.post(catalogue_url(programme), {f"pref-{outsider.pk}": "must"})

    assert MeetingRequest.objects.get(company=other_jp, target=vn).preference == "like"
    assert MeetingRequest.objects.get(company=jp, target=vn).preference == "no"
    assert about_outsider.status_code == 404
    assert not MeetingRequest.objects.filter(target=outsider).exists()


def test_a_company_not_taking_part_is_refused_the_catalogue(client, scenario):
    programme = scenario.programme
    declined = factories.CompanyFactory(legal_name="Not Selected JSC")
    factories.ApplicationFactory(programme=programme, company=declined, status="rejected")
    client.force_login(company_user(programme, declined))

    assert client.get(catalogue_url(programme)).status_code == 403
    assert client.post(catalogue_url(programme), {}).status_code == 403


def test_an_overseas_company_reads_the_japanese_side(client, scenario):
    programme = scenario.programme
    client.force_login(company_user(programme, scenario.overseas[0]))

    response = client.get(catalogue_url(programme))

    assert [e["company"].legal_name for e in response.context["entries"]] == [
        "Naniwa Seiko 1", "Naniwa Seiko 2", "Naniwa Seiko 3", "Naniwa Seiko 4",
    ]  # fmt: skip


def test_the_catalogue_reads_in_a_fixed_number_of_queries(
    client, scenario, django_assert_max_num_queries
):
    programme = scenario.programme
    for n in range(30):
        factories.OverseasParticipantFactory(
            application__programme=programme,
            application__company__legal_name=f"Hanoi Parts {n:02}",
        )
    client.force_login(company_user(programme, scenario.domestic[0]))

    with django_assert_max_num_queries(16):
        response = client.get(catalogue_url(programme))

    assert len(response.context["entries"]) == 32


# --- advisers: scores and blocks; the pair table ----------------------------------------------


@pytest.fixture
def adviser(scenario):
    user = factories.UserFactory(username="adviser-kato")
    factories.ProgrammeRoleFactory(programme=scenario.programme, user=user, role=Role.ADVISER)
    return user


def test_an_adviser_block_excludes_the_pair_from_the_combined_score(client, scenario, adviser):
    programme = scenario.programme
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    before = next(
        r for r in selectors.pair_table(programme) if (r["overseas"], r["domestic"]) == (vn, jp)
    )
    assert (before["score"], before["excluded"]) == (4, "")
    client.force_login(adviser)

    response = client.post(
        reverse("scheduling:pair_score.edit", args=[programme.slug]),
        {
            "overseas": vn.pk, "domestic": jp.pk, "adjustment": "0", "blocked": "on",
            "reason_kind": "competitor", "reason": "Both supply brake pads to Honda",
        },
    )  # fmt: skip

    assert response.status_code == 302
    row = PairScore.objects.get(programme=programme, overseas=vn, domestic=jp)
    assert (row.blocked, row.reason_kind, row.by) == (True, "competitor", adviser)
    after = next(
        r for r in selectors.pair_table(programme) if (r["overseas"], r["domestic"]) == (vn, jp)
    )
    assert (after["score"], after["excluded"]) == (0, "blocked")


def test_an_adjustment_without_a_reason_is_refused_on_the_field(client, scenario, adviser):
    programme = scenario.programme
    client.force_login(adviser)

    response = client.post(
        reverse("scheduling:pair_score.edit", args=[programme.slug]),
        {
            "overseas": scenario.overseas[0].pk, "domestic": scenario.domestic[0].pk,
            "adjustment": "5", "reason_kind": "experience", "reason": "",
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say why: the reason is shown to staff with the score."
    ]
    assert not PairScore.objects.exists()


def test_the_pair_table_shows_both_sides_the_adviser_and_how_it_was_combined(
    client, scenario, staff
):
    programme = scenario.programme
    jp, vn = scenario.domestic[0], scenario.overseas[0]
    factories.MeetingRequestFactory(programme=programme, company=vn, target=jp, preference="must")
    factories.PairScoreFactory(programme=programme, overseas=vn, domestic=jp, adjustment=3)
    client.force_login(staff)

    response = client.get(
        reverse("scheduling:pair.list", args=[programme.slug]), {"company": jp.pk}
    )

    rows = response.context["page"].object_list
    assert [(r["overseas"].legal_name, r["domestic"].legal_name) for r in rows] == [
        ("Saigon Parts 1", "Naniwa Seiko 1"), ("Saigon Parts 2", "Naniwa Seiko 1"),
    ]  # fmt: skip
    top = rows[0]
    assert (top["domestic_wants"], top["overseas_wants"], top["score"]) == ("like", "must", 19)
    assert top["parts"] == [
        ("domestic_like", 4), ("overseas_must", 10), ("mutual", 2), ("adviser", 3),
    ]  # fmt: skip
    page = response.content.decode()
    assert "Japanese: would like +4" in page
    assert "docs/scheduling.md#scores" in page


def test_the_pair_table_of_20_by_100_is_paginated_in_few_queries(
    client, programme, staff, django_assert_max_num_queries
):
    factories.ActivityFactory(programme=programme)
    overseas = [
        factories.OverseasParticipantFactory(application__programme=programme).application.company
        for _n in range(20)
    ]
    domestic = [
        factories.DomesticParticipantFactory(application__programme=programme).application.company
        for _n in range(100)
    ]
    MeetingRequest.objects.bulk_create(
        MeetingRequest(programme=programme, company=d, target=o, preference="like")
        for d in domestic
        for o in overseas
    )
    factories.PairScoreFactory(programme=programme, overseas=overseas[0], domestic=domestic[0])
    client.force_login(staff)
    url = reverse("scheduling:pair.list", args=[programme.slug])

    with django_assert_max_num_queries(30):
        response = client.get(url, {"page": 3})

    assert response.context["count"] == 2000
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 40


def test_a_company_cannot_read_the_pair_table(client, scenario):
    client.force_login(company_user(scenario.programme, scenario.domestic[0]))

    url = reverse("scheduling:pair.list", args=[scenario.programme.slug])

    assert client.get(url).status_code == 403


# --- attendance, absences, settings -----------------------------------------------------------


def test_staff_tick_attendance_and_only_the_changes_are_written(client, scenario, staff):
    programme = scenario.programme
    seminar = factories.SeminarFactory(programme=programme, title="Kaizen seminar")
    visit = factories.SeminarFactory(programme=programme, kind="company_visit", title="Visit")
    vn1, vn2 = scenario.overseas
    factories.AttendanceFactory(activity=visit, company=vn1)
    client.force_login(staff)

    response = client.post(
        reverse("scheduling:attendance.save", args=[programme.slug]),
        {"company": [vn1.pk, vn2.pk], f"att-{seminar.pk}-{vn1.pk}": "on",
         f"att-{seminar.pk}-{vn2.pk}": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert set(Attendance.objects.values_list("activity__title", "company__legal_name")) == {
        ("Kaizen seminar", "Saigon Parts 1"),
        ("Kaizen seminar", "Saigon Parts 2"),
    }  # the visit's box was shown unticked: vn1 no longer attends it
    assert [str(m) for m in response.wsgi_request._messages] == ["3 attendances changed."]


def test_an_absence_is_entered_in_the_programme_time_zone(client, scenario, staff):
    programme = scenario.programme
    jp = scenario.domestic[0]
    client.force_login(staff)

    client.post(
        reverse("scheduling:unavailability.create", args=[programme.slug]),
        {"company": jp.pk, "starts_at": "2027-02-15T13:00", "ends_at": "2027-02-15T14:30",
         "reason": "Visits a supplier"},
    )  # fmt: skip

    absence = Unavailability.objects.get(company=jp)
    assert (absence.starts_at, absence.ends_at) == (
        datetime(2027, 2, 15, 4, 0, tzinfo=UTC),
        datetime(2027, 2, 15, 5, 30, tzinfo=UTC),
    )
    assert absence.reason == "Visits a supplier"


def test_an_absence_that_ends_before_it_starts_is_refused(client, scenario, staff):
    programme = scenario.programme
    client.force_login(staff)

    response = client.post(
        reverse("scheduling:unavailability.create", args=[programme.slug]),
        {"company": scenario.domestic[0].pk, "starts_at": "2027-02-15T15:00",
         "ends_at": "2027-02-15T14:00"},
    )  # fmt: skip

    assert [str(m) for m in response.wsgi_request._messages] == [
        "The absence must end after it starts."
    ]
    assert not Unavailability.objects.exists()


def test_settings_are_saved_in_the_programme_time_zone_and_checked(client, scenario, staff):
    programme = scenario.programme
    url = reverse("scheduling:settings.edit", args=[programme.slug])
    client.force_login(staff)
    good = {
        "requests_open_at": "2027-01-10T09:00", "requests_close_at": "2027-02-05T17:00",
        "overseas_max_per_day": "10", "domestic_min_meetings": "3",
        "domestic_max_meetings": "", "interpreter_mode": "pool",
    }  # fmt: skip

    refused = client.post(url, {**good, "requests_close_at": "2027-01-09T09:00",
                                "domestic_max_meetings": "2"})  # fmt: skip
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "__all__": ["The scheduling settings were not saved."],
        "requests_close_at": ["Requests must close after they open."],
        "domestic_max_meetings": ["The most meetings (2) cannot be fewer than the least (3)."],
    }
    assert not SchedulingSettings.objects.filter(programme=programme).exists()

    assert client.post(url, good).status_code == 302
    saved = SchedulingSettings.objects.get(programme=programme)
    assert saved.requests_open_at == datetime(2027, 1, 10, 0, 0, tzinfo=UTC)
    assert saved.requests_close_at == datetime(2027, 2, 5, 8, 0, tzinfo=UTC)
    assert (saved.overseas_max_per_day, saved.domestic_min_meetings, saved.interpreter_mode) == (
        10, 3, "pool",
    )  # fmt: skip
    shown = client.get(url).content.decode()
    assert 'value="2027-01-10T09:00"' in shown


# --- reminders --------------------------------------------------------------------------------


@pytest.fixture
def open_window(scenario):
    return window(
        scenario.programme,
        opens=datetime(2020, 1, 1, tzinfo=UTC),
        closes=datetime(2099, 1, 1, tzinfo=UTC),
    )


def test_remind_emails_each_company_that_has_not_answered_once(
    client, scenario, staff, open_window, django_capture_on_commit_callbacks
):
    programme = scenario.programme
    client.force_login(staff)
    url = reverse("scheduling:request.remind", args=[programme.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # pressed twice: nobody is reminded twice

    # The four Japanese companies answered (make_scenario); the two overseas ones did not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        c.contact_email for c in scenario.overseas
    )
    assert "Saigon Parts 1 has not yet said which companies" in mail.outbox[0].body
    assert "(Asia/Tokyo)" in mail.outbox[0].body
    assert set(RequestReminder.objects.values_list("company", flat=True)) == {
        c.pk for c in scenario.overseas
    }
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Reminders are on their way to 2 companies."
    ]


def test_a_reminder_task_run_twice_sends_one_email(scenario, open_window):
    company = scenario.overseas[0]

    assert request_reminder_send(scenario.programme, company) is True
    assert request_reminder_send(scenario.programme, company) is False
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_company_that_answered_meanwhile_or_after_the_window(scenario):
    programme = scenario.programme
    vn1, vn2 = scenario.overseas
    factories.MeetingRequestFactory(programme=programme, company=vn1, target=scenario.domestic[0])
    window(
        programme, opens=datetime(2020, 1, 1, tzinfo=UTC), closes=datetime(2021, 1, 1, tzinfo=UTC)
    )

    assert request_reminder_send(programme, vn1) is False  # answered
    assert request_reminder_send(programme, vn2) is False  # window closed
    assert mail.outbox == []
    assert not RequestReminder.objects.exists()


def test_remind_is_refused_without_a_window(client, scenario, staff):
    client.force_login(staff)

    response = client.post(reverse("scheduling:request.remind", args=[scenario.programme.slug]))

    assert [str(m) for m in response.wsgi_request._messages] == [
        "Set when meeting requests open and close before reminding the companies."
    ]
    assert mail.outbox == []
