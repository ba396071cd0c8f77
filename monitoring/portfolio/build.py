"""Builds the planned programmes' rows, model by model in dependency order, in bulk."""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from .plan import (
    BATCH,
    COMMENTS,
    COMPANY_MARK,
    COUNTRIES,
    FIRST_YEAR,
    FOLLOW_UP_PATH,
    FOLLOW_UP_WEIGHTS,
    KIND_TITLES,
    LEVEL_WEIGHTS,
    NOTES,
    PER_USD,
    RATE_SOURCE,
    ROLES,
    SECTOR_SME,
    SLUG_PREFIX,
    STATUS_WEIGHTS,
    TZ,
    UNUSABLE_PASSWORD,
    USD_JPY,
    YEARS,
    ProgrammePlan,
    japanese_name,
    overseas_name,
)


@dataclass
class Loaded:
    counts: Counter = field(default_factory=Counter)
    timings: dict = field(default_factory=dict)
    replaced: int = 0
    seconds: float = 0.0
    follow_up_surveys: bool = False


def _local(day: date, at: clock) -> datetime:
    return datetime.combine(day, at, tzinfo=TZ).astimezone(UTC)


class _Builder:
    """Builds the rows of the planned programmes in dependency order, model by model."""

    def __init__(self, plans: list[ProgrammePlan], rng: random.Random, loaded: Loaded):
        self.plans, self.rng, self.loaded = plans, rng, loaded
        self.now = datetime.now(UTC)

    def build(self) -> None:
        self._organisations()
        self._people()
        self._venues()
        self._programmes()
        self._activities()
        self._companies()
        self._applications()
        self._tables()
        self._schedules()
        self._meetings()
        self._surveys()
        self._outcomes()
        self._follow_ups()
        self._return_sales()
        self._follow_up_surveys()

    def create(self, label: str, model, objects: list, **kwargs) -> list:
        """Insert in batches: ``bulk_insert`` (bulk_create without the ORM's per-value
        compiler, about ten times faster), or ``bulk_create`` where conflicts are ignored."""
        from companies.services.imports import _bulk_insert as bulk_insert

        step = time.perf_counter()
        if kwargs:
            model.objects.bulk_create(objects, batch_size=BATCH, **kwargs)
        else:
            bulk_insert(model, objects)
        self.loaded.counts[label] += len(objects)
        self.loaded.timings[label] = time.perf_counter() - step
        return objects

    # --- who ------------------------------------------------------------------------------

    def _organisations(self) -> None:
        from core.models import Organisation

        K = Organisation.Kind
        countries = sorted({c for p in self.plans for c in p.countries})
        rows = [
            Organisation(
                slug=f"{SLUG_PREFIX}agency",
                name="SME Support, JAPAN (portfolio)",
                name_local="中小機構（ポートフォリオ）",
                kind=K.AGENCY,
                country="JP",
            ),
            Organisation(
                slug=f"{SLUG_PREFIX}interpreters",
                name="Interpreters (portfolio)",
                kind=K.INTERPRETERS,
                country="JP",
            ),
        ] + [
            Organisation(
                slug=f"{SLUG_PREFIX}counterpart-{c.lower()}",
                name=f"SME agency of {COUNTRIES[c][3]} (portfolio)",
                kind=K.COUNTERPART,
                country=c,
                contact_email=f"sme-desk@{c.lower()}.portfolio.example",
            )
            for c in countries
        ]
        created = self.create("organisations", Organisation, rows)
        self.agency, self.interpreter_org = created[0], created[1]
        self.counterparts = {org.country.code: org for org in created[2:]}

    def _people(self) -> None:
        from core.models import User

        most = max(p.overseas for p in self.plans)
        pool = max(most, math.ceil(sum(p.overseas for p in self.plans) / 5))
        languages = ("ja", "en", "ja", "en", "vi", "th", "ru")
        officer = User(
            username=f"{SLUG_PREFIX}officer",
            first_name="Portfolio",
            last_name="Officer",
            email="officer@portfolio.example",
            organisation=self.agency,
            language="en",
            password=UNUSABLE_PASSWORD,
        )
        interpreters = [
            User(
                username=f"{SLUG_PREFIX}interpreter-{n:04d}",
                first_name="Interpreter",
                last_name=f"{n:04d}",
                email=f"interpreter{n:04d}@portfolio.example",
                organisation=self.interpreter_org,
                language=languages[n % len(languages)],
                password=UNUSABLE_PASSWORD,
            )
            for n in range(1, pool + 1)
        ]
        created = self.create("users", User, [officer, *interpreters])
        self.officer, self.interpreters = created[0], created[1:]

    def _venues(self) -> None:
        from programmes.models import Venue

        self.venues = {}
        for key, name, city in (
            ("osaka", "Osaka International Convention Center", "Osaka"),
            ("tokyo", "Tokyo International Forum", "Tokyo"),
            ("hotel", "Hotel New Otani Osaka", "Osaka"),
            ("plant", "Member company plant, Higashi-Osaka", "Higashiosaka"),
        ):
            self.venues[key], _created = Venue.objects.get_or_create(name=name, city=city)

    # --- programmes and their week ----------------------------------------------------------

    def _programmes(self) -> None:
        from programmes.models import Programme

        rows = []
        for p in self.plans:
            title, title_ja = KIND_TITLES[p.kind]
            names = " and ".join(COUNTRIES[c][3] for c in p.countries)
            names_ja = "・".join(COUNTRIES[c][4] for c in p.countries)
            closed = p.year < FIRST_YEAR + YEARS - 1
            rows.append(
                Programme(
                    slug=p.slug,
                    kind=p.kind,
                    title=f"{title} {p.year}: {names} ({p.number})",
                    title_ja=f"{title_ja} {p.year}：{names_ja}（第{p.number}回）",
                    description=f"Generated by load_portfolio: {p.days} meeting days, "
                    f"{p.meeting_minutes}-minute meetings, {p.per_day} a day.",
                    partner_countries=p.countries,
                    sectors=p.sectors,
                    time_zone="Asia/Tokyo",
                    start_date=p.start,
                    end_date=p.start + timedelta(days=4),
                    status=Programme.Status.CLOSED if closed else Programme.Status.FOLLOW_UP,
                    created_by=self.officer,
                )
            )
        self.programmes = self.create("programmes", Programme, rows)

    def _activities(self) -> None:
        from programmes.models import Activity

        K = Activity.Kind
        rows, self.sessions = [], []
        for p, programme in zip(self.plans, self.programmes, strict=True):
            sessions = []
            for day in range(p.days):
                the_day = p.start + timedelta(days=day)
                tokyo = p.days > 1 and day == p.days - 1
                sessions.append(
                    Activity(
                        programme=programme,
                        kind=K.BUSINESS_MEETINGS,
                        title=f"Business meetings, day {day + 1}",
                        title_ja=f"個別商談会 {day + 1}日目",
                        venue=self.venues["tokyo" if tokyo else "osaka"],
                        starts_at=_local(the_day, clock(13)),
                        ends_at=_local(the_day, clock(13))
                        + timedelta(minutes=p.meeting_minutes * p.per_day),
                        meeting_minutes=p.meeting_minutes,
                        break_minutes=0,
                        meetings_per_day=p.per_day,
                    )
                )
            others = [
                Activity(
                    programme=programme,
                    kind=K.SEMINAR,
                    title="Training seminar",
                    title_ja="研修セミナー",
                    venue=self.venues["osaka"],
                    starts_at=_local(p.start, clock(9, 30)),
                    ends_at=_local(p.start, clock(11, 30)),
                ),
                Activity(
                    programme=programme,
                    kind=K.RECEPTION,
                    title="Network-enhancing reception",
                    title_ja="交流会",
                    venue=self.venues["hotel"],
                    starts_at=_local(p.start, clock(19)),
                    ends_at=_local(p.start, clock(21)),
                ),
                Activity(
                    programme=programme,
                    kind=K.COMPANY_VISIT,
                    title="Company visits",
                    title_ja="企業視察",
                    venue=self.venues["plant"],
                    starts_at=_local(p.start + timedelta(days=p.days), clock(9, 30)),
                    ends_at=_local(p.start + timedelta(days=p.days), clock(16)),
                ),
            ]
            rows += sessions + others
            self.sessions.append(sessions)
        self.create("activities", Activity, rows)

    # --- companies and their applications ---------------------------------------------------

    def _companies(self) -> None:
        from companies.imports.values import normalise_name
        from companies.models import Company

        rng, rows, self.sides = self.rng, [], []
        used: Counter = Counter()
        serial = 0

        def unique(name: str) -> str:  # a second company of the same name: "... (2)"
            used[name] += 1
            return name if used[name] == 1 else f"{name} ({used[name]})"

        for p in self.plans:
            overseas, domestic = [], []
            for n in range(p.overseas):
                serial += 1
                country = p.countries[n % len(p.countries)]
                currency = COUNTRIES[country][1]
                sector = rng.choice(p.sectors)
                for _attempt in range(6):
                    name = overseas_name(rng, country)
                    if name not in used:
                        break
                name = unique(name)
                sales_usd = rng.uniform(0.5e6, 40e6)
                overseas.append(
                    Company(
                        legal_name=name,
                        normalised_name=normalise_name(name),
                        registration_number=f"{COMPANY_MARK}{country}-{serial:06d}",
                        country=country,
                        sector=SECTOR_SME.get(sector, "manufacturing"),
                        industries=[sector],
                        currency=currency,
                        employees=rng.randint(15, 480),
                        sales=Decimal(round(sales_usd * PER_USD.get(currency, 1))),
                        capital=Decimal(round(sales_usd * 0.2 * PER_USD.get(currency, 1))),
                        figures_date=date(p.year - 1, 12, 31),
                        year_founded=rng.randint(1975, 2010),
                        growth_rate=Decimal(str(round(rng.uniform(-5, 30), 1))),
                        exports=rng.random() < 0.6,
                        imports=rng.random() < 0.5,
                        japanese_partner_experience=rng.random() < 0.15,
                        business_profile=(
                            f"{sector.replace('_', ' ').capitalize()} for regional "
                            "and Japanese customers."
                        ),
                        contact_name=f"CEO {serial:04d}",
                        contact_email=f"ceo{serial:05d}@{country.lower()}.portfolio.example",
                    )
                )
            for _n in range(p.domestic):
                serial += 1
                for _attempt in range(6):  # another name rather than a second of one
                    name, local = japanese_name(rng)
                    if name not in used:
                        break
                name = unique(name)
                employees = rng.randint(8, 290)
                domestic.append(
                    Company(
                        legal_name=name,
                        local_name=local,
                        normalised_name=normalise_name(name),
                        registration_number=f"{COMPANY_MARK}JP-{serial:06d}",
                        country="JP",
                        sector="manufacturing",
                        industries=sorted(rng.sample(p.sectors, 1)),
                        currency="JPY",
                        employees=employees,
                        capital=Decimal(rng.randrange(10, 300) * 1_000_000),
                        sales=Decimal(employees * rng.randrange(15, 40) * 1_000_000),
                        figures_date=date(p.year - 1, 3, 31),
                        year_founded=rng.randint(1948, 2005),
                        exports=rng.random() < 0.35,
                        imports=rng.random() < 0.3,
                        contact_name=f"代表取締役 {serial:05d}",
                        contact_email=f"president{serial:05d}@jp.portfolio.example",
                    )
                )
            rows += overseas + domestic
            self.sides.append((overseas, domestic))
        self.create("companies", Company, rows)

    def _applications(self) -> None:
        from companies.models import Application
        from matching.models import Decision
        from programmes.models import ProgrammeOrganisation, Role

        A = Application
        applications, links = [], []
        for p, programme, (overseas, domestic) in zip(
            self.plans, self.programmes, self.sides, strict=True
        ):
            submitted = _local(p.start - timedelta(days=60), clock(10))
            for company in overseas:
                country = company.country.code
                applications.append(
                    A(
                        programme=programme,
                        company=company,
                        counterpart=self.counterparts[country],
                        source=A.Source.UPLOAD,
                        status=A.Status.SELECTED,
                        email=company.contact_email,
                        language=COUNTRIES[country][2],
                        eligible=True,
                        size_class="small" if company.employees < 100 else "medium",
                        submitted_at=submitted,
                    )
                )
            for company in domestic:
                applications.append(
                    A(
                        programme=programme,
                        company=company,
                        source=A.Source.STAFF,
                        status=A.Status.SELECTED,
                        email=company.contact_email,
                        language="ja",
                        eligible=True,
                        size_class="small" if company.employees < 100 else "medium",
                        submitted_at=submitted,
                    )
                )
            links += [
                ProgrammeOrganisation(
                    programme=programme,
                    organisation=self.counterparts[c],
                    role=Role.COUNTERPART,
                    invited_by=self.officer,
                )
                for c in p.countries
            ]
        applications = self.create("applications", Application, applications)
        decided = {a.programme_id: a.submitted_at + timedelta(days=30) for a in applications}
        self.create(
            "decisions",
            Decision,
            [
                Decision(
                    application=a,
                    outcome=Decision.Outcome.SELECT,
                    reason="Selected on the advisers' assessment.",
                    invited=a.company.country.code == "JP",
                    decided_by=self.officer,
                    decided_at=decided[a.programme_id],
                    notified_at=decided[a.programme_id] + timedelta(days=1),
                    response=Decision.Response.CONFIRMED,
                    responded_at=decided[a.programme_id] + timedelta(days=5),
                )
                for a in applications
            ],
        )
        self.create("invited organisations", ProgrammeOrganisation, links)

    # --- tables, schedules and meetings -----------------------------------------------------

    def _tables(self) -> None:
        from programmes.models import ProgrammeRole, Role, Table
        from scheduling.models import OverseasTable

        tables, overseas_tables, roles = [], [], []
        self.interpreter_of = []  # per programme: table number -> interpreter
        for p, programme, sessions, (overseas, _d) in zip(
            self.plans, self.programmes, self.sessions, self.sides, strict=True
        ):
            chosen = self.rng.sample(self.interpreters, p.overseas)
            self.interpreter_of.append(chosen)
            for session in sessions:
                tables += [Table(activity=session, number=n + 1) for n in range(p.overseas)]
            for n, (company, interpreter) in enumerate(zip(overseas, chosen, strict=True)):
                overseas_tables.append(
                    OverseasTable(
                        programme=programme,
                        company=company,
                        number=n + 1,
                        interpreter=interpreter,
                        language=COUNTRIES[company.country.code][2],
                    )
                )
                roles.append(
                    ProgrammeRole(
                        programme=programme,
                        user=interpreter,
                        role=Role.INTERPRETER,
                        invited_by=self.officer,
                    )
                )
        tables = self.create("tables", Table, tables)
        self.tables = {(t.activity_id, t.number): t for t in tables}
        self.create("overseas tables", OverseasTable, overseas_tables)
        self.create("programme roles", ProgrammeRole, roles)

    def _schedules(self) -> None:
        from programmes.slots import derive_slots
        from scheduling.instance import company_code
        from scheduling.models import Schedule

        rows, self.slot_times = [], []
        for p, programme, sessions, (overseas, domestic) in zip(
            self.plans, self.programmes, self.sessions, self.sides, strict=True
        ):
            slots = []
            for day, session in enumerate(sessions):
                for slot in derive_slots(
                    session.starts_at,
                    meeting_minutes=p.meeting_minutes,
                    break_minutes=0,
                    meetings_per_day=p.per_day,
                ):
                    slots.append((day * p.per_day + slot.index, session, slot))
            self.slot_times.append(slots)
            published = _local(p.start - timedelta(days=7), clock(17))
            rows.append(
                Schedule(
                    programme=programme,
                    status=Schedule.Status.PUBLISHED,
                    label=f"Published schedule ({p.year})",
                    created_by=self.officer,
                    published_at=published,
                    published_by=self.officer,
                    quality={"meetings": p.meetings, "status": "generated", "ratio": 1.0},
                    slot_map={
                        "slots": [
                            {
                                "slot": t,
                                "activity": s.pk,
                                "index": slot.index,
                                "starts_at": slot.starts_at.isoformat(),
                                "ends_at": slot.ends_at.isoformat(),
                            }
                            for t, s, slot in slots
                        ],
                        "sessions": [
                            {"day": d, "activity": s.pk, "title": s.title}
                            for d, s in enumerate(sessions)
                        ],
                        "companies": {company_code(c): c.pk for c in overseas + domestic},
                        "tables": {company_code(c): n + 1 for n, c in enumerate(overseas)},
                        "interpreters": {
                            company_code(c): i.pk
                            for c, i in zip(overseas, self.interpreter_of[p.index], strict=True)
                        },
                    },
                )
            )
        self.schedules = self.create("schedules", Schedule, rows)

    def _meetings(self) -> None:
        from scheduling.models import Meeting

        rng, rows = self.rng, []
        statuses = list(STATUS_WEIGHTS)
        weights = [STATUS_WEIGHTS[s] for s in statuses]
        for p, schedule, slots, (overseas, domestic) in zip(
            self.plans, self.schedules, self.slot_times, self.sides, strict=True
        ):
            # The smaller side's company a meets, in slot t, the larger side's company
            # (a + shift[t]) mod B: distinct shifts make every pair meet at most once and
            # nobody twice in a slot (see capacity()).
            small_is_overseas = len(overseas) <= len(domestic)
            small, large = (overseas, domestic) if small_is_overseas else (domestic, overseas)
            large = list(large)
            rng.shuffle(large)
            used = rng.sample(slots, min(len(slots), len(large)))
            shifts = rng.sample(range(len(large)), len(used))
            cells = _cells(rng, len(small), len(large), shifts, p.meetings)
            for cell in sorted(cells):
                a, k = divmod(cell, len(used))
                t, session, slot = used[k]
                partner = large[(a + shifts[k]) % len(large)]
                o, d = (small[a], partner) if small_is_overseas else (partner, small[a])
                number = overseas.index(o) + 1 if not small_is_overseas else a + 1
                rows.append(
                    Meeting(
                        schedule=schedule,
                        overseas=o,
                        domestic=d,
                        activity=session,
                        table=self.tables[(session.pk, number)],
                        slot=t,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        interpreter=self.interpreter_of[p.index][number - 1],
                        status=rng.choices(statuses, weights=weights)[0],
                        score=rng.randint(4, 16),
                    )
                )
        self.meetings = self.create("meetings", Meeting, rows)
        for status, n in Counter(m.status for m in self.meetings).items():
            self.loaded.counts[f"meetings {status}"] = n
        self.held = [m for m in self.meetings if m.status == Meeting.Status.HELD]

    # --- surveys and outcomes ---------------------------------------------------------------

    def _respondent_levels(self) -> tuple[int, int, int]:
        rng = self.rng
        level = rng.choices((1, 2, 3, 4, 5), weights=LEVEL_WEIGHTS)[0]
        answers = []
        for _role in ROLES:
            draw = rng.random()
            step = 0 if draw < 0.74 else (1 if draw < 0.96 else 2)
            answers.append(min(5, max(1, level + rng.choice((-1, 1)) * step)))
        return tuple(answers)

    def _surveys(self) -> None:
        from ..models import SurveyLink, SurveyResponse

        rng, links, answers = self.rng, [], []
        language_of = {}
        for overseas, _d in self.sides:
            for company in overseas:
                language_of[company.pk] = COUNTRIES[company.country.code][2]
        self.levels = {}
        for meeting in self.held:
            levels = self._respondent_levels()
            self.levels[meeting.pk] = levels
            when = meeting.ends_at + timedelta(hours=rng.randint(1, 72))
            for kind, level in zip(ROLES, levels, strict=True):
                if kind == "interpreter":
                    person = {"user_id": meeting.interpreter_id}
                    language, email = meeting.interpreter.language, meeting.interpreter.email
                else:
                    company = meeting.domestic if kind == "japanese" else meeting.overseas
                    person = {"company_id": company.pk}
                    language = "ja" if kind == "japanese" else language_of[company.pk]
                    email = company.contact_email
                links.append(
                    SurveyLink(
                        meeting_id=meeting.pk,
                        respondent_kind=kind,
                        language=language,
                        email=email,
                        expires_at=meeting.ends_at + timedelta(days=14),
                        **person,
                    )
                )
                transactions, value, currency = {}, None, ""
                if level >= 3:
                    transactions = {"sales": "discussed", "joint_development": "discussed"}
                if level >= 4:
                    transactions["sales"] = "agreed" if level == 5 else "discussed"
                    currency = rng.choice(("JPY", "JPY", "USD"))
                    value = Decimal(rng.randrange(20, 400) * (50_000 if currency == "JPY" else 500))
                answers.append(
                    SurveyResponse(
                        meeting_id=meeting.pk,
                        respondent_kind=kind,
                        took_place=True,
                        level=level,
                        transactions=transactions,
                        estimated_value=value,
                        currency=currency,
                        next_steps="Exchange quotations and plan the visits." if level >= 3 else "",
                        comment=rng.choice(COMMENTS.get(language, COMMENTS["en"])),
                        language=language,
                        submitted_at=when,
                        updated_at=when,
                        **person,
                    )
                )
        links = self.create("survey links", SurveyLink, links)
        for link, answer in zip(links, answers, strict=True):
            answer.link_id = link.pk
        self.create("survey answers", SurveyResponse, answers)

    def _outcomes(self) -> None:
        from ..levels import derive_level
        from ..models import MeetingOutcome

        rng, rows = self.rng, []
        self.final = {}
        for meeting in self.held:
            japanese, overseas, interpreter = self.levels[meeting.pk]
            found = derive_level(japanese, overseas, interpreter)
            outcome = MeetingOutcome(
                meeting_id=meeting.pk,
                derived_level=found.level,
                rule=found.rule,
                flagged=found.flagged,
            )
            if found.flagged and rng.random() < 0.7:  # most disagreements settled by staff
                outcome.settled_level = sorted((japanese, overseas, interpreter))[1]
                outcome.settled_by_id = self.officer.pk
                outcome.settled_at = meeting.ends_at + timedelta(days=rng.randint(3, 20))
                outcome.note = rng.choice(
                    (
                        "Both companies confirmed by phone.",
                        "電話で両社に確認。",
                        "The interpreter's notes decide it.",
                    )
                )
            self.final[meeting.pk] = outcome.level
            rows.append(outcome)
        self.create("meeting outcomes", MeetingOutcome, rows)

    # --- follow-ups, return sales, follow-up surveys ----------------------------------------

    def _follow_ups(self) -> None:
        from ..models import FollowUp, FollowUpNote

        rng = self.rng
        statuses = list(FollowUp.Status.values)
        cases, stories = [], []
        currency_of = {p.index: COUNTRIES[p.countries[0]][1] for p in self.plans}
        plan_of = {s.pk: p for p, s in zip(self.plans, self.schedules, strict=True)}
        for meeting in self.held:
            level = self.final[meeting.pk]
            if level not in (3, 4):
                continue
            p = plan_of[meeting.schedule_id]
            status = rng.choices(statuses, weights=FOLLOW_UP_WEIGHTS[level])[0]
            if status == "dropped":
                path = [*FOLLOW_UP_PATH[: rng.randint(1, 3)], "dropped"]
            elif status == "open":
                path = []
            else:
                path = list(FOLLOW_UP_PATH[: FOLLOW_UP_PATH.index(status) + 1])
            when = meeting.ends_at
            notes = []
            previous = "open"
            for step in path:
                when += timedelta(days=rng.randint(7, 60))
                notes.append((when, rng.choice(NOTES[step]), previous, step))
                previous = step
            case = FollowUp(meeting=meeting, opened_level=level, status=status)
            if level == 3 or rng.random() < 0.3:
                case.planned_visits = rng.choice(
                    (
                        "Overseas delegation to the Japanese plant; return visit next quarter.",
                        "海外企業の工場を訪問予定。",
                        "Visit at the next trade fair.",
                    )
                )
            if status in ("negotiating", "agreement_signed"):
                case.currency = rng.choice(("JPY", "JPY", "USD", currency_of[p.index]))
                scale = {"JPY": 100_000, "USD": 1_000}.get(case.currency)
                if scale is None:
                    scale = max(1, round(1_000 * PER_USD.get(case.currency, 1)))
                case.deal_value = Decimal(rng.randrange(5, 300) * scale)
            if status not in ("agreement_signed", "dropped"):
                case.next_contact = (when + timedelta(days=30)).date()
                if case.next_contact < self.now.date():
                    case.reminded_for = case.next_contact  # an old case: not reminded again
            cases.append(case)
            stories.append(notes)
        cases = self.create("follow-ups", FollowUp, cases)
        notes = [
            FollowUpNote(
                follow_up_id=case.pk,
                author_id=self.officer.pk,
                written_at=when,
                text=text,
                status_from=before,
                status_to=after,
            )
            for case, story in zip(cases, stories, strict=True)
            for when, text, before, after in story
        ]
        self.create("follow-up notes", FollowUpNote, notes)
        self.cases, self.stories = cases, stories
        for status, n in Counter(c.status for c in cases).items():
            self.loaded.counts[f"follow-ups {status}"] = n

    def _return_sales(self) -> None:
        from companies.models import ExchangeRate

        from ..models import ReturnSale

        rng, rows, used = self.rng, [], set()
        self.sales_of = {}
        plan_of = {s.pk: p for p, s in zip(self.plans, self.schedules, strict=True)}
        programme_of = {s.pk: s.programme for s in self.schedules}
        meetings = {m.pk: m for m in self.held}
        seen = set()
        for case in self.cases:
            if case.status not in ("agreement_signed", "negotiating", "visit_made"):
                continue
            meeting = meetings[case.meeting_id]
            key = (meeting.schedule_id, meeting.domestic_id)
            if key in seen:
                continue
            seen.add(key)
            p = plan_of[meeting.schedule_id]
            currency = case.currency or rng.choice(
                ("JPY", "JPY", "USD", COUNTRIES[p.countries[0]][1])
            )
            signed = case.status == "agreement_signed"
            for half in range(rng.randint(1, 3) if signed else 1):
                year = p.year + (half + 1) // 2 + (1 if p.start.month > 6 else 0)
                first = (half + (1 if p.start.month > 6 else 0)) % 2 == 0
                start = date(year, 1, 1) if first else date(year, 7, 1)
                end = date(year, 6, 30) if first else date(year, 12, 31)
                scale = {"JPY": 100_000, "USD": 1_000}.get(currency)
                if scale is None:
                    scale = max(1, round(1_000 * PER_USD.get(currency, 1)))
                amount = Decimal(rng.randrange(2, 200 if signed else 30) * scale)
                sale = ReturnSale(
                    programme=programme_of[meeting.schedule_id],
                    company_id=meeting.domestic_id,
                    follow_up=case,
                    period_start=start,
                    period_end=end,
                    amount=amount,
                    currency=currency,
                    note="Reported by the company to the agency.",
                    recorded_by=self.officer,
                    recorded_at=datetime.combine(end + timedelta(days=30), clock(9), tzinfo=UTC),
                )
                rows.append(sale)
                self.sales_of.setdefault(case.pk, []).append(sale)
                if currency != "JPY":
                    used.add(currency)
        self.create("return sales", ReturnSale, rows)
        currencies = sorted(
            used | {case.currency for case in self.cases if case.currency} | {"USD", "EUR"}
        )
        currencies = [c for c in currencies if c != "JPY"]
        rates = []
        last = max(USD_JPY)
        for year in range(FIRST_YEAR, last + 1):
            for month, usd_jpy in zip((1, 7), USD_JPY[year], strict=True):
                for currency in currencies:
                    per_usd = PER_USD.get(currency, 1) * (1 + 0.03 * (year - FIRST_YEAR))
                    if currency in ("USD",):
                        per_usd = 1
                    rate = Decimal(usd_jpy) / Decimal(str(per_usd))
                    rates.append(
                        ExchangeRate(
                            currency=currency,
                            to_currency="JPY",
                            rate=rate.quantize(Decimal("1e-8")),
                            date=date(year, month, 1),
                            source=RATE_SOURCE,
                        )
                    )
        # a rate staff already entered for the same day stays (and is used)
        self.create("exchange rates", ExchangeRate, rates, ignore_conflicts=True)

    def _follow_up_surveys(self) -> None:
        """Both companies' 3-, 6- and 12-month rounds of every case, all sent on their due day
        (so the daily task sends nothing), about half of them answered: where the case stood
        then, its deal value, and the Japanese company's return sales of that period."""
        model = _follow_up_survey_model()
        if model is None:
            return
        from ..services.follow_up_surveys import ANSWER_DAYS, ROUNDS, add_months

        self.loaded.follow_up_surveys = True
        rng, rows = self.rng, []
        plan_of = {s.pk: p for p, s in zip(self.plans, self.schedules, strict=True)}
        meetings = {m.pk: m for m in self.held}
        languages = {}
        for overseas, _domestic in self.sides:
            for company in overseas:
                languages[company.pk] = COUNTRIES[company.country.code][2]
        for case, story in zip(self.cases, self.stories, strict=True):
            meeting = meetings[case.meeting_id]
            p = plan_of[meeting.schedule_id]
            end = p.start + timedelta(days=4)
            sales = list(self.sales_of.get(case.pk, ()))
            for kind, company in (("japanese", meeting.domestic), ("overseas", meeting.overseas)):
                for months in ROUNDS:
                    due = add_months(end, months)
                    sent = datetime.combine(due, clock(9), tzinfo=TZ)
                    survey = model(
                        follow_up_id=case.pk, respondent_kind=kind, company_id=company.pk,
                        months=months,
                        language="ja" if kind == "japanese" else languages[company.pk],
                        email=company.contact_email, due_date=due, sent_at=sent,
                        expires_at=datetime.combine(
                            due + timedelta(days=ANSWER_DAYS), clock(23, 59, 59), tzinfo=TZ
                        ),
                    )  # fmt: skip
                    if rng.random() < 0.55:
                        survey.answered_at = sent + timedelta(days=rng.randint(1, 20))
                        status = "open"
                        for when, _text, _before, after in story:
                            if when <= survey.answered_at:
                                status = after
                        survey.status = status
                        if status in ("negotiating", "agreement_signed") and case.currency:
                            survey.deal_value, survey.currency = case.deal_value, case.currency
                        if kind == "japanese" and sales:
                            sale = sales.pop(0)
                            survey.sales_amount, survey.sales_currency = sale.amount, sale.currency
                            survey.return_sale_id = sale.pk
                        survey.comment = rng.choice((
                            "", "Talks continue.", "商談継続中。", "Waiting for the samples.",
                        ))  # fmt: skip
                    rows.append(survey)
        self.create("follow-up surveys", model, rows)
        self.loaded.counts["follow-up surveys answered"] = sum(
            1 for r in rows if r.answered_at is not None
        )


def _follow_up_survey_model():
    from django.apps import apps

    try:
        return apps.get_model("monitoring", "FollowUpSurvey")
    except LookupError:
        return None


def _cells(rng: random.Random, small: int, large: int, shifts: list[int], wanted: int) -> set:
    """Which ``wanted`` cells (small-side company a, used slot k) hold a meeting: first one
    meeting for every company of the larger side, then one for every company of the smaller
    side (as far as ``wanted`` allows: everybody who came met someone), the rest at random."""
    slots = len(shifts)
    chosen: set[int] = set()
    for j in rng.sample(range(large), large):
        if len(chosen) >= wanted:
            return chosen
        options = [a * slots + k for k in range(slots) if (a := (j - shifts[k]) % large) < small]
        options = [cell for cell in options if cell not in chosen]
        if options:
            chosen.add(rng.choice(options))
    for a in rng.sample(range(small), small):
        if len(chosen) >= wanted:
            return chosen
        if not any(a * slots + k in chosen for k in range(slots)):
            chosen.add(a * slots + rng.randrange(slots))
    rest = [cell for cell in range(small * slots) if cell not in chosen]
    chosen.update(rng.sample(rest, wanted - len(chosen)))
    return chosen
