"""Demo applicants: realistic, deterministic rows for the Vietnamese and Thai counterparts'
lists (in the upload template's columns) and a few Japanese companies for the registry."""

import csv
import io
import random

COLUMNS = [
    "registration_number", "legal_name", "local_name", "latin_name", "country", "sector",
    "legal_form", "currency", "capital", "sales", "balance_sheet", "figures_date", "employees",
    "year_founded", "growth_rate", "exports", "imports", "overseas_trade",
    "japanese_partner_experience", "japanese_support_programmes", "hiring_countries",
    "business_profile", "contact_name", "contact_email", "contact_phone", "website",
]  # fmt: skip

VIETNAM = [
    ("Saigon Auto Parts JSC", "Công ty CP Phụ tùng Ô tô Sài Gòn", "manufacturing",
     "brake components and stamped parts for motorcycles and cars", "Tran Van Minh"),
    ("Hanoi Precision Mechanics Co., Ltd.", "Công ty TNHH Cơ khí Chính xác Hà Nội",
     "manufacturing", "CNC-machined shafts, gears and jigs", "Le Thi Hoa"),
    ("Dong Nai Rubber Technology JSC", "Công ty CP Công nghệ Cao su Đồng Nai", "rubber",
     "rubber seals, gaskets and anti-vibration mounts", "Pham Quoc Huy"),
    ("Binh Duong Electronics Assembly Co., Ltd.", "Công ty TNHH Lắp ráp Điện tử Bình Dương",
     "manufacturing", "PCB assembly and wire harnesses", "Nguyen Thanh Tung"),
    ("Hai Phong Moulds and Dies JSC", "Công ty CP Khuôn mẫu Hải Phòng", "manufacturing",
     "plastic injection moulds and press dies", "Vu Minh Chau"),
    ("Da Nang Software Solutions JSC", "Công ty CP Giải pháp Phần mềm Đà Nẵng", "software",
     "embedded software and factory IoT dashboards", "Hoang Anh Dung"),
    ("Mekong Industrial Machinery Co., Ltd.", "Công ty TNHH Máy Công nghiệp Mê Kông",
     "manufacturing", "food-processing and packaging machines", "Dang Van Khoa"),
    ("Vietnam Wire and Cable Trading JSC", "Công ty CP Thương mại Dây Cáp Việt Nam",
     "wholesale", "distribution of automotive wire and connectors", "Bui Thi Mai"),
    ("Thang Long Casting JSC", "Công ty CP Đúc Thăng Long", "manufacturing",
     "aluminium die-cast housings", "Ngo Duc Thang"),
    ("Ho Chi Minh City Logistics Services Co., Ltd.", "Công ty TNHH Dịch vụ Logistics TP.HCM",
     "transport", "bonded warehousing and just-in-time parts delivery", "Ly Hoang Nam"),
    ("Viet Heat Treatment Co., Ltd.", "Công ty TNHH Nhiệt luyện Việt", "manufacturing",
     "vacuum heat treatment and surface hardening", "Trinh Van Long"),
    ("Bac Ninh Plastic Components JSC", "Công ty CP Linh kiện Nhựa Bắc Ninh",
     "manufacturing", "precision plastic parts for printers and cameras", "Do Thi Lan"),
    ("Saigon Engineering Consultants JSC", "Công ty CP Tư vấn Kỹ thuật Sài Gòn", "services",
     "quality-management and ISO/IATF 16949 consulting", "Phan Minh Tri"),
    ("Red River Steel Fabrication Co., Ltd.", "Công ty TNHH Kết cấu Thép Sông Hồng",
     "construction", "steel structures for factories", "Cao Van Son"),
    ("Can Tho Agro Machinery JSC", "Công ty CP Máy Nông nghiệp Cần Thơ", "agriculture",
     "rice-harvesting machine parts", "Ha Thi Thu"),
    ("Vinh Phuc Motorcycle Parts Co., Ltd.", "Công ty TNHH Phụ tùng Xe máy Vĩnh Phúc",
     "manufacturing", "chains, sprockets and clutch plates", "Luong Van Binh"),
    ("Quang Ninh Electric Motors JSC", "Công ty CP Động cơ Điện Quảng Ninh", "manufacturing",
     "small electric motors for appliances", "Kieu Thi Ngoc"),
    ("Vietnam Industrial Retail Co., Ltd.", "Công ty TNHH Bán lẻ Công nghiệp Việt Nam",
     "retail", "tools and safety equipment shops", "Mac Van Hieu"),
]  # fmt: skip

