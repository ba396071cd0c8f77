"""The demo's matching and scheduling input, on top of load_demo, load_demo_applications and
load_demo_assessment: 20 selected overseas companies (through the selection service) and 100
Japanese companies invited from the registry (through the invitation service) who confirmed;
meeting requests both ways, a few adviser scores and two blocks, attendance at the week's
sessions, seminars, visit and receptions, one company away for an afternoon, and tables 1-20
with their interpreters. Deterministic and idempotent: it only adds what is missing.

Then `python manage.py schedule_run --programme ceo-network-2027-vn-th --json` makes a draft."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from companies.imports.values import normalise_name
from companies.models import Application, Company
from core.models import Organisation, User
from matching.models import Decision
from matching.selectors import pool
from matching.services import decisions
from programmes.models import Activity, Programme, ProgrammeRole, Role
from scheduling.models import (
    Attendance,
    MeetingRequest,
    OverseasTable,
    PairScore,
    SchedulingSettings,
    Unavailability,
)

SLUG = "ceo-network-2027-vn-th"
OVERSEAS_PER_COUNTRY = 10
JAPANESE_TOTAL = 100
FIRST = "Saigon Auto Parts JSC"  # the demo's company-vn user signs in as this company

# (English, Japanese, home city of the Japanese companies named after it)
PLACES = [
    ("Osaka", "大阪", "Osaka"), ("Sakai", "堺", "Osaka"), ("Higashi-Osaka", "東大阪", "Osaka"),
    ("Kobe", "神戸", "Osaka"), ("Kyoto", "京都", "Osaka"), ("Amagasaki", "尼崎", "Osaka"),
    ("Himeji", "姫路", "Osaka"), ("Nara", "奈良", "Osaka"), ("Shiga", "滋賀", "Osaka"),
    ("Wakayama", "和歌山", "Osaka"), ("Nagoya", "名古屋", "Osaka"), ("Okayama", "岡山", "Osaka"),
    ("Tokyo", "東京", "Tokyo"), ("Ota", "大田", "Tokyo"), ("Kawasaki", "川崎", "Tokyo"),
    ("Yokohama", "横浜", "Tokyo"), ("Saitama", "埼玉", "Tokyo"), ("Chiba", "千葉", "Tokyo"),
    ("Hachioji", "八王子", "Tokyo"), ("Sagamihara", "相模原", "Tokyo"),
]  # fmt: skip

# (English, Japanese, SME sector, industries, what they make)
TRADES = [
    ("Precision Machining", "精密加工", "manufacturing", ["auto_parts", "industrial_machinery"],
     "CNC-turned and milled parts in small lots"),
    ("Die Casting", "ダイカスト", "manufacturing", ["auto_parts"],
     "aluminium die-cast housings"),
    ("Electronics", "電子", "manufacturing", ["electronics"],
     "printed circuit boards and assembly"),
    ("Plastics", "樹脂工業", "manufacturing", ["auto_parts", "electronics"],
     "injection-moulded resin parts"),
    ("Spring Works", "スプリング", "manufacturing", ["auto_parts"], "wire and flat springs"),
    ("Gear Manufacturing", "歯車製作所", "manufacturing", ["industrial_machinery", "auto_parts"],
     "precision gears and reducers"),
    ("Stamping", "プレス工業", "manufacturing", ["auto_parts"], "progressive-die stamping"),
    ("Wire Harness", "ハーネス", "manufacturing", ["electronics", "auto_parts"],
     "wire harnesses for vehicles and machines"),
    ("Sensor Technology", "センサー技研", "manufacturing", ["electronics"],
     "pressure and temperature sensors"),
    ("Robotics", "ロボティクス", "manufacturing", ["industrial_machinery"],
     "small industrial robots and grippers"),
    ("Heat Treatment", "熱処理", "manufacturing", ["auto_parts", "industrial_machinery"],
     "contract carburising and nitriding"),
    ("Surface Coating", "表面処理", "manufacturing", ["auto_parts", "electronics"],
     "plating and coating of metal parts"),
    ("Bearing", "ベアリング", "manufacturing", ["industrial_machinery"],
     "miniature ball bearings"),
    ("Fastener", "ファスナー", "manufacturing", ["auto_parts"], "special bolts and rivets"),
    ("Rubber Industries", "ゴム工業", "rubber", ["auto_parts"], "rubber seals and hoses"),
    ("Control Systems", "制御システム", "software", ["it", "industrial_machinery"],
     "PLC programming and factory control software"),
    ("Mould Works", "金型製作所", "manufacturing", ["moulds", "auto_parts"],
     "press and injection moulds"),
    ("Motor", "モーター", "manufacturing", ["electronics", "industrial_machinery"],
     "small DC and stepping motors"),
    ("Casting", "鋳造", "manufacturing", ["industrial_machinery"], "cast-iron machine parts"),
    ("Trading", "商事", "wholesale", ["auto_parts", "electronics"],
     "parts sourcing from South-East Asia"),
]  # fmt: skip

INTERPRETERS = [
    ("Mai", "Pham"), ("Linh", "Nguyen"), ("Hoa", "Tran"), ("Quang", "Le"), ("Thu", "Vo"),
    ("Nam", "Do"), ("Trang", "Bui"), ("Duc", "Hoang"), ("Yen", "Dang"), ("Phuong", "Ngo"),
    ("Ploy", "Srisuk"), ("Nok", "Chaiyaporn"), ("Arthit", "Wongsa"), ("Kanya", "Thongdee"),
    ("Somsak", "Rattana"), ("Malee", "Boonmee"), ("Niran", "Kaewmanee"), ("Pim", "Suwan"),
    ("Anan", "Phromma"), ("Dao", "Inthong"),
]  # fmt: skip

ADVISER_SCORES = [
    # overseas index, Japanese index, adjustment, reason kind, reason, adviser
    (0, 0, 4, "experience", "Both supply brake parts to the same Japanese carmaker's tier 1.",
     "adviser"),
    (1, 5, 3, "history", "Long machining history on both sides; a good fit for prototypes.",
     "adviser-ito"),
    (3, 7, 3, "experience", "Exports harnesses to Japan already; the buyer needs a second "
     "source.", "adviser-suzuki"),
    (10, 12, 2, "finance", "Sound finances to invest in a joint line.", "adviser-watanabe"),
    (12, 20, -3, "finance", "Too small for the volumes the buyer needs.", "adviser"),
    (15, 33, 2, "experience", "Ran a JETRO pilot with a Japanese firm in 2024.", "adviser-ito"),
]  # fmt: skip

NOTES = {
    "must": "Their products fit our customers' needs.",
    "no": "We already have a supplier for this.",
}

BLOCKS = [
    (2, 3, "competitor", "Both make rubber seals for the same customers.", "adviser-suzuki"),
    (11, 9, "prior_partner", "Already partners since 2022: no need to meet here.", "adviser"),
]


class Command(BaseCommand):
    help = "Load the demo's matching and scheduling input (after load_demo_assessment)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        try:
            programme = Programme.objects.get(slug=SLUG)
            staff = User.objects.get(username="staff")
        except (Programme.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(
                "Run load_demo, load_demo_applications and load_demo_assessment first."
            ) from exc
        # The invitations are e-mailed by the service; the demo keeps them off the console.
        quiet_mail = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
        with quiet_mail, transaction.atomic():
            overseas = self._overseas(programme, staff)
            japanese = self._japanese(programme, staff)
            self._settings(programme)
            self._tables(programme, overseas, staff)
            self._attendance(programme, overseas, japanese)
            self._away(programme, overseas, staff)
            self._requests(programme, overseas, japanese)
            self._advisers(programme, overseas, japanese)
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Matching demo ready: {len(overseas)} overseas and {len(japanese)} Japanese "
                    f"companies, {MeetingRequest.objects.filter(programme=programme).count()} "
                    f"meeting requests. Try: python manage.py schedule_run --programme {SLUG}"
                )
            )

    # --- participants ---------------------------------------------------------------------

    def _overseas(self, programme, staff) -> list[Company]:
        """10 Vietnamese and 10 Thai applicants selected, preferring companies new to Japanese
        partners, and confirmed."""
        selected = list(
            Application.objects.filter(
                programme=programme,
                status=Application.Status.SELECTED,
                decision__outcome=Decision.Outcome.SELECT,
                decision__invited=False,
            ).select_related("company")
        )
        if not selected:
            candidates = sorted(
                pool(programme).filter(company__country__in=["VN", "TH"]),
                key=lambda a: (
                    a.company.legal_name != FIRST,
                    bool(a.company.japanese_partner_experience),
                    a.company.legal_name,
                ),
            )
            chosen = []
            for country in ("VN", "TH"):
                chosen += [a for a in candidates if a.company.country == country][
                    :OVERSEAS_PER_COUNTRY
                ]
            decisions.decision_record(
                programme,
                applications=chosen,
                outcome=Decision.Outcome.SELECT,
                reason="Selected for the demo: strong fit with the Japanese participants.",
                override_reason="Demo data: decided before the advisers' reviews.",
                by=staff,
            )
            selected = chosen
        for application in selected:
            decision = Decision.objects.get(application=application)
            if not decision.response:
                decisions.participation_respond(application, response="confirmed")
        return sorted(
            (a.company for a in selected),
            key=lambda c: (c.legal_name != FIRST, str(c.country), c.legal_name),
        )

    def _japanese(self, programme, staff) -> list[Company]:
        """The registry's companies plus generated ones up to 100, invited and confirmed."""
        rng = random.Random("demo-japanese-companies")
        registry = list(Company.objects.filter(country="JP", merged_into__isnull=True))
        names = {c.legal_name for c in registry}
        combos = [(p, t) for p in PLACES for t in TRADES]
        rng.shuffle(combos)
        for (place, place_ja, _city), (trade, trade_ja, sector, industries, profile) in combos:
            if len(names) >= JAPANESE_TOTAL:
                break
            legal = f"{place} {trade} Co., Ltd."
            if legal in names:
                continue
            names.add(legal)
            company, _created = Company.objects.get_or_create(
                legal_name=legal,
                country="JP",
                defaults={
                    "local_name": f"株式会社{place_ja}{trade_ja}",
                    "normalised_name": normalise_name(legal),
                    "sector": sector,
                    "industries": industries,
                    "legal_form": "company",
                    "currency": "JPY",
                    "capital": Decimal(rng.choice([10, 20, 30, 50, 80, 100, 200])) * 1_000_000,
                    "employees": rng.randint(12, 290),
                    "year_founded": rng.randint(1948, 2012),
                    "business_profile": profile,
                    "contact_name": "Sales department",
                    "contact_email": f"info@{normalise_name(legal).split()[0]}-"
                    f"{normalise_name(trade).split()[0]}.example",
                },
            )
        companies = sorted(
            Company.objects.filter(country="JP", merged_into__isnull=True, legal_name__in=names),
            key=lambda c: (c.legal_name != "Naniwa Precision Co., Ltd.", c.legal_name),
        )[:JAPANESE_TOTAL]
        taking_part = set(
            Application.objects.filter(programme=programme, company__in=companies).values_list(
                "company_id", flat=True
            )
        )
        new = [c for c in companies if c.pk not in taking_part]
        if new:
            decisions.companies_invite(
                programme, companies=new, by=staff, reason="Invited from the sector mailing lists."
            )
        for decision in Decision.objects.filter(
            application__programme=programme,
            application__company__in=companies,
            invited=True,
            response="",
        ).select_related("application"):
            decisions.participation_respond(decision.application, response="confirmed")
        return companies

    # --- settings, tables, who is where ------------------------------------------------------

    def _settings(self, programme):
        # Requests are open from the day the demo is loaded (so that companies can try them at
        # once) until two weeks before the week, or for two weeks when that date has passed.
        tz = programme.tzinfo
        today = timezone.now().astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        opens = min(datetime(2027, 1, 25, 9, 0, tzinfo=tz), today)
        closes = max(datetime(2027, 2, 1, 17, 0, tzinfo=tz), today + timedelta(days=14))
        SchedulingSettings.objects.get_or_create(
            programme=programme,
            defaults={
                "requests_open_at": opens,
                "requests_close_at": closes,
                "domestic_min_meetings": 2,
            },
        )

    def _tables(self, programme, overseas, staff):
        organisation = Organisation.objects.get(slug="kansai-interpreters")
        for number, (company, (first, last)) in enumerate(
            zip(overseas, INTERPRETERS, strict=False), start=1
        ):
            username = "interpreter" if number == 1 else f"interpreter-{number:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@kansai-interpreters.example",
                    organisation=organisation,
                    language="ja",
                )
                user.set_unusable_password()
                user.save()
            ProgrammeRole.objects.get_or_create(
                programme=programme, user=user, role=Role.INTERPRETER,
                defaults={"invited_by": staff},
            )  # fmt: skip
            if OverseasTable.objects.filter(programme=programme, company=company).exists():
                continue
            if OverseasTable.objects.filter(programme=programme, number=number).exists():
                continue
            OverseasTable.objects.create(
                programme=programme,
                company=company,
                number=number,
                interpreter=user
                if not OverseasTable.objects.filter(programme=programme, interpreter=user).exists()
                else None,
                language={"VN": "vi", "TH": "th"}.get(company.country, ""),
            )

    def _attendance(self, programme, overseas, japanese):
        """Overseas CEOs attend the whole week; each Japanese company the sessions of its
        city (some both cities) and, for some, the reception there."""
        rng = random.Random("demo-attendance")
        activities = list(programme.activities.select_related("venue").order_by("starts_at"))
        sessions = [a for a in activities if a.kind == Activity.Kind.BUSINESS_MEETINGS]
        visit = [a for a in activities if a.kind == Activity.Kind.COMPANY_VISIT]
        receptions = [a for a in activities if a.kind == Activity.Kind.RECEPTION]
        rows = []
        for company in overseas:
            for activity in activities:
                if activity in visit and rng.random() < 0.25:
                    continue  # a few skip the factory visit
                rows.append((activity, company))
        home = {legal: city for legal, _ja, city in PLACES}
        tokyo_registry = {"Tokyo Factory IoT Co., Ltd.", "Kawasaki Heat Treating Co., Ltd.",
                          "Ota Ward Machining Co., Ltd."}  # fmt: skip
        for company in japanese:
            first_word = company.legal_name.split()[0]
            city = "Tokyo" if company.legal_name in tokyo_registry else home.get(
                first_word, "Osaka"
            )  # fmt: skip
            cities = {city} | ({"Osaka", "Tokyo"} if rng.random() < 0.15 else set())
            for session in sessions:
                if session.venue.city in cities:
                    rows.append((session, company))
            for reception in receptions:
                if reception.venue.city in cities and rng.random() < 0.3:
                    rows.append((reception, company))
            if company.legal_name == "Naniwa Precision Co., Ltd.":
                rows += [(activity, company) for activity in visit]  # the host
        existing = set(
            Attendance.objects.filter(activity__programme=programme).values_list(
                "activity_id", "company_id"
            )
        )
        Attendance.objects.bulk_create(
            [
                Attendance(activity=activity, company=company)
                for activity, company in rows
                if (activity.pk, company.pk) not in existing
            ]
        )

    def _away(self, programme, overseas, staff):
        """One overseas CEO visits a supplier in Kyoto on Tuesday afternoon until 15:30."""
        company = overseas[4]
        day = programme.start_date.replace(day=16)
        tz = programme.tzinfo
        Unavailability.objects.get_or_create(
            programme=programme,
            company=company,
            starts_at=datetime.combine(day, time(13, 0), tzinfo=tz),
            ends_at=datetime.combine(day, time(15, 30), tzinfo=tz),
            defaults={"reason": "Visits a supplier in Kyoto", "by": staff},
        )

    # --- requests and adviser scores ------------------------------------------------------

    def _requests(self, programme, overseas, japanese):
        rng = random.Random("demo-requests")
        popularity = [1 + (i * 7) % 5 for i in range(len(overseas))]
        wanted: dict[tuple[int, int], tuple[str, str]] = {}
        for company in japanese:
            targets, count = set(), rng.randint(3, 7)
            while len(targets) < count:
                targets.add(rng.choices(range(len(overseas)), weights=popularity)[0])
            for n, o in enumerate(sorted(targets)):
                must = n == 0 and rng.random() < 0.35
                wanted[(company.pk, overseas[o].pk)] = (
                    "must" if must else "like",
                    "Looking for a production partner in South-East Asia." if must else "",
                )
            if rng.random() < 0.25:
                other = rng.randrange(len(overseas))
                wanted.setdefault((company.pk, overseas[other].pk), ("no", "Not our field."))
        for company in overseas:
            targets = rng.sample(range(len(japanese)), 9)
            for n, j in enumerate(targets):
                preference = "must" if n < 2 else "no" if n == 8 else "like"
                note = NOTES.get(preference, "")
                wanted.setdefault((company.pk, japanese[j].pk), (preference, note))
        # Two "must meet" requests the schedule cannot honour, so staff see why: the overseas
        # company is not interested, and an adviser blocked the pair (BLOCKS[0]).
        wanted[(japanese[8].pk, overseas[6].pk)] = ("must", "We want their stamping know-how.")
        wanted[(overseas[6].pk, japanese[8].pk)] = ("no", "Not our field.")
        o, j = BLOCKS[0][:2]
        wanted[(japanese[j].pk, overseas[o].pk)] = ("must", "A possible supplier of seals.")
        existing = set(
            MeetingRequest.objects.filter(programme=programme).values_list("company_id",
                                                                            "target_id")
        )  # fmt: skip
        MeetingRequest.objects.bulk_create(
            [
                MeetingRequest(
                    programme=programme,
                    company_id=by,
                    target_id=target,
                    preference=preference,
                    note=note,
                )
                for (by, target), (preference, note) in sorted(wanted.items())
                if (by, target) not in existing
            ]
        )

    def _advisers(self, programme, overseas, japanese):
        advisers = {u.username: u for u in User.objects.filter(username__startswith="adviser")}
        for o, j, adjustment, kind, reason, username in ADVISER_SCORES:
            PairScore.objects.get_or_create(
                programme=programme,
                overseas=overseas[o],
                domestic=japanese[j],
                defaults={
                    "adjustment": adjustment,
                    "reason_kind": kind,
                    "reason": reason,
                    "by": advisers.get(username),
                },
            )
        for o, j, kind, reason, username in BLOCKS:
            PairScore.objects.get_or_create(
                programme=programme,
                overseas=overseas[o],
                domestic=japanese[j],
                defaults={
                    "blocked": True,
                    "reason_kind": kind,
                    "reason": reason,
                    "by": advisers.get(username),
                },
            )
