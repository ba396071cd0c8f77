"""Agendas: the page, the PDF, the iCalendar file, who may read which, the agenda_pdf command
and staff's day bundle (scheduling/agendas.py, agenda_files.py, views_agendas.py)."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from pypdf import PdfReader

from core.models import Job, Organisation
from programmes.models import Role
from scheduling.agenda_jobs import agenda_day_bundle_start
from scheduling.exceptions import SchedulingError
from scheduling.models import Preference
from tests import factories
from tests.factories import local


@pytest.fixture
def agenda_world(db, programme):
    """Day 1 in Osaka, day 2 in Tokyo (programme in Asia/Tokyo). Saigon Parts (overseas, table 1,
    interpreter "linh") meets Naniwa Seiko (the company user's own) at 13:00 on day 1 and Kobe
    Gears at 13:30 on day 2; a cancelled meeting and a draft schedule are not in the agenda."""
    day1, day2 = programme.start_date, programme.start_date + timedelta(days=1)
    osaka = factories.ActivityFactory(
        programme=programme,
        title="Business meetings, Osaka",
        venue=factories.VenueFactory(name="Osaka ICC", city="Osaka"),
        starts_at=local(programme, day1, 13),
        ends_at=local(programme, day1, 15),
        meetings_per_day=4,
    )
    tokyo = factories.ActivityFactory(
        programme=programme,
        title="Business meetings, Tokyo",
        venue=factories.VenueFactory(name="Tokyo Forum", city="Tokyo"),
        starts_at=local(programme, day2, 13),
        ends_at=local(programme, day2, 15),
        meetings_per_day=4,
    )
    tables = {s: factories.TableFactory(activity=s, number=1) for s in (osaka, tokyo)}
    counterpart_org = factories.OrganisationFactory(name="VCCI", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=counterpart_org, role=Role.COUNTERPART
    )
    overseas = factories.OverseasParticipantFactory(
        application__programme=programme,
        application__counterpart=counterpart_org,
        application__company__legal_name="Saigon Parts JSC",
        application__company__business_profile="Brake components for motorcycles",
        application__company__industries=["auto_parts"],
    ).application.company
    company_org = factories.OrganisationFactory(
        name="Naniwa Seiko", kind=Organisation.Kind.COMPANY, country="JP"
    )
    own = factories.DomesticParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Naniwa Seiko Co., Ltd.",
        application__company__local_name="なにわ精工株式会社",
        application__company__organisation=company_org,
    ).application.company
    other = factories.DomesticParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Kobe Gears Co., Ltd.",
    ).application.company
    users = {
        "staff": factories.StaffUserFactory(username="staff"),
        "company": factories.UserFactory(username="naniwa", organisation=company_org),
        "counterpart": factories.UserFactory(username="vcci", organisation=counterpart_org),
        "interpreter": factories.UserFactory(
            username="linh", first_name="Linh", last_name="Nguyen"
        ),
        "reviewer": factories.UserFactory(username="meti"),
        "outsider": factories.UserFactory(username="outsider"),
    }
    factories.ProgrammeRoleFactory(programme=programme, user=users["company"], role=Role.COMPANY)
    factories.ProgrammeRoleFactory(
        programme=programme, user=users["interpreter"], role=Role.INTERPRETER
    )
    factories.ProgrammeRoleFactory(programme=programme, user=users["reviewer"], role=Role.REVIEWER)
    factories.OverseasTableFactory(
        programme=programme, company=overseas, number=1, interpreter=users["interpreter"]
    )
    factories.MeetingRequestFactory(
        programme=programme,
        company=overseas,
        target=own,
        preference="must",
        note="Looking for a Japanese distributor",
    )
    published = factories.ScheduleFactory(programme=programme, status="published")

    def meeting(schedule, domestic, session, slot, **extra):
        starts = session.starts_at + timedelta(minutes=30 * slot)
        return factories.MeetingFactory(
            schedule=schedule,
            overseas=overseas,
            domestic=domestic,
            activity=session,
            table=tables[session],
            slot=slot,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
            interpreter=users["interpreter"],
            **extra,
        )

    first = meeting(published, own, osaka, 0)
    second = meeting(published, other, tokyo, 1)
    cancelled_partner = factories.DomesticParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Cancelled Partner Co., Ltd.",
    ).application.company
    meeting(published, cancelled_partner, osaka, 2, status="cancelled")
    draft = factories.ScheduleFactory(programme=programme, status="draft", label="Draft B")
    meeting(draft, own, osaka, 3)
    return {
        "programme": programme,
        "overseas": overseas,
        "own": own,
        "other": other,
        "users": users,
        "published": published,
        "draft": draft,
        "first": first,
        "second": second,
    }


def _url(w, kind, key, suffix="", **query):
    url = reverse(f"scheduling:agenda.{kind}{suffix}", args=[w["programme"].slug, key])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _get(client, w, role, url):
    client.force_login(w["users"][role])
    return client.get(url)


# --- the page -------------------------------------------------------------------------------


def test_a_company_reads_its_own_agenda_with_partner_and_local_times(client, agenda_world):
    w = agenda_world

    response = _get(client, w, "company", _url(w, "company", w["own"].pk, lang="en"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Saigon Parts JSC" in page
    assert "Brake components for motorcycles" in page
    assert "Vietnam" in page and "Auto parts" in page
    assert "Looking for a Japanese distributor" in page  # what the partner asked
    assert "13:00–13:30" in page  # 04:00 UTC, shown in Tokyo time
    assert "04:00" not in page
    assert "Osaka ICC, Osaka" in page and "Linh Nguyen" in page
    assert "Kobe Gears" not in page  # another company's meeting
    assert "Cancelled Partner" not in page
    assert w["draft"].label not in page


def test_the_page_speaks_the_language_asked_for(client, agenda_world):
    w = agenda_world

    page = _get(client, w, "company", _url(w, "company", w["own"].pk, lang="ja")).content
    page = page.decode()

    assert "ベトナム" in page  # the partner's country
    assert "テーブル1" in page
    assert 'lang="ja"' in page


def test_an_interpreter_sees_every_meeting_at_their_table(client, agenda_world):
    w = agenda_world

    response = _get(client, w, "interpreter", _url(w, "interpreter", w["users"]["interpreter"].pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Naniwa Seiko Co., Ltd." in page and "Kobe Gears Co., Ltd." in page
    assert "Saigon Parts JSC" in page
    assert "Tokyo Forum, Tokyo" in page


def test_the_agenda_page_takes_a_fixed_number_of_queries(
    client, agenda_world, django_assert_max_num_queries
):
    w = agenda_world
    client.force_login(w["users"]["staff"])
    url = _url(w, "table", 1)

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.content.decode().count('class="agenda-meeting"') == 2


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        ("company", "other", 404),  # another company's agenda
        ("company", "overseas", 404),
        ("company", "interpreter", 404),
        ("outsider", "own", 404),  # not in the programme at all
        ("interpreter", "own", 404),
        ("counterpart", "own", 404),  # not a company it put forward
        ("counterpart", "overseas", 200),
        ("reviewer", "other", 200),
        ("staff", "interpreter", 200),
    ],
)
def test_who_reads_which_agenda(client, agenda_world, role, kind, status):
    w = agenda_world
    if kind == "interpreter":
        subject, key = "interpreter", w["users"]["interpreter"].pk
    else:
        subject, key = "company", w[kind].pk

    for suffix in ("", ".pdf", ".ics"):
        response = _get(client, w, role, _url(w, subject, key, suffix))
        assert response.status_code == status, suffix


def test_a_company_outside_the_programme_has_no_agenda(client, agenda_world):
    w = agenda_world
    stranger = factories.CompanyFactory(legal_name="Not In It Ltd.")

    assert _get(client, w, "staff", _url(w, "company", stranger.pk)).status_code == 404


def test_staff_read_a_drafts_agenda_and_nobody_else_does(client, agenda_world):
    w = agenda_world
    url = _url(w, "company", w["own"].pk, schedule=w["draft"].pk)

    staff_page = _get(client, w, "staff", url).content.decode()

    assert "Draft, not published" in staff_page
    assert "14:30–15:00" in staff_page  # the draft's meeting (slot 3)
    assert _get(client, w, "company", url).status_code == 404


def test_the_readers_own_agenda_sends_a_company_to_it(client, agenda_world):
    w = agenda_world
    mine = reverse("scheduling:agenda.mine", args=[w["programme"].slug])

    response = _get(client, w, "company", mine)

    assert response.status_code == 302
    assert response["Location"] == _url(w, "company", w["own"].pk)
    listing = _get(client, w, "staff", mine).content.decode()
    assert "Naniwa Seiko Co., Ltd." in listing and "Linh Nguyen" in listing
    counterpart = _get(client, w, "counterpart", mine).content.decode()
    assert "Saigon Parts JSC" in counterpart and "Naniwa" not in counterpart


def test_no_published_schedule_no_files(client, agenda_world):
    w = agenda_world
    w["published"].status = "superseded"
    w["published"].save()

    page = _get(client, w, "company", _url(w, "company", w["own"].pk, lang="en"))

    assert "The meeting schedule is not published yet." in page.content.decode()
    assert _get(client, w, "company", _url(w, "company", w["own"].pk, ".pdf")).status_code == 404
    assert _get(client, w, "company", _url(w, "company", w["own"].pk, ".ics")).status_code == 404


# --- iCalendar ------------------------------------------------------------------------------


def _events(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_the_ics_file_has_the_meetings_in_the_programmes_time_zone(client, agenda_world):
    w = agenda_world

    response = _get(client, w, "counterpart", _url(w, "company", w["overseas"].pk, ".ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = _events(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert "Cancelled Partner" in str(events[2]["SUMMARY"])  # calendars drop it
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Asia/Tokyo"
    start = first["DTSTART"].dt
    assert (start.hour, start.minute, str(start.tzinfo)) == (13, 0, "Asia/Tokyo")
    assert first["DTEND"].dt - start == timedelta(minutes=30)
    assert start == w["first"].starts_at
    assert "Naniwa Seiko" in str(first["SUMMARY"])
    assert str(first["LOCATION"]) == "Osaka ICC, Osaka"
    assert b"DTSTART;TZID=Asia/Tokyo:" in response.content


def test_a_meeting_keeps_its_uid_across_downloads_and_agendas(client, agenda_world):
    w = agenda_world
    company_ics = _url(w, "company", w["own"].pk, ".ics")
    interpreter_ics = _url(w, "interpreter", w["users"]["interpreter"].pk, ".ics")

    once = [str(e["UID"]) for e in _events(_get(client, w, "company", company_ics).content)[1]]
    twice = [str(e["UID"]) for e in _events(_get(client, w, "company", company_ics).content)[1]]
    theirs = _events(_get(client, w, "interpreter", interpreter_ics).content)[1]

    assert once == twice and len(once) == 1
    assert once[0] in {str(e["UID"]) for e in theirs}


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_meetings_in_the_readers_language(client, agenda_world):
    w = agenda_world

    response = _get(client, w, "company", _url(w, "company", w["own"].pk, ".pdf", lang="ja"))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Saigon Parts JSC" in text
    assert "13:00–13:30" in text
    assert "テーブル1" in text and "ベトナム" in text
    assert "Kobe Gears" not in text


# --- the agenda_pdf command -----------------------------------------------------------------


def test_agenda_pdf_writes_the_pdf_the_page_offers(client, agenda_world, tmp_path):
    w = agenda_world
    slug = w["programme"].slug
    target = tmp_path / "naniwa.pdf"

    call_command("agenda_pdf", "--programme", slug, "--company", str(w["own"].pk),
                 "--lang", "ja", "-o", str(target))  # fmt: skip

    offered = _get(client, w, "staff", _url(w, "company", w["own"].pk, ".pdf", lang="ja"))
    assert _pdf_text(target.read_bytes()) == _pdf_text(offered.content)


@pytest.mark.parametrize(
    "who",
    [
        ["--company", "naniwa-seiko-co-ltd"],
        ["--company", "JP-{own}"],
        ["--interpreter", "linh"],
        ["--table", "1"],
    ],
)
def test_agenda_pdf_finds_its_subject_by_slug_code_username_or_table(agenda_world, tmp_path, who):
    w = agenda_world
    target = tmp_path / "agenda.pdf"
    who = [arg.format(own=w["own"].pk) for arg in who]

    call_command(
        "agenda_pdf", "--programme", w["programme"].slug, *who, "--lang", "ru", "-o", str(target)
    )

    assert "Saigon Parts JSC" in _pdf_text(target.read_bytes())


@pytest.mark.parametrize(
    "args",
    [
        ["--programme", "no-such-programme", "--table", "1"],
        ["--programme", "{slug}", "--company", "nobody"],
        ["--programme", "{slug}", "--interpreter", "nobody"],
        ["--programme", "{slug}", "--table", "99"],
    ],
)
def test_agenda_pdf_refuses_what_is_not_in_the_programme(agenda_world, tmp_path, args):
    args = [a.format(slug=agenda_world["programme"].slug) for a in args]

    with pytest.raises(CommandError) as refused:
        call_command("agenda_pdf", *args, "--lang", "en", "-o", str(tmp_path / "x.pdf"))

    assert refused.value.returncode == 2
    assert not (tmp_path / "x.pdf").exists()


# --- staff's day bundle ---------------------------------------------------------------------


def test_staff_get_every_agenda_of_a_day_as_one_pdf(
    client, agenda_world, django_capture_on_commit_callbacks
):
    w = agenda_world
    client.force_login(w["users"]["staff"])
    url = reverse("scheduling:agenda.day_bundle", args=[w["programme"].slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"day": w["programme"].start_date.isoformat(), "lang": "en"})

    job = Job.objects.get(kind="agenda_day_bundle")
    assert response["Location"] == reverse("core:job.detail", args=[job.pk])
    assert (job.status, job.progress, job.total) == ("succeeded", 2, 2)
    reader = PdfReader(io.BytesIO(job.result_file.read()))
    first_pages = [page.extract_text() for page in reader.pages]
    assert len(first_pages) == 2  # Saigon Parts' agenda, then Naniwa Seiko's
    assert "Agenda: Saigon Parts JSC" in first_pages[0]
    assert "Naniwa Seiko" in first_pages[1]
    assert "Kobe Gears" not in "".join(first_pages)  # it meets on day 2


def test_a_day_without_meetings_is_refused_before_anything_is_queued(agenda_world):
    w = agenda_world

    with pytest.raises(SchedulingError, match="no meeting"):
        agenda_day_bundle_start(
            w["programme"],
            schedule=w["published"],
            day=w["programme"].end_date,
            language="en",
            by=w["users"]["staff"],
        )

    assert not Job.objects.exists()


def test_the_days_agendas_are_read_in_two_queries(agenda_world, django_assert_num_queries):
    from scheduling.agendas import agendas_of_day

    w = agenda_world

    with django_assert_num_queries(2):
        found = agendas_of_day(w["programme"], w["published"], w["programme"].start_date)

    assert [(a.subject.name, a.count) for a in found] == [
        ("Saigon Parts JSC", 1),
        ("Naniwa Seiko Co., Ltd. (なにわ精工株式会社)", 1),
    ]


# --- API ------------------------------------------------------------------------------------


def test_the_api_answers_the_agenda_in_local_time_with_its_files(client, agenda_world):
    w = agenda_world
    client.force_login(w["users"]["company"])
    url = reverse("api:agenda.detail", args=[w["programme"].slug, "company", w["own"].pk])

    body = client.get(url, {"lang": "ja"}).json()

    assert (body["kind"], body["key"], body["draft"]) == ("company", w["own"].pk, False)
    assert body["time_zone"] == "Asia/Tokyo"
    [meeting] = body["meetings"]
    assert meeting["starts_at"] == "2027-02-15T13:00:00+09:00"
    assert meeting["table"] == 1 and meeting["city"] == "Osaka"
    [partner] = meeting["parties"]
    with translation.override("ja"):
        must = str(Preference.MUST.label)
    assert (partner["name"], partner["country"], partner["asks"]) == (
        "Saigon Parts JSC",
        "ベトナム",
        must,
    )
    assert partner["note"] == "Looking for a Japanese distributor"
    assert body["links"]["pdf"].endswith(_url(w, "company", w["own"].pk, ".pdf"))
    other = reverse("api:agenda.detail", args=[w["programme"].slug, "company", w["other"].pk])
    assert client.get(other).status_code == 404


def test_a_tables_agenda_is_named_in_the_language_asked_for(client, agenda_world):
    w = agenda_world

    response = _get(client, w, "staff", _url(w, "table", 1, ".ics", lang="ja"))

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).endswith(": テーブル1")