THAILAND = [
    ("Siam Auto Components Co., Ltd.", "บริษัท สยามออโต้คอมโพเนนท์ จำกัด", "manufacturing",
     "pressed and welded body parts", "Somsak Chaiyaporn"),
    ("Bangkok Precision Tools Co., Ltd.", "บริษัท บางกอกพรีซิชั่นทูลส์ จำกัด",
     "manufacturing", "cutting tools and tool regrinding", "Niran Sukprasert"),
    ("Chonburi Rubber Products Co., Ltd.", "บริษัท ชลบุรียางผลิตภัณฑ์ จำกัด", "rubber",
     "hoses and rubber-to-metal bonded parts", "Wanida Thongchai"),
    ("Rayong Plastics Moulding Co., Ltd.", "บริษัท ระยองพลาสติกโมลดิ้ง จำกัด",
     "manufacturing", "interior trim injection moulding", "Prasit Kaewmanee"),
    ("Thai Electronics Sub-assembly Co., Ltd.", "บริษัท ไทยอิเล็กทรอนิกส์ซับแอสเซมบลี จำกัด",
     "manufacturing", "sensor modules and coil winding", "Kanya Srisuk"),
    ("Ayutthaya Machine Works Co., Ltd.", "บริษัท อยุธยาแมชชีนเวิร์คส์ จำกัด",
     "manufacturing", "special-purpose machines and automation cells", "Anan Boonmee"),
    ("Chiang Mai Food Machinery Co., Ltd.", "บริษัท เชียงใหม่ฟู้ดแมชชีนเนอรี่ จำกัด",
     "manufacturing", "drying and roasting equipment", "Malee Intarasuk"),
    ("Laem Chabang Forwarding Co., Ltd.", "บริษัท แหลมฉบังฟอร์เวิร์ดดิ้ง จำกัด",
     "transport", "sea-freight forwarding for auto parts", "Chaiwat Pongsiri"),
    ("Thai Industrial Supply Trading Co., Ltd.", "บริษัท ไทยอินดัสเทรียลซัพพลายเทรดดิ้ง จำกัด",
     "wholesale", "bearings, fasteners and hydraulics distribution", "Suda Rattanakorn"),
    ("Samut Prakan Die Casting Co., Ltd.", "บริษัท สมุทรปราการไดคาสติ้ง จำกัด",
     "manufacturing", "zinc and aluminium die casting", "Kittisak Meechai"),
    ("Pathum Thani Software Co., Ltd.", "บริษัท ปทุมธานีซอฟต์แวร์ จำกัด", "software",
     "production-planning software for SMEs", "Orawan Jitpakdee"),
    ("Eastern Seaboard Engineering Services Co., Ltd.",
     "บริษัท อีสเทิร์นซีบอร์ดเอ็นจิเนียริ่งเซอร์วิส จำกัด", "services",
     "maintenance of production lines", "Thanakorn Wongsa"),
    ("Nakhon Ratchasima Wire Harness Co., Ltd.", "บริษัท นครราชสีมาไวร์ฮาร์เนส จำกัด",
     "manufacturing", "wire harnesses for agricultural machines", "Jintana Phromma"),
    ("Saraburi Steel Parts Co., Ltd.", "บริษัท สระบุรีสตีลพาร์ท จำกัด", "manufacturing",
     "forged steel parts", "Wichai Saengthong"),
    ("Siam Surface Coating Co., Ltd.", "บริษัท สยามเซอร์เฟซโคตติ้ง จำกัด", "manufacturing",
     "electroplating and powder coating", "Pornthip Kongkaew"),
    ("Bangkok Industrial Design Studio Co., Ltd.", "บริษัท บางกอกอินดัสเทรียลดีไซน์สตูดิโอ จำกัด",
     "services", "product design and prototyping", "Napat Chansiri"),
    ("Thai Medical Devices Co., Ltd.", "บริษัท ไทยเมดิคอลดีไวซ์ จำกัด", "manufacturing",
     "rehabilitation and assistive devices", "Siriporn Thammasak"),
]  # fmt: skip

