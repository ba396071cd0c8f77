"""The demo's assessment round, on top of `load_demo` and `load_demo_applications`: the round's
settings, the case study's criteria with thresholds (sales, growth rate, business history and
Japanese-partner experience filled from the applications; two scored by advisers) and one
declared conflict of interest. Idempotent.

--assign and --score go further, for trying the ranking without scoring 70 reviews by hand:
they assign automatically and let each adviser score their own reviews (deterministic
pseudo-random scores, through the same service as the scoring page)."""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from companies.models import Company
from core.models import User
from matching import selectors
from matching.models import Conflict
from matching.services import assignments, reviews
from matching.services import round as round_services
from programmes.models import Programme

SLUG = "ceo-network-2027-vn-th"

CRITERIA = [
    {
        "name": "Annual sales", "name_ja": "年間売上高", "name_ru": "Годовая выручка",
        "guidance": "Filled from the declared sales, converted to US dollars at the staff-entered "
        "rate. Below USD 500,000 the company fails the criterion.",
        "guidance_ja": "申告された売上高を米ドルに換算して自動採点。50万ドル未満は基準未達。",
        "guidance_ru": "Заполняется по заявленной выручке в долларах США. Менее 500 тыс. "
        "долларов — критерий не выполнен.",
        "scale_min": 1, "scale_max": 5, "weight": Decimal("1"), "threshold": Decimal("2"),
        "source": "sales",
        "auto_rule": {"bands": "0 = 1\n500000 = 2\n2000000 = 3\n5000000 = 4\n10000000 = 5",
                      "currency": "USD"},
    },
    {
        "name": "Growth rate", "name_ja": "成長率", "name_ru": "Темп роста",
        "guidance": "Filled from the growth of sales over the last three years (% a year).",
        "guidance_ja": "直近3年間の売上成長率（年率）から自動採点。",
        "guidance_ru": "Заполняется по росту выручки за последние три года (% в год).",
        "scale_min": 1, "scale_max": 5, "weight": Decimal("1"), "threshold": Decimal("2"),
        "source": "growth_rate",
        "auto_rule": {"bands": "-100 = 1\n0 = 2\n5 = 3\n10 = 4\n20 = 5"},
    },
    {
        "name": "Business history", "name_ja": "事業歴", "name_ru": "История бизнеса",
        "guidance": "Filled from the year founded: years in business when the programme starts.",
        "guidance_ja": "設立年から事業年数を自動採点。",
        "guidance_ru": "Заполняется по году основания: сколько лет компания работает.",
        "scale_min": 1, "scale_max": 5, "weight": Decimal("1"), "threshold": Decimal("2"),
        "source": "years_in_business",
        "auto_rule": {"bands": "0 = 1\n5 = 2\n10 = 3\n20 = 4\n30 = 5"},
    },
    {
        "name": "No prior Japanese partner", "name_ja": "日本企業との取引経験なし",
        "name_ru": "Нет опыта работы с японскими партнёрами",
        "guidance": "The project is for companies new to Japanese partners: a company that "
        "already works with one fails this criterion.",
        "guidance_ja": "既に日本企業と取引のある企業は基準未達となります。",
        "guidance_ru": "Проект для компаний без японских партнёров: компания, уже работающая с "
        "ними, не проходит по этому критерию.",
        "scale_min": 0, "scale_max": 5, "weight": Decimal("0.5"), "threshold": Decimal("1"),
        "source": "japanese_partner_experience", "auto_rule": {"yes": "0", "no": "5"},
    },
    {
        "name": "Management and capacity to do business abroad",
        "name_ja": "経営力・海外展開能力", "name_ru": "Управление и готовность работать за рубежом",
        "guidance": "Overseas business experience, financial capacity, a CEO who can decide.",
        "guidance_ja": "海外ビジネス経験、財務能力、経営者の決裁権。",
        "guidance_ru": "Опыт зарубежного бизнеса, финансовые возможности, полномочия руководителя.",
        "scale_min": 0, "scale_max": 10, "weight": Decimal("2"), "threshold": Decimal("4"),
        "source": "manual", "auto_rule": {},
    },
    {
        "name": "Fit with Japanese companies' interests",
        "name_ja": "日本企業のニーズとの適合性", "name_ru": "Интерес для японских компаний",
        "guidance": "Products, quality and plans that the programme's Japanese companies look "
        "for.",
        "guidance_ja": "参加日本企業が求める製品・品質・計画との適合性。",
        "guidance_ru": "Продукция, качество и планы, которые ищут японские участники.",
        "scale_min": 0, "scale_max": 10, "weight": Decimal("2"), "threshold": None,
        "source": "manual", "auto_rule": {},
    },
]  # fmt: skip

