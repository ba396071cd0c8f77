"""Build the optimiser's instance (docs/optimizer.md) from a programme: participants, slots of
the business-meeting sessions, availability, caps, interpreters and combined scores. Reads only;
docs/scheduling.md explains each rule. The arithmetic lives in the pure module combine.py."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC

from django.utils.translation import gettext as _

from companies.models import Company
from programmes.models import Activity, Programme

from . import combine, selectors
from .exceptions import ContradictorySettings, NoParticipants, NoPositiveScore, NoSession
from .models import (
    Attendance,
    MeetingRequest,
    OverseasTable,
    PairScore,
    PoolInterpreter,
    SchedulingSettings,
    Unavailability,
)


def company_code(company: Company) -> str:
    """The stable id of a company in instances and exports: country and database id."""
    return f"{company.country}-{company.pk}"


@dataclass
class Participant:
    company: Company
    code: str
    side: str  # "overseas" | "domestic"
    available: list[int]
    max_meetings: int | None = None
    max_per_day: int | None = None  # meetings in each session (overseas: the settings' cap)
    min_meetings: int = 0
    language: str | None = None  # pool mode: the language to interpret
    table_number: int | None = None  # overseas only
    table_is_new: bool = False  # no OverseasTable yet: the run will record this number
    interpreter_id: int | None = None  # table mode: the table's interpreter


@dataclass
class Built:
    """The instance and everything needed to map a solution back to the programme."""

    programme: Programme
    settings: SchedulingSettings
    sessions: list[Activity]
    slots_per_day: int
    slots: list[dict]  # {"slot", "activity", "index", "starts_at", "ends_at"} (datetimes)
    overseas: list[Participant]
    domestic: list[Participant]
    combined: dict[tuple[str, str], combine.Combined]
    musts: list[dict]  # {"by": code, "overseas": code, "domestic": code}
    pool: list[dict] = field(default_factory=list)  # {"user": id, "language", "available"}

    @property
    def by_code(self) -> dict[str, Participant]:
        return {p.code: p for p in self.overseas + self.domestic}

    @property
    def positive_pairs(self) -> list[tuple[str, str, int]]:
        return sorted((o, d, c.score) for (o, d), c in self.combined.items() if c.positive)

    def instance(self) -> dict:
        """The optimiser's instance, in its JSON format."""
        data = {
            "days": len(self.sessions),
            "slots_per_day": self.slots_per_day,
            "overseas": [self._entry(p) for p in self.overseas],
            "domestic": [self._entry(p) for p in self.domestic],
            "scores": [list(row) for row in self.positive_pairs],
            "fairness_weight": float(self.settings.fairness_weight),
        }
        if self.settings.interpreter_mode == SchedulingSettings.InterpreterMode.POOL:
            data["interpreters"] = [
                {"language": i["language"], "available": i["available"]} for i in self.pool
            ]
        return data

    @staticmethod
    def _entry(p: Participant) -> dict:
        entry: dict = {"id": p.code, "available": p.available}
        if p.max_meetings is not None:
            entry["max_meetings"] = p.max_meetings
        if p.max_per_day is not None:
            entry["max_per_day"] = p.max_per_day
        if p.side == "domestic":
            entry["min_meetings"] = p.min_meetings
        elif p.language:
            entry["language"] = p.language
        return entry

    def slot_map(self) -> dict:
        return {
            "slots": [
                {
                    **slot,
                    "starts_at": slot["starts_at"].astimezone(UTC).isoformat(),
                    "ends_at": slot["ends_at"].astimezone(UTC).isoformat(),
                }
                for slot in self.slots
            ],
            "sessions": [
                {"day": day, "activity": session.pk, "title": session.title}
                for day, session in enumerate(self.sessions)
            ],
            "companies": {p.code: p.company.pk for p in self.overseas + self.domestic},
            "tables": {p.code: p.table_number for p in self.overseas},
            "interpreters": {p.code: p.interpreter_id for p in self.overseas},
        }


def _weights(settings: SchedulingSettings) -> combine.Weights:
    return combine.Weights(
        must=settings.must_points,
        like=settings.like_points,
        mutual=settings.mutual_bonus,
        base=settings.base_points,
        adviser=settings.adviser_weight,
    )