JAPAN = [
    ("Naniwa Precision Co., Ltd.", "浪速精密株式会社", "manufacturing", 48_000_000, 85,
     "precision turned parts for automotive and medical use"),
    ("Higashi-Osaka Spring Works Co., Ltd.", "東大阪スプリング工業株式会社", "manufacturing",
     30_000_000, 42, "wire springs and formed parts"),
    ("Sakai Moulding Technology Co., Ltd.", "堺モールディングテクノロジー株式会社",
     "manufacturing", 90_000_000, 160, "injection moulds for automotive interiors"),
    ("Kansai Harness Systems Co., Ltd.", "関西ハーネスシステム株式会社", "manufacturing",
     250_000_000, 280, "wire harnesses and connectors"),
    ("Tokyo Factory IoT Co., Ltd.", "東京ファクトリーIoT株式会社", "software", 20_000_000,
     35, "sensors and software for factory monitoring"),
    ("Kawasaki Heat Treating Co., Ltd.", "川崎熱処理株式会社", "manufacturing", 10_000_000, 60,
     "contract heat treatment"),
    ("Ota Ward Machining Co., Ltd.", "大田区精密加工株式会社", "manufacturing", 12_000_000, 18,
     "prototype machining within 48 hours"),
    ("Nagoya Auto Trading Co., Ltd.", "名古屋オートトレーディング株式会社", "wholesale",
     80_000_000, 95, "auto-parts trading with South-East Asia"),
]  # fmt: skip

EXPERIENCE = [
    "exports to Japan through a trading company since 2019",
    "supplies a Japanese-owned assembler in an industrial park",
    "exports to Korea and Taiwan",
    "no overseas sales yet; imports machines from Germany",
    "joined a JETRO trade mission in 2023",
    "",
]


def _phone(rng: random.Random, country: str) -> str:
    prefix = {"VN": "+84 28", "TH": "+66 2"}[country]
    return f"{prefix} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"


def applicant_rows(country: str) -> list[dict]:
    """The counterpart's list for `country` ("VN" or "TH"), one dict per row."""
    rng = random.Random(f"demo-{country}")
    names = VIETNAM if country == "VN" else THAILAND
    currency = "VND" if country == "VN" else "THB"
    rows = []
    for index, (legal, local, sector, profile, contact) in enumerate(names):
        # The shortlists hold SMEs: every figure below is within its country's limits.
        employees = rng.choice([12, 25, 38, 45, 60, 75, 90])
        if country == "VN":
            sales = rng.choice([8, 25, 60, 90, 120, 150]) * 1_000_000_000
            capital = rng.choice([2, 5, 12, 20, 45, 80]) * 1_000_000_000
        else:
            sales = rng.choice([15, 40, 90, 160, 220, 280]) * 1_000_000
            capital = rng.choice([5, 10, 20, 50, 100]) * 1_000_000
        row = {
            "registration_number": f"{country}{310000 + index * 37:08d}",
            "legal_name": legal,
            "local_name": local,
            "latin_name": "",
            "country": country,
            "sector": sector,
            "legal_form": "company",
            "currency": currency,
            "capital": str(capital),
            "sales": str(sales),
            "balance_sheet": "",
            "figures_date": "2025-12-31",
            "employees": str(employees),
            "year_founded": str(rng.randint(1988, 2018)),
            "growth_rate": str(rng.choice([-4, 2, 5, 8, 12, 18, 25])),
            "exports": rng.choice(["yes", "no"]),
            "imports": rng.choice(["yes", "no"]),
            "overseas_trade": rng.choice(EXPERIENCE),
            "japanese_partner_experience": rng.choice(["yes", "no", "no"]),
            "japanese_support_programmes": rng.choice(["", "", "AOTS training 2022"]),
            "hiring_countries": rng.choice(["", country, f"{country};LA;KH"]),
            "business_profile": profile,
            "contact_name": contact,
            "contact_email": f"{contact.split()[0].lower()}@{legal.split()[0].lower()}-"
            f"{index}.example",
            "contact_phone": _phone(rng, country),
            "website": f"https://www.{legal.split()[0].lower()}-{index}.example",
        }
        rows.append(row)
    # One applicant whose figures are kept in US dollars (converted at a staff-entered rate).
    rows[3]["currency"], rows[3]["capital"], rows[3]["sales"] = "USD", "800000", "6500000"
    # Beyond the shortlist: a company too large to be an SME, and one whose row left out the
    # employees (the SME check cannot decide); neither enters the assessment round.
    for legal, local, employees, capital in EXTRA[country]:
        extra = dict(rows[0])
        slug = legal.split()[0].lower()
        extra.update(
            registration_number=f"{country}{390000 + len(rows):08d}",
            legal_name=legal,
            local_name=local,
            currency=currency,
            capital=str(capital),
            sales=str(capital * 3),
            employees=employees,
            japanese_partner_experience="no",
            contact_email=f"info@{slug}-{len(rows)}.example",
            website=f"https://www.{slug}-{len(rows)}.example",
        )
        rows.append(extra)
    return rows


