"""Load a realistic demo: a CEO Network project week in Osaka and Tokyo, a Japan–Russia SME
meeting, an EU–Japan session in Brussels, and one user for every role. Safe to run again."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand
from django.db import transaction

from core.models import Organisation, User
from core.services import organisation_save
from programmes import services
from programmes.models import Activity, Programme, ProgrammeOrganisation, ProgrammeRole, Role

DEMO_PASSWORD = "demo-pass-2027"  # noqa: S105 - printed for the demo on purpose

ORGANISATIONS = [
    ("sme-support-japan", "SME Support, JAPAN", "独立行政法人中小企業基盤整備機構", "agency", "JP",
     "International Cooperation Dept.", "ceo-network@smrj.example"),
    ("meti-sme-agency", "SME Agency, METI", "中小企業庁", "ministry", "JP", "Overseas Division",
     "overseas@meti.example"),
    ("vn-aed", "Agency for Enterprise Development (Vietnam)", "Cục Phát triển doanh nghiệp",
     "counterpart", "VN", "Nguyen Thi Lan", "lan.nguyen@aed.example"),
    ("th-osmep", "Office of SMEs Promotion (Thailand)",
     "สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม", "counterpart", "TH", "Somchai Prasert",
     "somchai@osmep.example"),
    ("opora-russia", "OPORA RUSSIA", "ОПОРА РОССИИ", "counterpart", "RU", "Irina Sokolova",
     "i.sokolova@opora.example"),
    ("russian-export-center", "Russian Export Center", "Российский экспортный центр",
     "counterpart", "RU", "Pavel Orlov", "p.orlov@rec.example"),
    ("een-belgium", "Enterprise Europe Network Brussels", "", "counterpart", "BE", "Anne Claes",
     "anne.claes@een.example"),
    ("smrj-advisers", "SME Support, JAPAN advisers", "中小機構アドバイザー", "advisers", "JP",
     "Adviser desk", "advisers@smrj.example"),
    ("kansai-interpreters", "Kansai Interpreters Cooperative", "関西通訳協同組合",
     "interpreters", "JP", "Booking desk", "booking@kansai-interp.example"),
    ("naniwa-precision", "Naniwa Precision Co., Ltd.", "浪速精密株式会社", "company", "JP",
     "Takeshi Yamamoto", "yamamoto@naniwa-precision.example"),
    ("saigon-auto-parts", "Saigon Auto Parts JSC", "Công ty CP Phụ tùng Ô tô Sài Gòn", "company",
     "VN", "Tran Van Minh", "minh@saigon-autoparts.example"),
]  # fmt: skip

USERS = [
    # username, first, last, organisation, language, is_staff
    ("staff", "Keiko", "Tanaka", "sme-support-japan", "en", True),
    ("counterpart-vn", "Lan", "Nguyen", "vn-aed", "en", False),
    ("counterpart-th", "Somchai", "Prasert", "th-osmep", "en", False),
    ("counterpart-ru", "Irina", "Sokolova", "opora-russia", "ru", False),
    ("adviser", "Hiroshi", "Sato", "smrj-advisers", "ja", False),
    ("adviser-ito", "Kenji", "Ito", "smrj-advisers", "ja", False),
    ("adviser-suzuki", "Naoko", "Suzuki", "smrj-advisers", "en", False),
    ("adviser-watanabe", "Akira", "Watanabe", "smrj-advisers", "ja", False),
    ("interpreter", "Mai", "Pham", "kansai-interpreters", "ja", False),
    ("coordinator", "Daisuke", "Mori", "kansai-interpreters", "ja", False),
    ("reviewer", "Yuki", "Kobayashi", "meti-sme-agency", "ja", False),
    ("company-jp", "Takeshi", "Yamamoto", "naniwa-precision", "ja", False),
    ("company-vn", "Minh", "Tran", "saigon-auto-parts", "en", False),
]

VENUES = {
    "osaka-icc": ("Osaka International Convention Center", "Osaka"),
    "mydome": ("MyDome Osaka", "Osaka"),
    "osaka-hotel": ("Hotel New Otani Osaka", "Osaka"),
    "higashi-osaka": ("Naniwa Precision factory, Higashi-Osaka", "Higashiosaka"),
    "tokyo-forum": ("Tokyo International Forum", "Tokyo"),
    "smrj-hq": ("SME Support, JAPAN headquarters, Toranomon", "Tokyo"),
    "tokyo-hotel": ("Hotel Okura Tokyo", "Tokyo"),
    "brussels": ("The Square, Brussels Meeting Centre", "Brussels"),
}

BM = Activity.Kind.BUSINESS_MEETINGS

PROGRAMMES = [
    {
        "slug": "ceo-network-2027-vn-th",
        "kind": Programme.Kind.CEO_NETWORK,
        "title": "SMEs' CEO Network Enhancing Project: Vietnam and Thailand, auto parts and "
        "electronics",
        "title_ja": "中小企業経営者ネットワーク強化事業：ベトナム・タイ（自動車部品・電子部品）",
        "title_ru": "Проект укрепления сети руководителей МСП: Вьетнам и Таиланд, автокомпоненты "
        "и электроника",
        "description": "About 20 CEOs from Vietnam and Thailand meet about 100 Japanese SMEs: "
        "business meetings in Osaka early in the week and in Tokyo at the end, with seminars, "
        "a factory visit, a reception and an official dinner.",
        # Vietnamese and Thai: the programme recruits in Vietnam and Thailand.
        "title_vi": "Dự án tăng cường mạng lưới giám đốc điều hành doanh nghiệp nhỏ và vừa: "
        "Việt Nam và Thái Lan, linh kiện ô tô và điện tử",
        "title_th": "โครงการเสริมสร้างเครือข่ายผู้บริหาร SME: เวียดนามและไทย "
        "ชิ้นส่วนยานยนต์และอิเล็กทรอนิกส์",
        "description_ja": "ベトナムとタイの経営者約20名が日本の中小企業約100社と出会います。"
        "週の前半は大阪、後半は東京で商談会を行い、セミナー、工場見学、レセプション、公式夕食会も"
        "予定しています。",
        "description_ru": "Около 20 руководителей из Вьетнама и Таиланда встречаются примерно со "
        "100 японскими МСП: деловые встречи в Осаке в начале недели и в Токио в конце, а также "
        "семинары, посещение завода, приём и официальный ужин.",
        "description_vi": "Khoảng 20 giám đốc điều hành từ Việt Nam và Thái Lan gặp gỡ khoảng "
        "100 doanh nghiệp nhỏ và vừa Nhật Bản: các buổi gặp gỡ kinh doanh tại Osaka vào đầu "
        "tuần và tại Tokyo vào cuối tuần, cùng với hội thảo, tham quan nhà máy, tiệc chiêu đãi "
        "và bữa tối chính thức.",
        "description_th": "ผู้บริหารจากเวียดนามและไทยประมาณ 20 คนจะได้พบกับ SME ญี่ปุ่นประมาณ "
        "100 ราย: การเจรจาธุรกิจที่โอซาก้าในช่วงต้นสัปดาห์และที่โตเกียวในช่วงท้ายสัปดาห์ "
        "พร้อมการสัมมนา การเยี่ยมชมโรงงาน งานเลี้ยงต้อนรับ และงานเลี้ยงอาหารค่ำอย่างเป็นทางการ",
        "partner_countries": ["VN", "TH"],
        "sectors": ["auto_parts", "electronics", "industrial_machinery"],
        "time_zone": "Asia/Tokyo",
        "start_date": date(2027, 2, 15),
        "end_date": date(2027, 2, 19),
        "status": Programme.Status.RECRUITING,
        "organisations": [("vn-aed", Role.COUNTERPART), ("th-osmep", Role.COUNTERPART)],
        "people": [("adviser", Role.ADVISER), ("adviser-ito", Role.ADVISER),
                   ("adviser-suzuki", Role.ADVISER), ("adviser-watanabe", Role.ADVISER),
                   ("interpreter", Role.INTERPRETER), ("coordinator", Role.COORDINATOR),
                   ("reviewer", Role.REVIEWER), ("company-jp", Role.COMPANY),
                   ("company-vn", Role.COMPANY)],
        "activities": [
            # day, start, end, kind, title, title_ja, title_ru, venue, meetings settings, tables
            (15, "10:00", "12:00", Activity.Kind.SEMINAR, "Seminar: Japanese production management",
             "セミナー：日本の生産管理", "Семинар: японская система управления производством",
             "mydome", None, None),
            (15, "13:00", "18:00", BM, "Business meetings, Osaka (day 1)", "商談会 大阪（1日目）",
             "Деловые встречи, Осака (день 1)", "osaka-icc", (30, 0, 10), 20),
            (15, "18:30", "20:30", Activity.Kind.RECEPTION, "Network-enhancing reception, Osaka",
             "ネットワーク強化交流会（大阪）", "Приём для установления контактов, Осака",
             "osaka-hotel", None, None),
            (16, "09:30", "11:30", Activity.Kind.SEMINAR,
             "Seminar: working with Japanese SMEs", "セミナー：日本の中小企業との協業",
             "Семинар: работа с японскими МСП", "mydome", None, None),
            (16, "13:00", "18:30", BM, "Business meetings, Osaka (day 2)", "商談会 大阪（2日目）",
             "Деловые встречи, Осака (день 2)", "osaka-icc", (30, 0, 11), 20),
            (17, "09:30", "12:00", Activity.Kind.COMPANY_VISIT,
             "Company visit: Naniwa Precision, Higashi-Osaka", "企業訪問：浪速精密（東大阪）",
             "Визит на предприятие: Naniwa Precision, Хигаси-Осака", "higashi-osaka", None, None),
            (18, "10:00", "12:00", Activity.Kind.SEMINAR,
             "Seminar: Japan's start-up ecosystem", "セミナー：日本のスタートアップ・エコシステム",
             "Семинар: стартап-экосистема Японии", "smrj-hq", None, None),
            (18, "13:00", "18:00", BM, "Business meetings, Tokyo (day 1)", "商談会 東京（1日目）",
             "Деловые встречи, Токио (день 1)", "tokyo-forum", (30, 0, 10), 20),
            (18, "19:00", "21:00", Activity.Kind.OFFICIAL_DINNER, "Official dinner",
             "公式夕食会", "Официальный ужин", "tokyo-hotel", None, None),
            (19, "13:00", "17:30", BM, "Business meetings, Tokyo (day 2)", "商談会 東京（2日目）",
             "Деловые встречи, Токио (день 2)", "tokyo-forum", (25, 5, 9), 20),
            (19, "18:30", "20:30", Activity.Kind.RECEPTION, "Network-enhancing reception, Tokyo",
             "ネットワーク強化交流会（東京）", "Приём для установления контактов, Токио",
             "tokyo-hotel", None, None),
        ],
    },
    {
        "slug": "japan-russia-sme-2027",
        "kind": Programme.Kind.JAPAN_RUSSIA,
        "title": "Japan–Russia SME networking event",
        "title_ja": "日露中小企業交流会",
        "title_ru": "Японско-российская встреча малого и среднего бизнеса",
        "description": "A public–private dialogue followed by business matching: 27 Japanese and "
        "9 Russian companies.",
        "partner_countries": ["RU"],
        "sectors": ["industrial_machinery", "food_processing", "medical_equipment"],
        "time_zone": "Asia/Tokyo",
        "start_date": date(2027, 3, 10),
        "end_date": date(2027, 3, 11),
        "status": Programme.Status.MATCHING,
        "organisations": [("opora-russia", Role.COUNTERPART),
                          ("russian-export-center", Role.COUNTERPART)],
        "people": [("adviser", Role.ADVISER), ("reviewer", Role.REVIEWER)],
        "activities": [
            (10, "10:00", "12:00", Activity.Kind.DIALOGUE, "Public–private dialogue on SME "
             "cooperation", "中小企業協力に関する官民対話",
             "Государственно-частный диалог о сотрудничестве МСП", "smrj-hq", None, None),
            (10, "13:00", "18:00", BM, "Business matching", "ビジネスマッチング",
             "Деловые встречи", "tokyo-forum", (30, 5, 8), 9),
            (10, "18:30", "20:00", Activity.Kind.RECEPTION, "Networking reception",
             "交流会", "Приём", "tokyo-hotel", None, None),
            (11, "09:30", "12:00", Activity.Kind.COMPANY_VISIT, "Company visits in Tokyo",
             "都内企業訪問", "Визиты на предприятия в Токио", "smrj-hq", None, None),
        ],
    },
    {
        "slug": "eu-japan-medical-2027",
        "kind": Programme.Kind.EU_JAPAN,
        "title": "EU–Japan business meetings: medical and assistive equipment",
        "title_ja": "日EUビジネスミーティング：医療・福祉機器",
        "title_ru": "Деловые встречи ЕС–Япония: медицинское и реабилитационное оборудование",
        "description": "Japanese SMEs meet European companies in Brussels.",
        "partner_countries": ["BE", "DE", "NL"],
        "sectors": ["medical_equipment"],
        "time_zone": "Europe/Brussels",
        "start_date": date(2027, 5, 18),
        "end_date": date(2027, 5, 18),
        "status": Programme.Status.DRAFT,
        "organisations": [("een-belgium", Role.COUNTERPART)],
        "people": [],
        "activities": [
            (18, "14:00", "17:30", BM, "Business meetings, Brussels", "商談会（ブリュッセル）",
             "Деловые встречи, Брюссель", "brussels", (20, 5, 8), 12),
        ],
    },
]  # fmt: skip


class Command(BaseCommand):
    help = "Load the demo programmes and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    @transaction.atomic
    def handle(self, *args, quiet=False, **options):
        orgs = self._organisations()
        users = self._users(orgs)
        for spec in PROGRAMMES:
            self._programme(spec, orgs, users, by=users["staff"])
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded. Logins (password for all: {DEMO_PASSWORD}):")
            )
            for username, first, last, org, _lang, _staff in USERS:
                self.stdout.write(
                    f"  {username:<15} {first} {last}, {orgs[org].name} "
                    f"({orgs[org].get_kind_display()})"
                )

    def _organisations(self):
        orgs = {}
        for slug, name, local, kind, country, contact, email in ORGANISATIONS:
            org = Organisation.objects.filter(slug=slug).first() or Organisation(slug=slug)
            org.name, org.name_local, org.kind, org.country = name, local, kind, country
            org.contact_name, org.contact_email = contact, email
            orgs[slug] = organisation_save(org, by=None)
        return orgs

    def _users(self, orgs):
        users = {}
        for username, first, last, org, language, is_staff in USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@{orgs[org].slug}.example"
            user.organisation, user.language = orgs[org], language
            user.is_staff = user.is_superuser = is_staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            users[username] = user
        return users

    def _programme(self, spec, orgs, users, *, by):
        fields = {k: spec[k] for k in services.PROGRAMME_FIELDS if k in spec and k != "slug"}
        programme = Programme.objects.filter(slug=spec["slug"]).first()
        if programme is None:
            programme = services.programme_create(by=by, slug=spec["slug"], **fields)
        else:
            programme = services.programme_update(programme, by=by, **fields)
        Programme.objects.filter(pk=programme.pk).update(status=spec["status"])
        tz = programme.tzinfo
        venues = {
            key: services.venue_get_or_create(name=name, city=city, by=by)
            for key, (name, city) in VENUES.items()
        }
        for day, start, end, kind, title, title_ja, title_ru, venue, meeting, tables in spec[
            "activities"
        ]:
            the_day = programme.start_date.replace(day=day)
            values = {
                "kind": kind, "title": title, "title_ja": title_ja, "title_ru": title_ru,
                "venue": venues[venue],
                "starts_at": datetime.combine(the_day, time.fromisoformat(start), tzinfo=tz),
                "ends_at": datetime.combine(the_day, time.fromisoformat(end), tzinfo=tz),
            }  # fmt: skip
            if meeting:
                values["meeting_minutes"], values["break_minutes"], values["meetings_per_day"] = (
                    meeting
                )
            existing = programme.activities.filter(title=title).first()
            if existing:
                services.activity_update(existing, by=by, tables=tables, **values)
            else:
                services.activity_create(programme, by=by, tables=tables, **values)
        for org_slug, role in spec["organisations"]:
            ProgrammeOrganisation.objects.get_or_create(
                programme=programme,
                organisation=orgs[org_slug],
                defaults={"role": role, "invited_by": by},
            )
        for username, role in spec["people"]:
            ProgrammeRole.objects.get_or_create(
                programme=programme, user=users[username], role=role, defaults={"invited_by": by}
            )
