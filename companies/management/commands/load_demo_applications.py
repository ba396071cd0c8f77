"""Demo applications on top of `load_demo`: application forms, exchange rates, the Vietnamese
and Thai counterparts' applicant lists for the CEO programme and the Russian counterpart's list
for the Japan–Russia event (each imported through the same preview → confirm path as a browser
upload, by a member of the counterpart), a Russian company's application through the public
form, Japanese companies in the registry, and one pair of likely duplicates for staff to merge.
Idempotent."""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from companies.demo.data import JAPAN, applicant_rows, rows_to_csv, russian_rows
from companies.imports.values import normalise_name
from companies.models import Application, ApplicationForm, Company, ExchangeRate, ImportBatch
from companies.services import applications as application_services
from companies.services import companies as company_services
from companies.services import imports as import_services
from core.models import Organisation, User
from programmes.models import Programme

JAPAN_INDUSTRIES = {
    "Naniwa Precision Co., Ltd.": ["auto_parts", "medical_equipment"],
    "Higashi-Osaka Spring Works Co., Ltd.": ["auto_parts"],
    "Sakai Moulding Technology Co., Ltd.": ["moulds", "auto_parts"],
    "Kansai Harness Systems Co., Ltd.": ["electronics", "auto_parts"],
    "Tokyo Factory IoT Co., Ltd.": ["it", "industrial_machinery"],
    "Kawasaki Heat Treating Co., Ltd.": ["auto_parts", "industrial_machinery"],
    "Ota Ward Machining Co., Ltd.": ["industrial_machinery"],
    "Nagoya Auto Trading Co., Ltd.": ["auto_parts"],
}

RATES = [
    # currency, to, rate, date, source
    ("USD", "JPY", "150.25", date(2025, 12, 30), "Bank of Japan, central rate"),
    ("USD", "VND", "25380", date(2025, 12, 31), "State Bank of Vietnam, central rate"),
    ("USD", "THB", "33.12", date(2025, 12, 30), "Bank of Thailand, reference rate"),
    ("USD", "RUB", "92.50", date(2025, 12, 31), "Bank of Russia, official rate"),
    ("EUR", "JPY", "163.40", date(2025, 12, 30), "ECB reference rate"),
    ("USD", "EUR", "0.9210", date(2025, 12, 31), "ECB reference rate (inverse)"),
]

# Vietnamese and Thai texts of the CEO programme's form (it recruits in Vietnam and Thailand):
# its languages, its introduction and its questions, by the questions' English titles.
FORM_TRANSLATIONS = {
    "ceo-network-2027-vn-th": {
        "languages": ["en", "ja", "vi", "th"],
        "intro_vi": "Đăng ký để gặp gỡ khoảng 100 doanh nghiệp nhỏ và vừa Nhật Bản tại Osaka và "
        "Tokyo (15–19 tháng 2 năm 2027). Tham gia miễn phí; doanh nghiệp tự chi trả chi phí đi "
        "lại. Chúng tôi kiểm tra tiêu chí doanh nghiệp nhỏ và vừa theo luật của quốc gia bạn "
        "ngay khi bạn điền mẫu đơn.",
        "intro_th": "สมัครเพื่อพบกับ SME ญี่ปุ่นประมาณ 100 รายที่โอซาก้าและโตเกียว "
        "(15–19 กุมภาพันธ์ 2027) เข้าร่วมได้โดยไม่มีค่าใช้จ่าย ผู้เข้าร่วมออกค่าเดินทางเอง "
        "ระบบจะตรวจสอบคุณสมบัติ SME ตามกฎหมายของประเทศของท่านระหว่างที่กรอกแบบฟอร์ม",
        "questions": {
            "Where would you like to hold your meetings?": (
                "Bạn muốn tổ chức các buổi gặp gỡ ở đâu?",
                "ท่านต้องการเจรจาธุรกิจที่เมืองใด",
            ),
            "Will you join the factory visit in Higashi-Osaka?": (
                "Bạn có tham gia chuyến tham quan nhà máy tại Higashi-Osaka không?",
                "ท่านจะเข้าร่วมการเยี่ยมชมโรงงานที่ฮิงาชิโอซาก้าหรือไม่",
            ),
            "What do you look for in a Japanese partner?": (
                "Bạn tìm kiếm điều gì ở một đối tác Nhật Bản?",
                "ท่านมองหาอะไรในคู่ค้าชาวญี่ปุ่น",
            ),
        },
    },
}