def build(programme: Programme, *, check: bool = True) -> Built:
    """Read the programme and build its instance. With ``check`` (the default) refuse, with the
    reason, a programme that cannot be scheduled (raises a SchedulingError)."""
    settings = SchedulingSettings.get_for(programme)
    sessions = selectors.meeting_sessions(programme)
    if check and not sessions:
        raise NoSession()
    slots_per_day = max((len(s.slots()) for s in sessions), default=1)
    slots = [
        {
            "slot": day * slots_per_day + slot.index,
            "activity": session.pk,
            "index": slot.index,
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
        }
        for day, session in enumerate(sessions)
        for slot in session.slots()
    ]
    slot_city = {}
    session_city = {s.pk: s.venue.city for s in sessions}
    for slot in slots:
        slot_city[slot["slot"]] = session_city[slot["activity"]]
    all_slots = [(s["slot"], s["starts_at"], s["ends_at"]) for s in slots]

    overseas_companies = list(selectors.overseas_participants(programme))
    domestic_companies = list(selectors.domestic_participants(programme))
    if check and not overseas_companies:
        raise NoParticipants(_("No overseas company is selected and taking part."))
    if check and not domestic_companies:
        raise NoParticipants(_("No Japanese company has confirmed its participation."))
    companies = overseas_companies + domestic_companies
    ids = [c.pk for c in companies]

    # What each company attends: cities it meets in, and time it is busy elsewhere.
    cities: dict[int, set[str]] = defaultdict(set)
    busy: dict[int, list] = defaultdict(list)
    attendances = Attendance.objects.filter(
        activity__programme=programme, company_id__in=ids
    ).select_related("activity__venue")
    for attendance in attendances:
        activity = attendance.activity
        cities[attendance.company_id].add(activity.venue.city)
        if activity.kind != Activity.Kind.BUSINESS_MEETINGS:
            busy[attendance.company_id].append((activity.starts_at, activity.ends_at))
    interpreter_busy: dict[int, list] = defaultdict(list)
    for away in Unavailability.objects.filter(programme=programme):
        if away.company_id:
            busy[away.company_id].append((away.starts_at, away.ends_at))
        else:
            interpreter_busy[away.interpreter_id].append((away.starts_at, away.ends_at))

    pool_mode = settings.interpreter_mode == SchedulingSettings.InterpreterMode.POOL
    tables = {t.company_id: t for t in OverseasTable.objects.filter(programme=programme)}
    next_number = max((t.number for t in tables.values()), default=0)

    def available(company: Company, extra_busy=()) -> list[int]:
        wanted = cities.get(company.pk)  # no attendance at all: every city
        in_city = [s for s in all_slots if not wanted or slot_city[s[0]] in wanted]
        return combine.free_slots(in_city, [*busy.get(company.pk, []), *extra_busy])

    overseas = []
    for company in sorted(
        overseas_companies,
        key=lambda c: (tables[c.pk].number if c.pk in tables else 10**6, c.legal_name, c.pk),
    ):
        table = tables.get(company.pk)
        if table is None:
            next_number += 1
        interpreter_id = table.interpreter_id if table else None
        extra = interpreter_busy.get(interpreter_id, []) if not pool_mode else []
        participant = Participant(
            company=company,
            code=company_code(company),
            side="overseas",
            available=available(company, extra),
            language=(table.language or None) if (table and pool_mode) else None,
            table_number=table.number if table else next_number,
            table_is_new=table is None,
            interpreter_id=None if pool_mode else interpreter_id,
        )
        if settings.overseas_max_per_day and settings.overseas_max_per_day < slots_per_day:
            participant.max_per_day = settings.overseas_max_per_day
        overseas.append(participant)

    domestic = [
        Participant(
            company=company,
            code=company_code(company),
            side="domestic",
            available=available(company),
            max_meetings=settings.domestic_max_meetings,
            min_meetings=settings.domestic_min_meetings,
        )
        for company in domestic_companies
    ]

    combined, musts = _scores(programme, settings, overseas, domestic)

    pool = []
    if pool_mode:
        for interpreter in PoolInterpreter.objects.filter(programme=programme):
            pool.append(
                {
                    "user": interpreter.user_id,
                    "language": interpreter.language,
                    "available": combine.free_slots(
                        all_slots, interpreter_busy.get(interpreter.user_id, [])
                    ),
                }
            )

    built = Built(
        programme=programme,
        settings=settings,
        sessions=sessions,
        slots_per_day=slots_per_day,
        slots=slots,
        overseas=overseas,
        domestic=domestic,
        combined=combined,
        musts=musts,
        pool=pool,
    )
    if check:
        refuse_contradictions(built)
    return built