EXTRA = {
    "VN": [
        ("Mekong Heavy Industries Corporation", "Tổng Công ty Công nghiệp Nặng Mê Kông", "850",
         900 * 1_000_000_000),
        ("Hue Plastics Co., Ltd.", "Công ty TNHH Nhựa Huế", "", 500 * 1_000_000_000),
    ],
    "TH": [
        ("Chonburi Steel Public Company Limited", "บริษัท ชลบุรีสตีล จำกัด (มหาชน)", "640",
         900_000_000),
        ("Rayong Rubber Parts Co., Ltd.", "บริษัท ระยองรับเบอร์พาร์ท จำกัด", "", 900_000_000),
    ],
}  # fmt: skip


def rows_to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


# The Russian counterpart's list (OPORA RUSSIA) for the Japan–Russia SME networking event: SMEs
# under Federal Law 209-FZ with Decree 265 (average headcount and income of 2025 within micro
# 15 / 120 million RUB, small 100 / 800 million RUB, medium 250 / 2 billion RUB), figures in
# roubles, and one company too large for the definition. The city leads the business profile.
# legal name, Cyrillic name, transliteration, city, sector, employees, income (RUB),
# charter capital (RUB), founded, growth %, exports, imports, overseas trade, Japanese partner,
# profile, contact, contact e-mail
RUSSIA = [
    ("Kama Precision Castings LLC", "ООО «Камское точное литьё»", "OOO Kamskoe tochnoe lityo",
     "Naberezhnye Chelny", "manufacturing", 86, 540_000_000, 10_000_000, 2006, "7.5", "yes", "yes",
     "investment castings for truck makers in Belarus and Kazakhstan", "no",
     "investment-cast steel parts for trucks and agricultural machinery", "Ринат Галиев",
     "r.galiev@kamalit.example"),
    ("Siberian Optics JSC", "АО «Сибирская оптика»", "AO Sibirskaya optika", "Novosibirsk",
     "manufacturing", 142, 1_350_000_000, 25_000_000, 1997, "11.2", "yes", "yes",
     "lenses for machine vision exported to China and India", "yes",
     "optical lenses and machine-vision modules for inspection lines", "Елена Кузнецова",
     "e.kuznetsova@sibopt.example"),
    ("Volga Hydraulics LLC", "ООО «Волга Гидравлика»", "OOO Volga Gidravlika", "Samara",
     "manufacturing", 64, 410_000_000, 5_000_000, 2009, "4.0", "no", "yes",
     "imports seals and valves from Italy", "no",
     "hydraulic cylinders and power units for presses", "Дмитрий Орлов",
     "d.orlov@volgahydro.example"),
    ("Tomsk Medical Devices LLC", "ООО «Томские медицинские приборы»",
     "OOO Tomskie meditsinskie pribory", "Tomsk", "manufacturing", 38, 165_000_000, 1_000_000,
     2013, "18.0", "yes", "no", "rehabilitation devices sold in Kazakhstan and Armenia", "no",
     "physiotherapy and rehabilitation devices for clinics", "Ольга Белова",
     "o.belova@tomskmed.example"),
    ("Kazan Software Lab LLC", "ООО «Казанская программная лаборатория»",
     "OOO Kazanskaya programmnaya laboratoriya", "Kazan", "software", 27, 96_000_000, 100_000,
     2016, "24.5", "yes", "no", "develops MES modules for a Turkish integrator", "no",
     "manufacturing execution software for small machine shops", "Артур Хайруллин",
     "a.khairullin@kazansoft.example"),
    ("Far East Seafood Processing LLC", "ООО «Дальневосточная переработка морепродуктов»",
     "OOO Dalnevostochnaya pererabotka moreproduktov", "Vladivostok", "manufacturing", 95,
     760_000_000, 15_000_000, 2004, "6.3", "yes", "yes",
     "exports frozen crab and pollock roe to Japan and Korea", "yes",
     "frozen and processed seafood, HACCP-certified plant", "Сергей Ким",
     "s.kim@dvseafood.example"),
    ("Ural Cutting Tools LLC", "ООО «Уральский режущий инструмент»",
     "OOO Uralsky rezhushchy instrument", "Chelyabinsk", "manufacturing", 12, 84_000_000,
     500_000, 2018, "9.1", "no", "yes", "imports carbide blanks from China", "no",
     "carbide end mills and tool regrinding", "Андрей Морозов",
     "a.morozov@uralcut.example"),
    ("Nizhny Novgorod Composite Materials LLC", "ООО «Нижегородские композитные материалы»",
     "OOO Nizhegorodskie kompozitnye materialy", "Nizhny Novgorod", "manufacturing", 120,
     1_180_000_000, 20_000_000, 2008, "13.4", "yes", "yes",
     "carbon-fibre panels for rail cars exported to Uzbekistan", "no",
     "carbon- and glass-fibre panels for rail and bus interiors", "Наталья Павлова",
     "n.pavlova@nnkompozit.example"),
    ("Krasnodar Agro Machinery LLC", "ООО «Краснодарская агротехника»",
     "OOO Krasnodarskaya agrotekhnika", "Krasnodar", "wholesale", 45, 690_000_000, 3_000_000,
     2011, "-2.5", "no", "yes", "distributes Japanese small tractors in southern Russia", "yes",
     "distribution and servicing of compact farm machinery", "Виктор Лебедев",
     "v.lebedev@kubagro.example"),
    ("St Petersburg Robotics LLC", "ООО «Петербургская робототехника»",
     "OOO Peterburgskaya robototekhnika", "Saint Petersburg", "manufacturing", 58, 320_000_000,
     2_000_000, 2015, "31.0", "yes", "yes", "robot cells delivered to Belarus", "no",
     "welding and palletising robot cells built on imported arms", "Мария Соколова",
     "m.sokolova@spbrobotics.example"),
    # Too large for 209-FZ: 1,850 employees and 14 billion roubles of income.
    ("Ural Heavy Engineering Plant JSC", "АО «Уральский завод тяжёлого машиностроения»",
     "AO Uralsky zavod tyazhyologo mashinostroeniya", "Yekaterinburg", "manufacturing", 1850,
     14_000_000_000, 900_000_000, 1962, "3.2", "yes", "yes",
     "exports mining equipment to Kazakhstan and Mongolia", "yes",
     "excavators and crushing equipment for mining", "Игорь Васильев",
     "i.vasiliev@uzthm.example"),
]  # fmt: skip


