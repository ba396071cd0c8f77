"""What an agenda is: its subject (a company, interpreter, adviser or table), the parties,
entries and days it holds."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.models import User
from programmes.models import Programme, Sector, Table

from ..models import Meeting, Schedule

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
