"""What an agenda holds: its meetings (and those called off) with the partners and what each side
asked for, one subject or every agenda of a day."""

from collections import defaultdict
from datetime import date

from django.db.models import Q

from companies.models import Company
from programmes.models import Programme

from .. import selectors
from ..models import Meeting, MeetingRequest, Schedule
from .shapes import Agenda, Day, Entry, Party, Subject

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
