"""An agenda as a file: a PDF (core/pdf/, the template scheduling/agenda/agenda.pdf.html)
and an iCalendar file (RFC 5545, the `icalendar` library).

iCalendar: one VEVENT per meeting, with DTSTART/DTEND in the programme's time zone (TZID, and
its VTIMEZONE in the file) and a UID made of the programme and the pair of companies, so the
same meeting keeps its UID in every download and in every agenda that shows it (the
company's, the interpreter's, the table's), also after staff move it or publish another
schedule: a calendar that imports the file again updates the event instead of adding one.
"""

import functools
from datetime import UTC, date, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf, render_pdf_joined

from .agendas import Agenda, Entry, agenda_called_off

PDF_TEMPLATE = "scheduling/agenda/agenda.pdf.html"
BUNDLE_TEMPLATE = "scheduling/agenda/bundle.pdf.html"
BUNDLE_CHUNK = 10  # agendas laid out together: fewer documents, progress every ten


def agenda_pdf(agenda: Agenda, *, language: str) -> bytes:
    return render_pdf(PDF_TEMPLATE, {"agenda": agenda}, language=language)


def agendas_pdf(agendas: list[Agenda], *, language: str, on_progress=None) -> bytes:
    """Several agendas in one PDF, each starting on a new page. ``on_progress(done, total)``
    counts agendas."""
    chunks = [agendas[i : i + BUNDLE_CHUNK] for i in range(0, len(agendas), BUNDLE_CHUNK)]

    def progress(done_chunks, _total):
        if on_progress:
            on_progress(min(len(agendas), done_chunks * BUNDLE_CHUNK), len(agendas))

    return render_pdf_joined(
        BUNDLE_TEMPLATE,
        [{"agendas": chunk} for chunk in chunks],
        language=language,
        on_progress=progress,
    )


def meeting_uid(entry: Entry) -> str:
    meeting = entry.meeting
    domain = getattr(settings, "AGENDA_UID_DOMAIN", "smematch.invalid")
    return (
        f"meeting-{entry.meeting.schedule.programme.slug}-"
        f"{meeting.overseas_id}-{meeting.domestic_id}@{domain}"
    )


def _summary(agenda: Agenda, entry: Entry) -> str:
    names = " × ".join(party.company.legal_name for party in entry.parties)
    table = entry.table.label or _("Table %(number)s") % {"number": entry.table.number}
    if agenda.subject.kind == "company":
        return _("Meeting with %(partner)s (%(table)s)") % {"partner": names, "table": table}
    return f"{names} ({table})"


def _description(agenda: Agenda, entry: Entry) -> str:
    lines = []
    for party in entry.parties:
        facts = ", ".join(filter(None, [party.country, party.sector, *party.industries]))
        lines.append(f"{party.name} — {facts}")
        if party.profile:
            lines.append(party.profile)
        if party.asks:
            lines.append(_("Asked for: %(asks)s") % {"asks": party.asks})
        if party.note:
            lines.append(party.note)
        lines.append("")
    if entry.interpreter:
        lines.append(_("Interpreter: %(name)s") % {"name": entry.interpreter})
    if entry.adviser:
        lines.append(_("Adviser: %(name)s") % {"name": entry.adviser})
    lines.append(
        _("Session: %(session)s") % {"session": entry.session.display_title}
        + f" · {agenda.programme.display_title}"
    )
    return "\n".join(lines).strip()


@functools.lru_cache(maxsize=32)
def _vtimezone(zone: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``zone`` over the programme's dates and a year either side (computing
    it takes a moment, so it is kept)."""
    from zoneinfo import ZoneInfo

    from icalendar import Timezone

    return Timezone.from_tzinfo(
        ZoneInfo(zone), tzid=zone, first_date=first, last_date=last
    ).to_ical()


def _event(agenda: Agenda, entry: Entry, status: str, stamp):
    from icalendar import Event, vText

    event = Event()
    event.add("uid", meeting_uid(entry))
    event.add("dtstamp", stamp)
    # Aware datetimes in the programme's zone: icalendar writes TZID=<its name>.
    event.add("dtstart", entry.starts)
    event.add("dtend", entry.ends)
    event.add("last-modified", entry.meeting.updated_at.astimezone(UTC).replace(microsecond=0))
    event.add("summary", _summary(agenda, entry))
    event.add("description", _description(agenda, entry))
    venue = entry.venue
    event.add("location", vText(f"{venue.name}, {venue.city}"))
    event.add("status", status)
    event.add("transp", "OPAQUE" if status == "CONFIRMED" else "TRANSPARENT")
    return event


def agenda_ics(agenda: Agenda, *, language: str) -> bytes:
    """The agenda as an iCalendar file, texts in ``language``."""
    from icalendar import Calendar, Timezone

    programme = agenda.programme
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//SME Match//Agenda//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add(
            "x-wr-calname",
            f"{programme.display_title}: {agenda.subject.name}",
        )
        calendar.add("x-wr-timezone", programme.time_zone)
        zone = _vtimezone(
            programme.time_zone,
            programme.start_date - timedelta(days=366),
            programme.end_date + timedelta(days=366),
        )
        calendar.add_component(Timezone.from_ical(zone))
        stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
        active = {meeting_uid(entry) for entry in agenda.entries}
        called_off = {meeting_uid(e): e for e in agenda_called_off(agenda)}
        for entry, status in [(e, "CONFIRMED") for e in agenda.entries] + [
            (e, "CANCELLED") for uid, e in called_off.items() if uid not in active
        ]:
            calendar.add_component(_event(agenda, entry, status, stamp))
        return calendar.to_ical()
