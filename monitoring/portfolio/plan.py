"""The portfolio's numbers and plan: which programmes, of which kind, year, countries and
size, with how many meetings each (pure: no database). Refuses numbers that cannot work."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

SLUG_PREFIX = "portfolio-"
SLUG_REGEX = r"^portfolio-[0-9]{4}-[0-9]{2,}-"
COMPANY_MARK = "PORTFOLIO-"  # registration numbers of the generated companies start with it
RATE_SOURCE = "load_portfolio (generated)"
UNUSABLE_PASSWORD = "!portfolio"  # noqa: S105 - an unusable password: nobody signs in as these
BATCH = 2000
TZ = ZoneInfo("Asia/Tokyo")
FIRST_YEAR, YEARS = 2012, 5

# partner countries: (weight, currency, application language, name, Japanese name)
COUNTRIES = {
    "VN": (6, "VND", "vi", "Vietnam", "ベトナム"),
    "TH": (6, "THB", "th", "Thailand", "タイ"),
    "ID": (4, "IDR", "en", "Indonesia", "インドネシア"),
    "MY": (4, "MYR", "en", "Malaysia", "マレーシア"),
    "PH": (3, "PHP", "en", "the Philippines", "フィリピン"),
    "MM": (2, "MMK", "en", "Myanmar", "ミャンマー"),
    "KH": (1, "KHR", "en", "Cambodia", "カンボジア"),
    "LA": (1, "LAK", "en", "Laos", "ラオス"),
    "SG": (1, "SGD", "en", "Singapore", "シンガポール"),
    "BN": (1, "USD", "en", "Brunei", "ブルネイ"),
    "TW": (2, "TWD", "en", "Taiwan", "台湾"),
    "RU": (0, "RUB", "ru", "Russia", "ロシア"),
    "DE": (0, "EUR", "en", "Germany", "ドイツ"),
    "FR": (0, "EUR", "en", "France", "フランス"),
    "IT": (0, "EUR", "en", "Italy", "イタリア"),
    "BE": (0, "EUR", "en", "Belgium", "ベルギー"),
    "PL": (0, "PLN", "en", "Poland", "ポーランド"),
}
ASEAN = [code for code, spec in COUNTRIES.items() if spec[0]]
EUROPE = ["DE", "FR", "IT", "BE", "PL"]
# kind: (weight, meeting days choices)
KINDS = {
    "ceo_network": (40, (2, 3, 3)),
    "japan_russia": (7, (1, 2)),
    "eu_japan": (6, (2,)),
    "other": (3, (2,)),
}
KIND_TITLES = {
    "ceo_network": ("SMEs' CEO Network Enhancing Project", "中小企業経営者ネットワーク強化事業"),
    "japan_russia": ("Japan–Russia SME meeting", "日露中小企業交流会"),
    "eu_japan": ("EU–Japan business meetings", "日EUビジネスミーティング"),
    "other": ("Ministerial visit business meetings", "閣僚訪日ビジネスミーティング"),
}
SECTORS = [
    "auto_parts", "transport_equipment", "electronics", "industrial_machinery",
    "medical_equipment", "food_processing", "moulds", "aircraft_parts", "infrastructure",
    "building_materials", "it", "energy",
]  # fmt: skip
SECTOR_SME = {
    "it": "software",
    "food_processing": "manufacturing",
    "infrastructure": "construction",
}
# meeting length and meetings per day by year (the case study: 20 → 40 → 30 minutes, 8 → 11)
MEETING_SETTINGS = {2012: (20, 8), 2013: (40, 8), 2014: (30, 10)}
LATER_SETTINGS = (30, 11)
LEVEL_WEIGHTS = (20, 40, 22, 12, 6)  # levels 1..5 of the meetings held
STATUS_WEIGHTS = {"held": 90, "no_show": 6, "cancelled": 4}
FOLLOW_UP_PATH = ("contacted", "visit_made", "negotiating", "agreement_signed")
FOLLOW_UP_WEIGHTS = {  # open, contacted, visit_made, negotiating, agreement_signed, dropped
    3: (6, 18, 22, 18, 12, 24),
    4: (3, 10, 15, 22, 30, 20),
}
NOTES = {
    "contacted": ("First call with both companies: they want the mutual visits.",
                  "両社に電話で確認。相互訪問を希望。",
                  "E-mail exchange: catalogues and prices sent."),
    "visit_made": ("Visit to the Japanese plant made; samples requested.",
                   "海外企業が工場を訪問。サンプルを依頼。",
                   "Return visit to the overseas factory."),
    "negotiating": ("Quotation sent; price and volumes under negotiation.",
                    "見積書を提出。価格と数量を交渉中。", "Draft contract exchanged."),
    "agreement_signed": ("Agreement signed.", "販売代理店契約を締結。",
                         "Joint development agreement signed."),
    "dropped": ("The overseas company chose a local supplier.", "先方の予算不足により見送り。",
                "No answer after three reminders: closed."),
}  # fmt: skip
COMMENTS = {
    "ja": ("来春、工場見学を約束しました。", "価格について継続して相談します。",
           "カタログを交換しました。"),
    "en": ("Good first contact; we exchanged catalogues.", "They will visit our plant.",
           "Interesting products, but not for our market yet."),
    "ru": ("Договорились о взаимных визитах.", "Обменялись контактами.", "Интересный партнёр."),
    "vi": ("Hai bên hẹn thăm nhà máy.", "Đã trao đổi danh mục sản phẩm.", "Cần thêm thông tin."),
    "th": ("ตกลงเยี่ยมชมโรงงาน", "แลกเปลี่ยนแคตตาล็อกแล้ว", "สนใจสินค้า"),
}  # fmt: skip
JP_PLACES = (
    ("Naniwa", "浪速"), ("Sakai", "堺"), ("Hamamatsu", "浜松"), ("Kawasaki", "川崎"),
    ("Tsubame", "燕"), ("Sanjo", "三条"), ("Higashiosaka", "東大阪"), ("Ota", "大田"),
    ("Suwa", "諏訪"), ("Okaya", "岡谷"), ("Kariya", "刈谷"), ("Kitakyushu", "北九州"),
    ("Toyama", "富山"), ("Kanazawa", "金沢"), ("Fukui", "福井"), ("Hiroshima", "広島"),
    ("Kumamoto", "熊本"), ("Sendai", "仙台"), ("Niigata", "新潟"), ("Gifu", "岐阜"),
    ("Nagoya", "名古屋"), ("Kobe", "神戸"), ("Kyoto", "京都"), ("Shizuoka", "静岡"),
    ("Okayama", "岡山"), ("Takaoka", "高岡"), ("Seki", "関"), ("Tsuruoka", "鶴岡"),
    ("Hitachi", "日立"), ("Kiryu", "桐生"), ("Yonezawa", "米沢"), ("Ueda", "上田"),
    ("Sabae", "鯖江"), ("Imabari", "今治"), ("Kure", "呉"), ("Ube", "宇部"),
    ("Hachioji", "八王子"), ("Sagamihara", "相模原"), ("Fujisawa", "藤沢"), ("Iwaki", "磐城"),
)  # fmt: skip
JP_TRADES = (
    ("Seiko", "精工"), ("Kogyo", "工業"), ("Seisakusho", "製作所"), ("Denki", "電機"),
    ("Giken", "技研"), ("Kasei", "化成"), ("Kikai", "機械"), ("Tekko", "鉄工"),
    ("Seimitsu", "精密"), ("Shokuhin", "食品"), ("Sangyo", "産業"), ("Kosakusho", "工作所"),
    ("Koki", "工機"), ("Denshi", "電子"), ("Kinzoku", "金属"), ("Seiki", "精機"),
)  # fmt: skip
WITH_KOGYO = {"Seimitsu", "Denki", "Kikai", "Kinzoku", "Kasei", "Denshi"}
OVERSEAS_WORDS = (
    "Precision",
    "Auto Parts",
    "Electronics",
    "Mechanical",
    "Plastics",
    "Foods",
    "Engineering",
    "Medical",
    "Software",
    "Moulds",
    "Steel",
    "Trading",
)
OVERSEAS_PLACES = {
    "VN": ("Saigon", "Hanoi", "Da Nang", "Hai Phong", "Binh Duong"),
    "TH": ("Siam", "Bangkok", "Chonburi", "Rayong", "Ayutthaya"),
    "ID": ("Jakarta", "Bekasi", "Surabaya", "Bandung", "Karawang"),
    "MY": ("Penang", "Selangor", "Johor", "Klang", "Melaka"),
    "PH": ("Manila", "Cebu", "Laguna", "Cavite", "Davao"),
    "MM": ("Yangon", "Mandalay", "Thilawa"),
    "KH": ("Phnom Penh", "Sihanoukville"),
    "LA": ("Vientiane", "Savannakhet"),
    "SG": ("Jurong", "Tuas", "Woodlands"),
    "BN": ("Bandar", "Seria"),
    "TW": ("Taichung", "Hsinchu", "Tainan", "Taoyuan"),
    "RU": ("Volga", "Ural", "Siberia", "Neva", "Kazan"),
    "DE": ("Rhein", "Bavaria", "Saxony"),
    "FR": ("Lyon", "Alsace", "Loire"),
    "IT": ("Lombardia", "Emilia", "Veneto"),
    "BE": ("Flanders", "Liège", "Antwerp"),
    "PL": ("Silesia", "Mazovia", "Pomerania"),
}
LEGAL_SUFFIX = {
    "VN": "JSC",
    "TH": "Co., Ltd.",
    "RU": "LLC",
    "DE": "GmbH",
    "FR": "SAS",
    "IT": "S.r.l.",
    "BE": "NV",
    "PL": "Sp. z o.o.",
    "ID": "PT",
    "MY": "Sdn. Bhd.",
}
# JPY per unit of each currency on 1 January and 1 July (a rough path of the real rates)
USD_JPY = {
    2012: (77, 79),
    2013: (87, 99),
    2014: (105, 101),
    2015: (120, 122),
    2016: (118, 102),
    2017: (117, 112),
    2018: (112, 111),
    2019: (109, 108),
}
PER_USD = {  # units per USD, by year
    "USD": 1, "EUR": 0.8, "THB": 32, "VND": 21500, "RUB": 45, "IDR": 11500, "MYR": 3.6,
    "PHP": 44, "MMK": 1100, "KHR": 4050, "LAK": 8100, "SGD": 1.32, "TWD": 31, "PLN": 3.5,
}  # fmt: skip
ROLES = ("japanese", "overseas", "interpreter")


class PortfolioRefused(ValueError):
    """The numbers asked for cannot make a portfolio (the message says why)."""


@dataclass
class ProgrammePlan:
    index: int
    year: int
    number: int  # within its year
    kind: str
    countries: list[str]
    sectors: list[str]
    start: date
    days: int
    meeting_minutes: int
    per_day: int
    overseas: int
    domestic: int
    meetings: int = 0

    @property
    def slots(self) -> int:
        return self.days * self.per_day

    @property
    def capacity(self) -> int:
        return capacity(self.overseas, self.domestic, self.slots)

    @property
    def slug(self) -> str:
        places = "-".join(c.lower() for c in self.countries)
        return f"{SLUG_PREFIX}{self.year}-{self.number:02d}-{places}"


def capacity(overseas: int, domestic: int, slots: int) -> int:
    """The most meetings a programme can hold: every pair at most once, every company at most
    once per slot (a bipartite graph of degree ≤ slots always fits in the slots: König)."""
    small, large = sorted((overseas, domestic))
    return small * min(slots, large)


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(
        keys,
        weights=[weights[k] if not isinstance(weights[k], tuple) else weights[k][0] for k in keys],
    )[0]


def plan(*, programmes: int, meetings: int, overseas: int, domestic: int, seed: int):
    """The programmes to generate (pure: no database). Refuses numbers that cannot work."""
    for name, value in (
        ("--programmes", programmes),
        ("--meetings", meetings),
        ("--overseas", overseas),
        ("--domestic", domestic),
    ):
        if not isinstance(value, int) or value < 1:
            raise PortfolioRefused(f"{name} must be a positive whole number (it was {value}).")
    if overseas < programmes:
        raise PortfolioRefused(
            f"Every programme needs an overseas company: --overseas ({overseas}) must be at "
            f"least --programmes ({programmes})."
        )
    if domestic < programmes:
        raise PortfolioRefused(
            f"Every programme needs a Japanese company: --domestic ({domestic}) must be at "
            f"least --programmes ({programmes})."
        )
    if meetings < programmes:
        raise PortfolioRefused(
            f"Every programme holds at least one meeting: --meetings ({meetings}) must be at "
            f"least --programmes ({programmes})."
        )
    rng = random.Random(seed)
    per_year = _spread(programmes, YEARS)
    overseas_split, domestic_split = _spread(overseas, programmes), _spread(domestic, programmes)
    rng.shuffle(overseas_split)
    rng.shuffle(domestic_split)
    plans, index = [], 0
    for offset, count in enumerate(per_year):
        year = FIRST_YEAR + offset
        minutes, per_day = MEETING_SETTINGS.get(year, LATER_SETTINGS)
        for number in range(count):
            kind = _weighted(rng, KINDS)
            if kind == "ceo_network":
                weights = [COUNTRIES[c][0] for c in ASEAN]
                first = rng.choices(ASEAN, weights=weights)[0]
                countries = [first]
                if rng.random() < 0.45:
                    second = rng.choices(ASEAN, weights=weights)[0]
                    if second != first:
                        countries.append(second)
            elif kind == "japan_russia":
                countries = ["RU"]
            elif kind == "eu_japan":
                countries = sorted(rng.sample(EUROPE, rng.choice((1, 2))))
            else:
                countries = [rng.choice(("MY", "ID", "PH", "TW"))]
            month = 1 + (number * 12) // count + rng.randint(0, max(0, 12 // count - 1))
            day = date(year, min(month, 12), 1) + timedelta(days=rng.randint(0, 20))
            start = day + timedelta(days=(7 - day.weekday()) % 7)  # a Monday
            plans.append(
                ProgrammePlan(
                    index=index,
                    year=year,
                    number=number + 1,
                    kind=kind,
                    countries=countries,
                    sectors=sorted(rng.sample(SECTORS, rng.choice((2, 2, 3)))),
                    start=start,
                    days=rng.choice(KINDS[kind][1]),
                    meeting_minutes=minutes,
                    per_day=per_day,
                    overseas=overseas_split[index],
                    domestic=domestic_split[index],
                )
            )
            index += 1
    total = sum(p.capacity for p in plans)
    if meetings > total:
        raise PortfolioRefused(
            f"{meetings} meetings cannot be arranged: {programmes} programmes with {overseas} "
            f"overseas and {domestic} Japanese companies allow at most {total} meetings (each "
            f"pair meets once, each company once per slot). Ask for fewer meetings or more "
            f"companies."
        )
    # one meeting each, the rest in proportion to what each programme can still hold
    rest = meetings - programmes
    room = [p.capacity - 1 for p in plans]
    room_total = sum(room)
    shares = [rest * r / room_total if room_total else 0 for r in room]
    given = [math.floor(s) for s in shares]
    order = sorted(range(programmes), key=lambda i: (given[i] - shares[i], i))
    for i in order[: rest - sum(given)]:
        given[i] += 1
    for p, extra in zip(plans, given, strict=True):
        p.meetings = 1 + extra
    return plans


JP_SURNAMES = (
    ("Yamamoto", "山本"), ("Tanaka", "田中"), ("Suzuki", "鈴木"), ("Takahashi", "高橋"),
    ("Watanabe", "渡辺"), ("Ito", "伊藤"), ("Nakamura", "中村"), ("Kobayashi", "小林"),
    ("Kato", "加藤"), ("Yoshida", "吉田"), ("Yamada", "山田"), ("Sasaki", "佐々木"),
    ("Matsumoto", "松本"), ("Inoue", "井上"), ("Kimura", "木村"), ("Hayashi", "林"),
    ("Shimizu", "清水"), ("Mori", "森"), ("Ikeda", "池田"), ("Hashimoto", "橋本"),
)  # fmt: skip
BRANDS = {
    "VN": ("Minh Phat", "Hoang Long", "Thanh Cong", "Viet Tien", "An Phu", "Tan Dai Hung"),
    "TH": ("Siam Kraft", "Chao Phraya", "Sahamit", "Rattana", "Kanchana", "Thai Summit"),
    "ID": ("Sinar", "Maju Jaya", "Nusantara", "Berkat", "Sentosa"),
    "MY": ("Ban Hin", "Kemajuan", "Sri Perdana", "Cahaya"),
    "PH": ("Maharlika", "Bayani", "Pilipinas", "Mabuhay"),
    "MM": ("Shwe", "Myat", "Aung"),
    "KH": ("Angkor", "Mekong"),
    "LA": ("Lane Xang", "Mekong"),
    "SG": ("Lion City", "Merlion", "Temasek"),
    "BN": ("Seri", "Mahkota"),
    "TW": ("Formosa", "Da Tong", "Jin Hua", "Tai Yang"),
    "RU": ("Sever", "Vostok", "Zenit", "Rassvet", "Romashka"),
    "DE": ("Müller", "Schneider", "Hoffmann"),
    "FR": ("Dupont", "Lefèvre", "Moreau"),
    "IT": ("Rossi", "Bianchi", "Ferrari"),
    "BE": ("Peeters", "Janssens"),
    "PL": ("Nowak", "Kowalski", "Wiśniewski"),
}
MIDDLES = ("", "", "Industrial ", "Technology ", "International ")


def japanese_name(rng: random.Random) -> tuple[str, str]:
    """A Japanese SME's name in Latin letters and in Japanese: a place, a family name or both,
    a trade word (精密工業 and the like now and then), 株式会社."""
    draw = rng.random()
    place, place_ja = rng.choice(JP_PLACES)
    family, family_ja = rng.choice(JP_SURNAMES)
    if draw < 0.4:
        first, first_ja = place, place_ja
    elif draw < 0.75:
        first, first_ja = family, family_ja
    else:
        first, first_ja = f"{place} {family}", f"{place_ja}{family_ja}"
    trade, trade_ja = rng.choice(JP_TRADES)
    if trade in WITH_KOGYO and rng.random() < 0.4:
        trade, trade_ja = f"{trade} Kogyo", f"{trade_ja}工業"
    local = f"{first_ja}{trade_ja}"
    local = f"株式会社{local}" if rng.random() < 0.6 else f"{local}株式会社"
    return f"{first} {trade} Co., Ltd.", local


def overseas_name(rng: random.Random, country: str) -> str:
    first = rng.choice(OVERSEAS_PLACES[country] + BRANDS.get(country, ()))
    middle = rng.choice(MIDDLES)
    return f"{first} {middle}{rng.choice(OVERSEAS_WORDS)} {LEGAL_SUFFIX.get(country, 'Co., Ltd.')}"