SPLIT_OPINION = "Hai Phong Moulds and Dies JSC"

CONFLICT = (
    "adviser-ito",
    "Siam Auto Components Co., Ltd.",
    "Advised the company's Japanese joint-venture partner until 2025.",
)


class Command(BaseCommand):
    help = "Load the demo's assessment round (criteria, settings, one conflict). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--assign", action="store_true", help="Assign automatically.")
        parser.add_argument(
            "--score", action="store_true", help="Let every adviser score their own reviews."
        )
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, assign=False, score=False, quiet=False, **options):
        try:
            programme = Programme.objects.get(slug=SLUG)
            staff = User.objects.get(username="staff")
        except (Programme.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("Run load_demo and load_demo_applications first.") from exc
        with transaction.atomic():
            round_services.assessment_get_or_create(programme)
            if not programme.criteria.exists():
                for fields in CRITERIA:
                    round_services.criterion_create(programme, by=staff, **fields)
            self._conflict(programme, staff)
        if assign:
            result = assignments.assignments_auto(programme, by=staff)
            if not quiet:
                self.stdout.write(f"Assigned {result['created']} reviews: {result['loads']}")
        if score:
            done = self._score(programme)
            if not quiet:
                self.stdout.write(f"Scored {done} reviews.")
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Assessment round ready: {programme.criteria.count()} criteria, "
                    f"{selectors.adviser_list(programme).count()} advisers, "
                    f"{selectors.pool(programme).count()} applications in the round."
                )
            )

    def _conflict(self, programme, staff):
        username, company_name, reason = CONFLICT
        adviser = User.objects.get(username=username)
        company = Company.objects.filter(legal_name=company_name, merged_into__isnull=True).first()
        if (
            company is None
            or Conflict.objects.filter(
                programme=programme, adviser=adviser, company=company
            ).exists()
        ):
            return
        assignments.conflict_declare(
            programme, adviser=adviser, company=company, reason=reason, by=adviser
        )

    def _score(self, programme) -> int:
        criteria = [c for c in selectors.criterion_list(programme) if not c.is_automatic]
        done = 0
        split_advisers = list(
            programme.assignments.filter(
                application__company__legal_name=SPLIT_OPINION
            ).values_list("adviser__username", flat=True)
        ) or [""]
        for assignment in programme.assignments.select_related("adviser", "application__company"):
            if assignment.is_complete:
                continue
            # How good the company looks (the same to every adviser), and each adviser's eye.
            company = assignment.application.company.legal_name
            quality = 0.4 + 0.6 * random.Random(f"company-{company}").random()
            rng = random.Random(f"{company}-{assignment.adviser.username}")
            if company == SPLIT_OPINION and assignment.adviser.username == min(split_advisers):
                quality -= 0.45  # one adviser doubts this company: the ranking flags it
            scores = {}
            for criterion in criteria:
                place = min(1.0, max(0.0, quality + rng.uniform(-0.25, 0.25)))
                span = criterion.scale_max - criterion.scale_min
                scores[criterion.pk] = criterion.scale_min + round(span * place)
            recommendation = "select" if quality > 0.6 else "maybe" if quality > 0.35 else "reject"
            reviews.review_save(
                assignment,
                by=assignment.adviser,
                scores=scores,
                recommendation=recommendation,
                comment="",
            )
            done += 1
        return done
