"""Agendas: the meetings of one company, interpreter, adviser or table of a programme, from the
programme's published schedule (staff may read any schedule of it). Reads only: who may read
which agenda (``agenda_subject_for_user``), and what an agenda holds (``agenda_build``). The
page, the PDF and the iCalendar file (scheduling/agenda_files.py) all show the same Agenda.

Times are the programme's (``programme.local``). A company's agenda shows its partners with a
short profile and what each side asked for; the other agendas show both companies.

One module per job: shapes (what an agenda is), access (who reads which), build (what it holds).
"""

from .access import (
    agenda_schedule,
    agenda_subject,
    agenda_subject_for_user,
    can_read_agenda,
    can_read_every_agenda,
    counterpart_company_ids,
    own_subjects,
    readable_subjects,
    resolve_company,
)
from .build import ACTIVE, CALLED_OFF, agenda_build, agenda_called_off, agendas_of_day
from .shapes import KIND_LABELS, KINDS, PROFILE_CHARS, Agenda, Day, Entry, Party, Subject

__all__ = [
    "ACTIVE",
    "Agenda",
    "CALLED_OFF",
    "Day",
    "Entry",
    "KINDS",
    "KIND_LABELS",
    "PROFILE_CHARS",
    "Party",
    "Subject",
    "agenda_build",
    "agenda_called_off",
    "agenda_schedule",
    "agenda_subject",
    "agenda_subject_for_user",
    "agendas_of_day",
    "can_read_agenda",
    "can_read_every_agenda",
    "counterpart_company_ids",
    "own_subjects",
    "readable_subjects",
    "resolve_company",
]