def russian_rows() -> list[dict]:
    """The Russian counterpart's list, one dict per row in the upload template's columns."""
    rows = []
    for index, row in enumerate(RUSSIA):
        (legal, local, latin, city, sector, employees, sales, capital, founded, growth, exports,
         imports, trade, japanese, profile, contact, email) = row  # fmt: skip
        # OGRN: 13 digits (1, year of registration, region, serial number).
        ogrn = f"1{founded % 100:02d}{index + 16:02d}{770000 + index * 4513:08d}"
        rows.append(
            {
                "registration_number": ogrn,
                "legal_name": legal,
                "local_name": local,
                "latin_name": latin,
                "country": "RU",
                "sector": sector,
                "legal_form": "company",
                "currency": "RUB",
                "capital": str(capital),
                "sales": str(sales),
                "balance_sheet": "",
                "figures_date": "2025-12-31",
                "employees": str(employees),
                "year_founded": str(founded),
                "growth_rate": growth,
                "exports": exports,
                "imports": imports,
                "overseas_trade": trade,
                "japanese_partner_experience": japanese,
                "japanese_support_programmes": "",
                "hiring_countries": "",
                "business_profile": f"{city}: {profile}",
                "contact_name": contact,
                "contact_email": email,
                "contact_phone": f"+7 {900 + index * 7} {100 + index * 37:03d} {10 + index:02d} "
                f"{20 + index * 3:02d}",
                "website": f"https://{email.split('@')[1]}",
            }
        )
    return rows
