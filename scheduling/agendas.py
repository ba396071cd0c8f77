"""Agendas: the meetings of one company, interpreter, adviser or table of a programme, from the
programme's published schedule (staff may read any schedule of it). Reads only: who may read
which agenda (``agenda_subject_for_user``), and what an agenda holds (``agenda_build``). The
page, the PDF and the iCalendar file (scheduling/agenda_files.py) all show the same Agenda.

Times are the programme's (``programme.local``). A company's agenda shows its partners with a
short profile and what each side asked for; the other agendas show both companies.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.http import Http404
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from companies.models import Application, Company
from core.models import User
from programmes.models import Programme, ProgrammeRole, Role, Sector, Table
from programmes.rules import roles_in_programme

from . import selectors
from .instance import company_code
from .models import Meeting, MeetingRequest, OverseasTable, PoolInterpreter, Schedule

KINDS = ("company", "interpreter", "adviser", "table")
KIND_LABELS = {
    "company": _("Company"),
    "interpreter": _("Interpreter"),
    "adviser": _("Adviser"),
    "table": _("Table"),
}
PROFILE_CHARS = 280


@dataclass(frozen=True)
class Subject:
    """Whose agenda: a company (key = its id), an interpreter or adviser (key = the user's id)
    or a table (key = its number, the same in every session)."""

    kind: str
    key: int
    given_name: str  # empty for a table: "Table 3" in the language of the moment
    company: Company | None = None
    user: User | None = None

    @property
    def name(self) -> str:
        return self.given_name or str(_("Table %(number)s") % {"number": self.key})

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def filename_stem(self) -> str:
        readable = slugify(self.name)[:40] or str(self.key)
        return f"agenda-{self.kind}-{self.key}-{readable}"


@dataclass
class Party:
    """A company in a meeting, with the short profile its partners read."""

    company: Company
    side: str  # "overseas" | "domestic"
    asks: str = ""  # what this company asked for the meeting ("Must meet"), if anything
    note: str = ""  # its note with the request
    again: bool = False  # already shown with its profile earlier that day (name only now)

    @property
    def name(self) -> str:
        return self.company.display_name

    @property
    def country(self) -> str:
        return str(self.company.country.name)

    @property
    def sector(self) -> str:
        return str(self.company.get_sector_display())

    @property
    def industries(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.company.industries or []]

    @property
    def profile(self) -> str:
        return Truncator(self.company.business_profile.strip()).chars(PROFILE_CHARS)


@dataclass
class Entry:
    meeting: Meeting
    starts: datetime  # in the programme's time zone
    ends: datetime
    parties: list[Party]  # a company's agenda: the partner only; otherwise overseas, domestic
    own_asks: str = ""  # a company's agenda: what it asked for this meeting itself

    @property
    def table(self) -> Table:
        return self.meeting.table

    @property
    def session(self):
        return self.meeting.activity

    @property
    def venue(self):
        return self.meeting.activity.venue

    @property
    def interpreter(self) -> str:
        return self.meeting.interpreter.display_name() if self.meeting.interpreter else ""

    @property
    def adviser(self) -> str:
        return self.meeting.adviser.display_name() if self.meeting.adviser else ""


@dataclass
class Day:
    day: date
    entries: list[Entry] = field(default_factory=list)

    @property
    def session(self):
        """The day's one session when all its meetings are in it (shown once, above them)."""
        sessions = {entry.meeting.activity_id for entry in self.entries}
        return self.entries[0].session if len(sessions) == 1 else None


@dataclass
class Agenda:
    programme: Programme
    schedule: Schedule | None
    subject: Subject
    days: list[Day]

    @property
    def entries(self) -> list[Entry]:
        return [entry for day in self.days for entry in day.entries]

    @property
    def count(self) -> int:
        return sum(len(day.entries) for day in self.days)

    @property
    def is_draft(self) -> bool:
        return self.schedule is not None and self.schedule.status != Schedule.Status.PUBLISHED


# --- who may read which agenda ------------------------------------------------------------------


def _programme_companies(programme: Programme):
    return Company.objects.filter(applications__programme=programme).distinct()


def _programme_interpreter_ids(programme: Programme) -> set[int]:
    ids = set(
        ProgrammeRole.objects.filter(programme=programme, role=Role.INTERPRETER).values_list(
            "user_id", flat=True
        )
    )
    ids |= set(
        OverseasTable.objects.filter(programme=programme, interpreter__isnull=False).values_list(
            "interpreter_id", flat=True
        )
    )
    ids |= set(
        PoolInterpreter.objects.filter(programme=programme).values_list("user_id", flat=True)
    )
    return ids


def _programme_adviser_ids(programme: Programme) -> set[int]:
    ids = set(
        ProgrammeRole.objects.filter(programme=programme, role=Role.ADVISER).values_list(
            "user_id", flat=True
        )
    )
    ids |= set(
        Meeting.objects.filter(schedule__programme=programme, adviser__isnull=False).values_list(
            "adviser_id", flat=True
        )
    )
    return ids


def _table_numbers(programme: Programme) -> set[int]:
    numbers = set(
        Table.objects.filter(activity__programme=programme).values_list("number", flat=True)
    )
    numbers |= set(
        OverseasTable.objects.filter(programme=programme).values_list("number", flat=True)
    )
    return numbers


def _table_subject(number: int) -> Subject:
    return Subject("table", number, "")


def agenda_subject(programme: Programme, kind: str, key: int) -> Subject:
    """The company, interpreter, adviser or table ``key`` of the programme; 404 if it takes no
    part in it."""
    if kind == "company":
        company = _programme_companies(programme).filter(pk=key).first()
        if company is not None:
            return Subject("company", company.pk, company.display_name, company=company)
    elif kind in ("interpreter", "adviser"):
        ids = (
            _programme_interpreter_ids(programme)
            if kind == "interpreter"
            else _programme_adviser_ids(programme)
        )
        user = User.objects.filter(pk=key).first() if key in ids else None
        if user is not None:
            return Subject(kind, user.pk, user.display_name(), user=user)
    elif kind == "table" and key in _table_numbers(programme):
        return _table_subject(key)
    raise Http404("No such agenda in this programme.")


def can_read_every_agenda(user: User, programme: Programme, roles: set[str] | None = None) -> bool:
    """Staff and the programme's ministry reviewers read every agenda."""
    roles = roles_in_programme(user, programme) if roles is None else roles
    return bool(roles & {Role.STAFF, Role.REVIEWER})


def counterpart_company_ids(user: User, programme: Programme) -> set[int]:
    """The companies a counterpart organisation put forward to the programme."""
    if not user.organisation_id:
        return set()
    return set(
        Application.objects.filter(
            programme=programme, counterpart_id=user.organisation_id
        ).values_list("company_id", flat=True)
    )


def can_read_agenda(user: User, programme: Programme, subject: Subject) -> bool:
    """Staff and reviewers: every agenda. A company: its own. An interpreter or adviser: their
    own. A counterpart: the agendas of the companies it put forward."""
    roles = roles_in_programme(user, programme)
    if not roles:
        return False
    if can_read_every_agenda(user, programme, roles):
        return True
    if subject.kind == "company":
        company = subject.company
        if company.organisation_id and company.organisation_id == user.organisation_id:
            return True
        return Role.COUNTERPART in roles and company.pk in counterpart_company_ids(user, programme)
    if subject.kind in ("interpreter", "adviser"):
        return subject.key == user.pk and subject.kind in roles
    return False


def agenda_subject_for_user(user: User, programme: Programme, kind: str, key: int) -> Subject:
    """The subject if ``user`` may read its agenda; 404 otherwise (never says whether it
    exists)."""
    if kind not in KINDS:
        raise Http404("No such agenda.")
    subject = agenda_subject(programme, kind, key)
    if not can_read_agenda(user, programme, subject):
        raise Http404("No such agenda.")
    return subject


def agenda_schedule(user: User, programme: Programme, schedule_id=None) -> Schedule | None:
    """The published schedule; staff may name another schedule of the programme (a draft)."""
    if schedule_id in (None, ""):
        return selectors.published_schedule(programme)
    if not (user.is_authenticated and user.is_agency_staff):
        raise Http404("No such schedule.")
    try:
        return Schedule.objects.get(programme=programme, pk=int(schedule_id))
    except (Schedule.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such schedule.") from exc


def own_subjects(user: User, programme: Programme) -> list[Subject]:
    """The agendas that are the user's own: their company's, or theirs as an interpreter or
    adviser of the programme."""
    roles = roles_in_programme(user, programme)
    found = []
    if user.organisation_id:
        company = _programme_companies(programme).filter(organisation=user.organisation_id).first()
        if company is not None:
            found.append(Subject("company", company.pk, company.display_name, company=company))
    for kind, ids in (
        ("interpreter", _programme_interpreter_ids),
        ("adviser", _programme_adviser_ids),
    ):
        if kind in roles and user.pk in ids(programme):
            found.append(Subject(kind, user.pk, user.display_name(), user=user))
    return found


def readable_subjects(user: User, programme: Programme, schedule: Schedule | None) -> dict:
    """What an agenda index lists for ``user``, by kind: everyone for staff and reviewers (the
    companies, interpreters and advisers of the schedule, and its tables), a counterpart's own
    companies, and the user's own agendas."""
    listed: dict[str, list[Subject]] = {kind: [] for kind in KINDS}
    if can_read_every_agenda(user, programme):
        meetings = schedule.meetings.all() if schedule else Meeting.objects.none()
        company_ids = set(meetings.values_list("overseas_id", flat=True)) | set(
            meetings.values_list("domestic_id", flat=True)
        )
        for company in Company.objects.filter(pk__in=company_ids).order_by("legal_name"):
            listed["company"].append(
                Subject("company", company.pk, company.display_name, company=company)
            )
        for kind, column in (("interpreter", "interpreter_id"), ("adviser", "adviser_id")):
            ids = set(meetings.exclude(**{column: None}).values_list(column, flat=True))
            for person in User.objects.filter(pk__in=ids).order_by("username"):
                listed[kind].append(Subject(kind, person.pk, person.display_name(), user=person))
        for number in sorted(set(meetings.values_list("table__number", flat=True))):
            listed["table"].append(_table_subject(number))
        return listed
    ids = counterpart_company_ids(user, programme)
    if ids:
        for company in Company.objects.filter(pk__in=ids).order_by("legal_name"):
            listed["company"].append(
                Subject("company", company.pk, company.display_name, company=company)
            )
    for subject in own_subjects(user, programme):
        if subject not in listed[subject.kind]:
            listed[subject.kind].append(subject)
    return listed


def resolve_company(programme: Programme, value: str) -> Company:
    """A company of the programme named on the command line: its id, its code ("VN-12") or
    the slug of its Latin or legal name ("saigon-precision-parts-co-ltd")."""
    companies = list(_programme_companies(programme))
    for company in companies:
        if value in (str(company.pk), company_code(company)):
            return company
    found = [c for c in companies if value in {slugify(c.latin_name), slugify(c.legal_name)} - {""}]
    if len(found) == 1:
        return found[0]
    raise Http404(
        f"{len(found)} companies of the programme match “{value}”: give its id or code instead."
        if found
        else f"No company “{value}” in the programme."
    )


# --- what an agenda holds -------------------------------------------------------------------


ACTIVE = (Meeting.Status.PLANNED, Meeting.Status.HELD)
CALLED_OFF = (Meeting.Status.CANCELLED, Meeting.Status.NO_SHOW)


def _meetings_of(schedule: Schedule, subject: Subject, statuses=ACTIVE):
    meetings = selectors.meeting_list(schedule).filter(status__in=statuses)
    if subject.kind == "company":
        meetings = meetings.filter(Q(overseas_id=subject.key) | Q(domestic_id=subject.key))
    elif subject.kind == "interpreter":
        meetings = meetings.filter(interpreter_id=subject.key)
    elif subject.kind == "adviser":
        meetings = meetings.filter(adviser_id=subject.key)
    else:
        meetings = meetings.filter(table__number=subject.key)
    return meetings.order_by("starts_at", "table__number", "id")


def _requests(programme: Programme, meetings: list[Meeting]) -> dict:
    """(company id, target id) → MeetingRequest, for the pairs of ``meetings``: one query."""
    ids = {m.overseas_id for m in meetings} | {m.domestic_id for m in meetings}
    rows = MeetingRequest.objects.filter(programme=programme, company_id__in=ids, target_id__in=ids)
    return {(r.company_id, r.target_id): r for r in rows}


def _party(company: Company, side: str, request: MeetingRequest | None) -> Party:
    if request is None or request.preference == "no":
        return Party(company, side)
    return Party(company, side, asks=request.get_preference_display(), note=request.note)


def agenda_build(programme: Programme, schedule: Schedule | None, subject: Subject) -> Agenda:
    """The subject's meetings in ``schedule``, day by day in the programme's time zone. Builds
    in a fixed number of queries whatever the number of meetings."""
    if schedule is None:
        return Agenda(programme, None, subject, [])
    meetings = list(_meetings_of(schedule, subject))
    return _assemble(programme, schedule, subject, meetings, _requests(programme, meetings))


def agenda_called_off(agenda: Agenda) -> list[Entry]:
    """The subject's cancelled meetings and no-shows in the agenda's schedule (the iCalendar
    file marks them cancelled, so calendars that imported them drop them)."""
    if agenda.schedule is None:
        return []
    meetings = list(_meetings_of(agenda.schedule, agenda.subject, CALLED_OFF))
    built = _assemble(agenda.programme, agenda.schedule, agenda.subject, meetings, {})
    return built.entries


def _assemble(programme, schedule, subject: Subject, meetings, requests) -> Agenda:
    days: dict[date, Day] = {}
    for meeting in meetings:
        overseas = _party(
            meeting.overseas, "overseas", requests.get((meeting.overseas_id, meeting.domestic_id))
        )
        domestic = _party(
            meeting.domestic, "domestic", requests.get((meeting.domestic_id, meeting.overseas_id))
        )
        own_asks = ""
        if subject.kind == "company":
            own, partner = (
                (overseas, domestic) if meeting.overseas_id == subject.key else (domestic, overseas)
            )
            parties, own_asks = [partner], own.asks
        else:
            parties = [overseas, domestic]
        starts = programme.local(meeting.starts_at)
        entry = Entry(meeting, starts, programme.local(meeting.ends_at), parties, own_asks)
        day = days.setdefault(starts.date(), Day(starts.date()))
        for party in parties:
            party.again = any(
                party.company.pk == earlier.company.pk
                for previous in day.entries
                for earlier in previous.parties
            )
        day.entries.append(entry)
    return Agenda(programme, schedule, subject, [days[d] for d in sorted(days)])


def agendas_of_day(programme: Programme, schedule: Schedule, day: date) -> list[Agenda]:
    """The agenda of every company that meets on ``day`` in ``schedule``, for that day only
    (the staff's bundle): overseas companies first, then Japanese, each by name. Two queries."""
    meetings = [
        m
        for m in selectors.meeting_list(schedule)
        .filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD])
        .order_by("starts_at", "table__number", "id")
        if programme.local(m.starts_at).date() == day
    ]
    requests = _requests(programme, meetings)
    by_company: dict[int, list[Meeting]] = defaultdict(list)
    companies: dict[int, Company] = {}
    for meeting in meetings:
        for company in (meeting.overseas, meeting.domestic):
            by_company[company.pk].append(meeting)
            companies[company.pk] = company
    overseas = {m.overseas_id for m in meetings}
    ordered = sorted(companies.values(), key=lambda c: (c.pk not in overseas, c.legal_name, c.pk))
    return [
        _assemble(
            programme,
            schedule,
            Subject("company", company.pk, company.display_name, company=company),
            by_company[company.pk],
            requests,
        )
        for company in ordered
    ]
