"""Programme pages, driven through the test client as a browser would (programmes/views.py)."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import Job, Organisation, User
from programmes.models import Activity, Programme, ProgrammeOrganisation, Venue
from tests import factories
from tests.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def programme_form(**overrides) -> dict:
    data = {
        "kind": "ceo_network",
        "title": "CEO Network Thailand 2027",
        "title_ja": "経営者ネットワーク タイ",
        "title_ru": "",
        "description": "Twenty CEOs from Thailand.",
        "partner_countries": ["TH", "VN"],
        "sectors": ["auto_parts", "food_processing"],
        "time_zone": "Asia/Tokyo",
        "start_date": "2027-06-07",
        "end_date": "2027-06-11",
    }
    return {**data, **overrides}


def activity_form(**overrides) -> dict:
    data = {
        "kind": "business_meetings",
        "title": "Business meetings, Osaka",
        "title_ja": "",
        "title_ru": "",
        "venue": "",
        "new_venue_name": "",
        "new_venue_city": "",
        "day": "2027-02-15",
        "start_time": "13:00",
        "end_time": "18:00",
        "meeting_minutes": "30",
        "break_minutes": "0",
        "meetings_per_day": "10",
        "tables": "12",
        "notes": "",
    }
    return {**data, **overrides}


# --- programmes -----------------------------------------------------------------------------


def test_programme_create_form_saves_and_redirects_to_the_programme(staff_client, staff):
    response = staff_client.post(reverse("programmes:programme.create"), programme_form())

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programmes:programme.detail", args=[programme.slug])
    assert programme.slug == "ceo-network-thailand-2027-2027"
    assert (programme.title, programme.title_ja, programme.created_by) == (
        "CEO Network Thailand 2027",
        "経営者ネットワーク タイ",
        staff,
    )
    assert (programme.start_date, programme.end_date) == (date(2027, 6, 7), date(2027, 6, 11))
    assert sorted(c.code for c in programme.partner_countries) == ["TH", "VN"]
    assert programme.sectors == ["auto_parts", "food_processing"]

    page = staff_client.get(response.url)
    assert "Programme created. Now add its activities." in page.content.decode()


def test_programme_create_form_shows_the_service_error_and_saves_nothing(staff_client):
    response = staff_client.post(
        reverse("programmes:programme.create"),
        programme_form(start_date="2027-06-11", end_date="2027-06-07"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_date": ["The last day cannot be before the first day."]
    }
    assert "The last day cannot be before the first day." in response.content.decode()
    assert not Programme.objects.exists()


def test_programme_create_form_shows_missing_fields_and_saves_nothing(staff_client):
    response = staff_client.post(
        reverse("programmes:programme.create"), programme_form(title="", time_zone="Mars/Base")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["This field is required."]
    assert errors["time_zone"] == [
        "Select a valid choice. Mars/Base is not one of the available choices."
    ]
    assert "This field is required." in response.content.decode()
    assert not Programme.objects.exists()


def test_programme_edit_form_shows_an_activity_left_outside_and_changes_nothing(
    staff_client, programme
):
    factories.ActivityFactory(
        programme=programme,
        starts_at=local(programme, date(2027, 2, 19), 13),
        ends_at=local(programme, date(2027, 2, 19), 18),
    )

    response = staff_client.post(
        reverse("programmes:programme.edit", args=[programme.slug]),
        programme_form(title=programme.title, start_date="2027-02-15", end_date="2027-02-18"),
    )

    assert response.status_code == 200
    assert (
        "The activity “Business meetings” on 2027-02-19 would fall outside the programme."
        in response.content.decode()
    )
    programme.refresh_from_db()
    assert programme.end_date == date(2027, 2, 19)


def test_programme_transition_form_moves_the_status(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:programme.transition", args=[programme.slug]),
        {"status": "recruiting"},
        follow=True,
    )

    programme.refresh_from_db()
    assert programme.status == "recruiting"
    assert "Status is now “Recruiting”." in response.content.decode()


def test_programme_transition_form_shows_the_refusal_and_keeps_the_status(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:programme.transition", args=[programme.slug]),
        {"status": "closed"},
        follow=True,
    )

    programme.refresh_from_db()
    assert programme.status == "draft"
    assert "A programme in status “Draft” cannot move to “Closed”." in response.content.decode()


def test_programme_page_shows_times_in_the_programme_time_zone(client, staff):
    programme = factories.ProgrammeFactory(
        time_zone="Europe/Brussels", start_date=date(2027, 5, 18), end_date=date(2027, 5, 18)
    )
    factories.ActivityFactory(
        programme=programme,
        title="Business meetings, Brussels",
        starts_at=datetime(2027, 5, 18, 12, 0, tzinfo=UTC),
        ends_at=datetime(2027, 5, 18, 15, 30, tzinfo=UTC),
    )
    client.force_login(staff)

    content = client.get(reverse("programmes:programme.detail", args=[programme.slug])).content
    content = content.decode()

    assert '<div class="when">14:00–17:30</div>' in content
    assert "12:00–" not in content
    assert "Time zone: Europe/Brussels" in content


def test_programme_page_puts_an_activity_on_its_local_day(client, staff, programme):
    # 23:30 UTC on the 14th is 08:30 on the 15th in Tokyo, the programme's first day.
    factories.SeminarFactory(
        programme=programme,
        starts_at=datetime(2027, 2, 14, 23, 30, tzinfo=UTC),
        ends_at=datetime(2027, 2, 15, 1, 0, tzinfo=UTC),
    )
    client.force_login(staff)

    response = client.get(reverse("programmes:programme.detail", args=[programme.slug]))

    days = {day: [a.title for a in activities] for day, activities in response.context["days"]}
    assert days[date(2027, 2, 15)] == ["Training seminar"]
    assert date(2027, 2, 14) not in days
    assert '<div class="when">08:30–10:00</div>' in response.content.decode()


def test_job_list_shows_utc_after_visiting_a_programme_in_another_zone(client, staff, programme):
    job = factories.JobFactory(created_by=staff)
    Job.objects.filter(pk=job.pk).update(created_at=datetime(2027, 1, 5, 10, 0, tzinfo=UTC))
    client.force_login(staff)

    client.get(reverse("programmes:programme.detail", args=[programme.slug]))
    content = client.get(reverse("core:job.list")).content.decode()

    assert "2027-01-05 10:00" in content


# --- activities -----------------------------------------------------------------------------


def test_activity_create_form_reads_times_in_programme_local_time(staff_client, programme):
    venue = factories.VenueFactory(name="Osaka International Convention Center", city="Osaka")

    response = staff_client.post(
        reverse("programmes:activity.create", args=[programme.slug]),
        activity_form(venue=str(venue.pk)),
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programmes:activity.detail", args=[programme.slug, activity.pk])
    assert activity.starts_at == datetime(2027, 2, 15, 4, 0, tzinfo=UTC)
    assert activity.ends_at == datetime(2027, 2, 15, 9, 0, tzinfo=UTC)
    assert activity.venue == venue
    assert activity.tables.count() == 12


def test_activity_create_form_reads_a_morning_as_the_previous_utc_day(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:activity.create", args=[programme.slug]),
        activity_form(
            kind="seminar",
            title="Seminar: Japanese production management",
            new_venue_name="MyDome Osaka",
            new_venue_city="Osaka",
            start_time="08:30",
            end_time="10:00",
        ),
    )

    activity = Activity.objects.get()
    assert response.url == reverse("programmes:programme.detail", args=[programme.slug])
    assert activity.starts_at == datetime(2027, 2, 14, 23, 30, tzinfo=UTC)
    assert activity.ends_at == datetime(2027, 2, 15, 1, 0, tzinfo=UTC)
    assert (activity.venue.name, activity.venue.city) == ("MyDome Osaka", "Osaka")
    assert (activity.meetings_per_day, activity.tables.count()) == (None, 0)


def test_activity_create_form_with_a_new_venue_saves_nothing_when_invalid(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:activity.create", args=[programme.slug]),
        activity_form(new_venue_name="Grand Front Osaka", new_venue_city="Osaka", day="2027-02-20"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_time": ["The activity must take place within the programme, 2027-02-15 to 2027-02-19."]
    }
    assert (
        "The activity must take place within the programme, 2027-02-15 to 2027-02-19."
        in response.content.decode()
    )
    assert not Venue.objects.filter(name="Grand Front Osaka").exists()
    assert not Activity.objects.exists()


def test_activity_create_form_shows_meetings_that_do_not_fit(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:activity.create", args=[programme.slug]),
        activity_form(new_venue_name="MyDome Osaka", new_venue_city="Osaka", end_time="16:00"),
    )

    assert response.context["form"].errors == {
        "meetings_per_day": [
            "10 meetings of 30 minutes with 0-minute breaks need 5 h 00 min, "
            "but the session lasts 3 h 00 min."
        ]
    }
    assert not Venue.objects.exists()


def test_activity_create_form_requires_a_venue(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:activity.create", args=[programme.slug]),
        activity_form(new_venue_name="MyDome Osaka"),
    )

    assert response.context["form"].errors == {
        "venue": ["Choose a venue, or give the name and city of a new one."]
    }
    assert not Activity.objects.exists()


def test_activity_edit_form_shows_local_times_and_saves_changes(staff_client, programme):
    activity = factories.ActivityFactory(programme=programme)  # 13:00–18:00 Tokyo
    url = reverse("programmes:activity.edit", args=[programme.slug, activity.pk])

    form = staff_client.get(url).context["form"]
    assert (form.initial["day"], str(form.initial["start_time"])) == (date(2027, 2, 15), "13:00:00")

    response = staff_client.post(
        url,
        activity_form(
            venue=str(activity.venue_id), start_time="14:00", end_time="19:00", tables="4"
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.starts_at == datetime(2027, 2, 15, 5, 0, tzinfo=UTC)
    assert activity.tables.count() == 4


def test_activity_delete_removes_it(staff_client, programme):
    activity = factories.ActivityFactory(programme=programme)

    response = staff_client.post(
        reverse("programmes:activity.delete", args=[programme.slug, activity.pk]), follow=True
    )

    assert not Activity.objects.exists()
    assert "“Business meetings” deleted." in response.content.decode()


def test_session_page_lists_the_derived_slot_times(client, role_users, programme):
    activity = factories.ActivityFactory(
        programme=programme,
        starts_at=local(programme, date(2027, 2, 16), 13),
        ends_at=local(programme, date(2027, 2, 16), 15),
        meeting_minutes=25,
        break_minutes=5,
        meetings_per_day=4,
    )
    for number in (1, 2, 3):
        factories.TableFactory(activity=activity, number=number)
    client.force_login(role_users["interpreter"])

    response = client.get(reverse("programmes:activity.detail", args=[programme.slug, activity.pk]))

    content = response.content.decode()
    times = ["13:00–13:25", "13:30–13:55", "14:00–14:25", "14:30–14:55"]
    for number, time_range in enumerate(times, start=1):
        assert f'<span class="slot-no">{number}</span> {time_range}</th>' in content
    assert content.index(times[0]) < content.index(times[-1])
    assert "14:55–15:20" not in content
    assert "<dt>Meeting slots in all</dt><dd>12</dd>" in content


def test_activity_page_of_another_programme_is_not_found(staff_client, programme):
    other = factories.ActivityFactory()

    response = staff_client.get(
        reverse("programmes:activity.detail", args=[programme.slug, other.pk])
    )

    assert response.status_code == 404


# --- language ---------------------------------------------------------------------------------


def test_language_switch_sets_the_cookie_and_the_user_language(client, staff):
    client.force_login(staff)

    response = client.post(reverse("set_language"), {"language": "ja", "next": "/programmes/"})

    assert response.status_code == 302
    assert response.url == "/programmes/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert User.objects.get(pk=staff.pk).language == "ja"
    page = client.get("/programmes/")
    assert '<html lang="ja">' in page.content.decode()


def test_language_switch_refuses_an_unknown_language(client, staff):
    client.force_login(staff)

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/programmes/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert User.objects.get(pk=staff.pk).language == "en"


def test_language_switch_works_for_an_anonymous_visitor(client, db):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/accounts/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru">' in client.get("/accounts/login/").content.decode()


def test_pages_use_the_signed_in_user_language_without_a_cookie(client, db):
    user = factories.UserFactory(username="sato", language="ja")
    client.force_login(user)

    response = client.get(reverse("programmes:programme.list"))

    assert '<html lang="ja">' in response.content.decode()


# --- participants -----------------------------------------------------------------------------


def test_participants_page_invites_a_counterpart_organisation(
    staff_client, staff, programme, django_capture_on_commit_callbacks, mailoutbox
):
    organisation = factories.OrganisationFactory(
        name="Office of SMEs Promotion", kind=Organisation.Kind.COUNTERPART, country="TH"
    )
    factories.UserFactory(username="somchai", organisation=organisation)
    url = reverse("programmes:programme.participants", args=[programme.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {
                "form": "organisation",
                "org-organisation": organisation.pk,
                "org-role": "counterpart",
            },
        )

    assert response.status_code == 302
    assert response.url == url
    link = ProgrammeOrganisation.objects.get(programme=programme)
    assert (link.organisation, link.role, link.invited_by) == (organisation, "counterpart", staff)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "contact@office-of-smes-promotion.example",
        "somchai@example.org",
    ]
    page = staff_client.get(url).content.decode()
    assert "Invitation sent." in page
    assert (
        "<td>Office of SMEs Promotion</td><td>Thailand</td><td>Counterpart organisation</td>"
        in (page)
    )


def test_participants_page_shows_a_refused_invitation_and_saves_nothing(staff_client, programme):
    company = factories.OrganisationFactory(name="Naniwa Precision", kind="company", country="JP")

    response = staff_client.post(
        reverse("programmes:programme.participants", args=[programme.slug]),
        {"form": "organisation", "org-organisation": company.pk, "org-role": "counterpart"},
    )

    assert response.status_code == 200
    assert response.context["org_form"].errors == {
        "organisation": ["This organisation cannot take this role."]
    }
    assert not ProgrammeOrganisation.objects.exists()


def test_participants_page_invites_a_person(staff_client, programme):
    adviser = factories.UserFactory(username="sato")

    response = staff_client.post(
        reverse("programmes:programme.participants", args=[programme.slug]),
        {"form": "user", "user-user": adviser.pk, "user-role": "adviser"},
    )

    assert response.status_code == 302
    assert programme.roles.get().user == adviser


def test_participant_remove_removes_the_link(staff_client, role_users, programme):
    link = ProgrammeOrganisation.objects.get(programme=programme)

    response = staff_client.post(
        reverse(
            "programmes:programme.participant.remove",
            args=[programme.slug, "organisation", link.pk],
        )
    )

    assert response.status_code == 302
    assert not ProgrammeOrganisation.objects.filter(pk=link.pk).exists()
    assert programme.roles.count() == 4  # people keep their roles


# --- export -----------------------------------------------------------------------------------


def test_export_button_runs_the_job_and_offers_the_workbook(
    client, role_users, programme, django_capture_on_commit_callbacks
):
    factories.ActivityFactory(programme=programme)
    factories.SeminarFactory(programme=programme)
    client.force_login(role_users["reviewer"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:programme.export", args=[programme.slug]))

    job = Job.objects.get()
    assert response.url == reverse("core:job.detail", args=[job.pk])
    assert job.created_by == role_users["reviewer"]
    page = client.get(response.url).content.decode()
    assert 'data-status="succeeded"' in page
    assert "2 activities exported." in page
    download = client.get(reverse("core:job.download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{programme.slug}.xlsx"'
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a zip, as XLSX files are