FORMS = {
    "ceo-network-2027-vn-th": {
        "deadline": datetime(2027, 1, 15, 8, 59, tzinfo=UTC),  # 17:59 in Tokyo
        "intro": "Apply to meet about 100 Japanese SMEs in Osaka and Tokyo (15–19 February "
        "2027). Participation is free; you pay your own travel. We check the SME definition "
        "of your country's law as you fill in the form.",
        "intro_ja": "大阪・東京で日本の中小企業約100社と商談する機会です（2027年2月15日〜19日）。"
        "参加費は無料、渡航費は自己負担です。入力中に貴国の中小企業の定義を確認します。",
        "intro_ru": "Заявка на встречи примерно со 100 японскими МСП в Осаке и Токио "
        "(15–19 февраля 2027 г.). Участие бесплатное, проезд за свой счёт. Соответствие "
        "критериям МСП вашей страны проверяется при заполнении формы.",
        "questions": [
            (
                "choice",
                "Where would you like to hold your meetings?",
                "商談を希望する都市",
                "Где вы хотели бы провести встречи?",
                ["Osaka", "Tokyo", "Both"],
                True,
            ),
            (
                "yes_no",
                "Will you join the factory visit in Higashi-Osaka?",
                "東大阪の工場見学に参加しますか？",
                "Примете ли вы участие в визите на завод?",
                [],
                False,
            ),
            (
                "text",
                "What do you look for in a Japanese partner?",
                "日本のパートナーに何を求めますか？",
                "Что вы ищете в японском партнёре?",
                [],
                True,
            ),
        ],
    },
    "japan-russia-sme-2027": {
        "deadline": datetime(2027, 3, 1, 14, 59, tzinfo=UTC),
        "intro": "Russian SMEs apply here to meet Japanese companies at the networking event.",
        "intro_ja": "ロシアの中小企業はこちらから交流会への参加を申し込みます。",
        "intro_ru": "Российские МСП подают здесь заявку на встречи с японскими компаниями.",
        "questions": [
            (
                "number",
                "How many people will come?",
                "参加人数",
                "Сколько человек приедет?",
                [],
                True,
            ),
        ],
    },
}

RUSSIAN_APPLICANT = {
    "legal_name": "Ural Machine-Tool Works LLC",
    "local_name": "ООО «Уральский станкостроительный завод»",
    "latin_name": "OOO Uralsky stankostroitelny zavod",
    "registration_number": "1146658012345",
    "country": "RU",
    "sector": "manufacturing",
    "legal_form": "company",
    "currency": "RUB",
    "sales": Decimal("640000000"),
    "employees": 140,
    "year_founded": 2004,
    "growth_rate": Decimal("9.5"),
    "exports": True,
    "imports": True,
    "overseas_trade": "Exports lathes to Kazakhstan and Uzbekistan.",
    "japanese_partner_experience": False,
    "business_profile": "CNC lathes and machining centres for small workshops.",
    "contact_name": "Алексей Смирнов",
    "contact_email": "a.smirnov@uralstanok.example",
    "contact_phone": "+7 343 555 01 02",
    "website": "https://uralstanok.example",
}