def _scores(programme, settings, overseas, domestic):
    """Every pair somebody asked for or an adviser scored (or every pair, with base points)."""
    weights = _weights(settings)
    code_of = {p.company.pk: p.code for p in overseas + domestic}
    overseas_codes = {p.code for p in overseas}
    domestic_codes = {p.code for p in domestic}
    wants: dict[tuple[str, str], dict] = defaultdict(dict)
    musts = []
    requests = (
        MeetingRequest.objects.filter(programme=programme)
        .order_by("id")
        .values_list("company_id", "target_id", "preference")
    )
    for company_id, target_id, preference in requests:
        by, target = code_of.get(company_id), code_of.get(target_id)
        if by is None or target is None:
            continue  # a company no longer taking part
        if by in domestic_codes and target in overseas_codes:
            key, side = (target, by), "domestic"
        elif by in overseas_codes and target in domestic_codes:
            key, side = (by, target), "overseas"
        else:
            continue  # same side: not a meeting of this programme
        wants[key][side] = preference
        if preference == combine.MUST:
            musts.append({"by": by, "overseas": key[0], "domestic": key[1]})
    adviser: dict[tuple[str, str], tuple[int, bool]] = {}
    scored = PairScore.objects.filter(programme=programme).values_list(
        "overseas_id", "domestic_id", "adjustment", "blocked"
    )
    for overseas_id, domestic_id, adjustment, blocked in scored:
        o, d = code_of.get(overseas_id), code_of.get(domestic_id)
        if o in overseas_codes and d in domestic_codes:
            adviser[(o, d)] = (adjustment, blocked)
    if weights.base:
        keys = [(o.code, d.code) for o in overseas for d in domestic]
    else:
        keys = sorted(set(wants) | set(adviser))
    combined = {}
    for key in keys:
        side = wants.get(key, {})
        adjustment, blocked = adviser.get(key, (0, False))
        combined[key] = combine.pair_score(
            domestic_wants=side.get("domestic", ""),
            overseas_wants=side.get("overseas", ""),
            adjustment=adjustment,
            blocked=blocked,
            weights=weights,
        )
    return combined, musts


def _room(p: Participant, slots_per_day: int) -> int:
    """How many meetings a company can have at most: its free slots, within its daily cap per
    session and its total cap."""
    if p.max_per_day is None:
        room = len(p.available)
    else:
        per_day = defaultdict(int)
        for number in p.available:
            per_day[number // slots_per_day] += 1
        room = sum(min(n, p.max_per_day) for n in per_day.values())
    return room if p.max_meetings is None else min(p.max_meetings, room)


def refuse_contradictions(built: Built) -> None:
    """Refuse inputs no schedule can satisfy, with the reason (before anything is queued)."""
    if not built.positive_pairs:
        raise NoPositiveScore()
    settings = built.settings
    minimum = settings.domestic_min_meetings
    if settings.domestic_max_meetings is not None and minimum > settings.domestic_max_meetings:
        raise ContradictorySettings(
            _(
                "The minimum of %(min)s meetings per Japanese company is more than the maximum "
                "of %(max)s."
            )
            % {"min": minimum, "max": settings.domestic_max_meetings}
        )
    if minimum > len(built.slots):
        raise ContradictorySettings(
            _(
                "The minimum of %(min)s meetings per Japanese company is more than the "
                "%(slots)s slots of all sessions together."
            )
            % {"min": minimum, "slots": len(built.slots)}
        )
    room = sum(_room(p, built.slots_per_day) for p in built.overseas)
    need = minimum * len(built.domestic)
    if need > room:
        raise ContradictorySettings(
            _(
                "The Japanese companies' minimums need %(need)s meetings, but the overseas "
                "companies have room for %(room)s at most."
            )
            % {"need": need, "room": room}
        )
    if settings.interpreter_mode == SchedulingSettings.InterpreterMode.POOL:
        languages = {i["language"] for i in built.pool}
        missing = sorted({p.language for p in built.overseas if p.language} - languages)
        if missing:
            raise ContradictorySettings(
                _("The interpreter pool has nobody for %(languages)s.")
                % {"languages": ", ".join(missing)}
            )