class Command(BaseCommand):
    help = "Load demo application forms, applicants and exchange rates (after load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        staff = User.objects.get(username="staff")
        with transaction.atomic():
            company_services.builtin_rule_sets_sync()
            self._rates(staff)
            forms = self._forms(staff)
            self._japanese_companies()
        for slug, country in (("vn-aed", "VN"), ("th-osmep", "TH")):
            self._upload(forms["ceo-network-2027-vn-th"].programme, slug, country)
        self._upload(forms["japan-russia-sme-2027"].programme, "opora-russia", "RU")
        self._russian_application(forms["japan-russia-sme-2027"])
        self._link_company_users()
        self._duplicate()
        if not quiet:
            form = forms["ceo-network-2027-vn-th"]
            total = Application.objects.filter(programme=form.programme).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo applications loaded: {total} applicants to {form.programme.slug}. "
                    f"Public form: /apply/{form.public_token}/"
                )
            )
            russian = Application.objects.filter(
                programme__slug="japan-russia-sme-2027", counterpart__slug="opora-russia"
            ).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"OPORA RUSSIA's list: {russian} applicants to japan-russia-sme-2027 "
                    "(sign in as counterpart-ru)."
                )
            )

    def _rates(self, staff):
        for currency, to, rate, day, source in RATES:
            ExchangeRate.objects.get_or_create(
                currency=currency,
                to_currency=to,
                date=day,
                defaults={"rate": Decimal(rate), "source": source, "created_by": staff},
            )

    def _forms(self, staff) -> dict[str, ApplicationForm]:
        forms = {}
        for slug, spec in FORMS.items():
            programme = Programme.objects.get(slug=slug)
            form = company_services.application_form_get_or_create(programme)
            company_services.application_form_update(
                form,
                by=staff,
                is_open=True,
                deadline=spec["deadline"],
                intro=spec["intro"],
                intro_ja=spec["intro_ja"],
                intro_ru=spec["intro_ru"],
            )
            for kind, title, title_ja, title_ru, choices, required in spec["questions"]:
                if not form.questions.filter(title=title).exists():
                    company_services.question_create(
                        form,
                        by=staff,
                        kind=kind,
                        title=title,
                        title_ja=title_ja,
                        title_ru=title_ru,
                        choices=choices,
                        required=required,
                    )
            self._form_translations(form, FORM_TRANSLATIONS.get(slug), staff)
            forms[slug] = form
        return forms

    def _form_translations(self, form: ApplicationForm, spec, staff) -> None:
        if not spec:
            return
        company_services.application_form_update(
            form,
            by=staff,
            languages=spec["languages"],
            intro_vi=spec["intro_vi"],
            intro_th=spec["intro_th"],
        )
        for question in form.questions.all():
            if question.title in spec["questions"]:
                title_vi, title_th = spec["questions"][question.title]
                company_services.question_update(
                    question, by=staff, title_vi=title_vi, title_th=title_th
                )

    def _japanese_companies(self):
        """The agency's registry of Japanese companies, with the industries its mailing lists
        are kept by (staff invite from it by sector) and a contact address."""
        for legal, local, sector, capital, employees, profile in JAPAN:
            company, _created = Company.objects.get_or_create(
                legal_name=legal,
                country="JP",
                defaults={
                    "local_name": local,
                    "normalised_name": normalise_name(legal),
                    "sector": sector,
                    "legal_form": "company",
                    "currency": "JPY",
                    "capital": Decimal(capital),
                    "employees": employees,
                    "business_profile": profile,
                },
            )
            changed = []
            if not company.industries:
                company.industries = JAPAN_INDUSTRIES[legal]
                changed.append("industries")
            if not company.contact_email:
                company.contact_email = f"info@{normalise_name(legal).split()[0]}.example"
                changed.append("contact_email")
            if changed:
                company.save(update_fields=changed)

    def _upload(self, programme, organisation_slug: str, country: str):
        organisation = Organisation.objects.get(slug=organisation_slug)
        user = organisation.members.first()
        data = rows_to_csv(russian_rows() if country == "RU" else applicant_rows(country))
        already = ImportBatch.objects.filter(
            programme=programme,
            organisation=organisation,
            sha256=hashlib.sha256(data).hexdigest(),
            status=ImportBatch.Status.APPLIED,
        )
        if already.exists():
            return
        batch = import_services.import_upload(
            programme,
            organisation=organisation,
            by=user,
            filename=f"applicants-{country.lower()}.csv",
            data=data,
        )
        if batch.status == ImportBatch.Status.PREVIEW and batch.error_count == 0:
            if batch.new_count or batch.update_count:
                import_services.import_confirm(batch, by=user)
            else:
                import_services.import_discard(batch, by=user)

    def _russian_application(self, form):
        existing = Application.objects.filter(
            programme=form.programme, company__legal_name=RUSSIAN_APPLICANT["legal_name"]
        ).first()
        if existing:
            return
        question = form.questions.first()
        application = application_services.application_start(
            form,
            email=RUSSIAN_APPLICANT["contact_email"],
            language="ru",
            company=RUSSIAN_APPLICANT,
            answers={str(question.pk): "2"} if question else {},
        )
        application_services.application_submit(application)

    def _link_company_users(self):
        """The demo's company users sign in as their companies."""
        for slug in ("naniwa-precision", "saigon-auto-parts"):
            organisation = Organisation.objects.get(slug=slug)
            company = (
                Company.objects.filter(legal_name=organisation.name, merged_into__isnull=True)
                .order_by("id")
                .first()
            )
            if company and company.organisation_id is None:
                Company.objects.filter(organisation=organisation).update(organisation=None)
                company.organisation = organisation
                company.save(update_fields=["organisation"])

    def _duplicate(self):
        """The same Vietnamese company, once in the counterpart's list and once typed in by
        hand with another spelling: staff see the pair under "Possible duplicates"."""
        original = Company.objects.filter(legal_name="Hanoi Precision Mechanics Co., Ltd.").first()
        if original is None:
            return
        Company.objects.get_or_create(
            legal_name="HANOI PRECISION MECHANICS CO.,LTD",
            country="VN",
            defaults={
                "normalised_name": normalise_name("HANOI PRECISION MECHANICS CO.,LTD"),
                "sector": "manufacturing",
                "legal_form": "company",
                "contact_name": "Le Thi Hoa",
                "contact_email": "hoa.le@hpm.example",
            },
        )
