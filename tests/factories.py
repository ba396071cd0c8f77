"""factory_boy factories for every model. Defaults build a valid, realistic object."""

from datetime import date, datetime, time
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from companies.models import (
    Application,
    ApplicationEvent,
    ApplicationForm,
    Company,
    ExchangeRate,
    ImportBatch,
    ImportRow,
    Question,
    RuleSet,
)
from core.models import Job, Organisation, User
from matching.models import Assessment, Assignment, Conflict, Criterion, Decision, Score
from programmes.models import (
    Activity,
    Programme,
    ProgrammeOrganisation,
    ProgrammeRole,
    Role,
    Table,
    Venue,
)

TOKYO = "Asia/Tokyo"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.COUNTERPART
    country = "VN"
    contact_email = factory.LazyAttribute(lambda o: f"contact@{o.slug}.example")


class AgencyFactory(OrganisationFactory):
    name = "SME Support, JAPAN"
    kind = Organisation.Kind.AGENCY
    country = "JP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    organisation = None
    language = "en"
    password = factory.django.Password("secret-pass-123")


class StaffUserFactory(UserFactory):
    organisation = factory.SubFactory(AgencyFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"ceo-network-{n}")
    kind = Programme.Kind.CEO_NETWORK
    title = factory.Sequence(lambda n: f"CEO Network Enhancing Project {n}")
    title_ja = "中小企業経営者ネットワーク強化事業"
    title_ru = "Проект укрепления сети руководителей МСП"
    partner_countries = ["VN", "TH"]
    sectors = ["auto_parts", "electronics"]
    time_zone = TOKYO
    start_date = date(2027, 2, 15)
    end_date = date(2027, 2, 19)
    status = Programme.Status.DRAFT


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name", "city")

    name = factory.Sequence(lambda n: f"Conference Hall {n}")
    city = "Osaka"
    country = "JP"


def local(programme: Programme, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=programme.tzinfo)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A business-meeting session, 13:00–18:00 on the programme's first day, 10 × 30 min."""

    class Meta:
        model = Activity

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Activity.Kind.BUSINESS_MEETINGS
    title = "Business meetings"
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyAttribute(lambda a: local(a.programme, a.programme.start_date, 13))
    ends_at = factory.LazyAttribute(lambda a: local(a.programme, a.programme.start_date, 18))
    meeting_minutes = 30
    break_minutes = 0
    meetings_per_day = 10


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    activity = factory.SubFactory(ActivityFactory)
    number = factory.Sequence(lambda n: n + 1)


class ProgrammeOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeOrganisation

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COUNTERPART


class ProgrammeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeRole

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ADVISER


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "programme_export"
    description = "Workbook"
    created_by = factory.SubFactory(UserFactory)


class SeminarFactory(ActivityFactory):
    """A training seminar, 10:00–12:00 on the programme's first day: no tables, no slots."""

    kind = Activity.Kind.SEMINAR
    title = "Training seminar"
    starts_at = factory.LazyAttribute(lambda a: local(a.programme, a.programme.start_date, 10))
    ends_at = factory.LazyAttribute(lambda a: local(a.programme, a.programme.start_date, 12))
    meeting_minutes = None
    break_minutes = None
    meetings_per_day = None


# --- companies ------------------------------------------------------------------------------


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Saigon Precision Parts {n} Co., Ltd.")
    normalised_name = factory.LazyAttribute(lambda c: c.legal_name.lower())
    country = "VN"
    sector = "manufacturing"
    legal_form = "company"
    currency = "VND"
    capital = Decimal("15000000000")
    sales = Decimal("40000000000")
    employees = 80
    year_founded = 2008
    contact_name = "Nguyen Van An"
    contact_email = factory.Sequence(lambda n: f"an{n}@saigon-precision.example")


class JapaneseCompanyFactory(CompanyFactory):
    legal_name = factory.Sequence(lambda n: f"Naniwa Seiko {n} Co., Ltd.")
    local_name = factory.Sequence(lambda n: f"なにわ精工{n}株式会社")
    country = "JP"
    currency = "JPY"
    capital = Decimal("120000000")
    sales = Decimal("2400000000")
    employees = 150
    contact_name = "Sato Hanako"


class ApplicationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationForm
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)
    is_open = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    form = factory.SubFactory(ApplicationFormFactory)
    kind = Question.Kind.TEXT
    title = "Which Japanese technologies interest you?"
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    company = factory.SubFactory(CompanyFactory)
    counterpart = None
    source = Application.Source.UPLOAD
    status = Application.Status.SUBMITTED
    email = factory.LazyAttribute(lambda a: a.company.contact_email)


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    kind = ApplicationEvent.Kind.CREATED
    actor = "applicant@example.org"


def _builtin_definition(country: str) -> dict:
    from companies.eligibility import BUILTIN_RULE_SETS

    return next(r["definition"] for r in BUILTIN_RULE_SETS if r["country"] == country)


class RuleSetFactory(factory.django.DjangoModelFactory):
    """A programme-specific copy of a shipped rule set (the case study's Japanese figures)."""

    class Meta:
        model = RuleSet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"programme-rule-{n}")
    title = "Programme rule"
    country = "JP"
    valid_from = date(2020, 1, 1)
    citation = "Programme-specific rule for tests"
    currency = "JPY"
    programme_specific = True
    definition = factory.LazyFunction(lambda: _builtin_definition("JP"))


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("currency", "to_currency", "date")

    currency = "USD"
    to_currency = "JPY"
    rate = Decimal("150.25")
    date = date(2026, 10, 1)
    source = "Bank of Japan reference rate"


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    uploaded_by = None
    filename = "applicants.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size = 1200
    encoding = "utf-8"
    status = ImportBatch.Status.PREVIEW


class ImportRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRow

    batch = factory.SubFactory(ImportBatchFactory)
    number = factory.Sequence(lambda n: n + 2)
    action = ImportRow.Action.NEW
    data = factory.LazyFunction(dict)


# --- matching: the assessment round ----------------------------------------------------------


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)
    reviews_per_application = 2
    target_min = 10
    target_max = 20


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    scale_min = 0
    scale_max = 5
    weight = Decimal("1")
    position = factory.Sequence(lambda n: n)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    programme = factory.SubFactory(ProgrammeFactory)
    adviser = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    reason = "Former employer"
    declared_by = factory.SelfAttribute("adviser")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(
        ApplicationFactory, status=Application.Status.ELIGIBLE, eligible=True
    )
    programme = factory.LazyAttribute(lambda a: a.application.programme)
    adviser = factory.SubFactory(UserFactory)
    method = Assignment.Method.MANUAL


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory)
    criterion = factory.SubFactory(
        CriterionFactory, programme=factory.SelfAttribute("..assignment.programme")
    )
    value = Decimal("3")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(
        ApplicationFactory, status=Application.Status.SELECTED, eligible=True
    )
    outcome = Decision.Outcome.SELECT
    reason = "Strong fit with the Japanese buyers"
    decided_at = factory.LazyFunction(timezone.now)


# --- scheduling -----------------------------------------------------------------------------

from scheduling.models import (  # noqa: E402
    Attendance,
    Meeting,
    MeetingRequest,
    OverseasTable,
    PairScore,
    PoolInterpreter,
    Schedule,
    ScheduleRun,
    SchedulingSettings,
    Unavailability,
)


class OverseasParticipantFactory(DecisionFactory):
    """A selected overseas company of a programme (pass application__programme)."""


class DomesticParticipantFactory(DecisionFactory):
    """A Japanese company invited to a programme that confirmed (pass application__programme)."""

    application = factory.SubFactory(
        ApplicationFactory,
        status=Application.Status.SELECTED,
        eligible=True,
        company=factory.SubFactory(JapaneseCompanyFactory),
        language="ja",
    )
    invited = True
    response = Decision.Response.CONFIRMED
    responded_at = factory.LazyFunction(timezone.now)


class SchedulingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchedulingSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    programme = factory.SubFactory(ProgrammeFactory)
    company = factory.SubFactory(JapaneseCompanyFactory)
    target = factory.SubFactory(CompanyFactory)
    preference = "like"


class PairScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairScore

    programme = factory.SubFactory(ProgrammeFactory)
    overseas = factory.SubFactory(CompanyFactory)
    domestic = factory.SubFactory(JapaneseCompanyFactory)
    adjustment = 3
    reason_kind = PairScore.ReasonKind.EXPERIENCE
    reason = "Exports to Japan already"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(SeminarFactory)
    company = factory.SubFactory(CompanyFactory)


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    programme = factory.SubFactory(ProgrammeFactory)
    company = factory.SubFactory(CompanyFactory)
    starts_at = factory.LazyAttribute(lambda u: local(u.programme, u.programme.start_date, 13))
    ends_at = factory.LazyAttribute(lambda u: local(u.programme, u.programme.start_date, 15))
    reason = "Visits a supplier"


class OverseasTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverseasTable

    programme = factory.SubFactory(ProgrammeFactory)
    company = factory.SubFactory(CompanyFactory)
    number = factory.Sequence(lambda n: n + 1)


class PoolInterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolInterpreter

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    language = "vi"


class ScheduleRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleRun

    programme = factory.SubFactory(ProgrammeFactory)
    time_limit = 10


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    programme = factory.SubFactory(ProgrammeFactory)
    label = factory.Sequence(lambda n: f"Draft {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting in the first slot of a session of the schedule's programme."""

    class Meta:
        model = Meeting

    schedule = factory.SubFactory(ScheduleFactory)
    overseas = factory.SubFactory(CompanyFactory)
    domestic = factory.SubFactory(JapaneseCompanyFactory)
    activity = factory.SubFactory(
        ActivityFactory, programme=factory.SelfAttribute("..schedule.programme")
    )
    table = factory.SubFactory(TableFactory, activity=factory.SelfAttribute("..activity"))
    slot = 0
    starts_at = factory.LazyAttribute(lambda m: m.activity.starts_at)
    ends_at = factory.LazyAttribute(lambda m: m.activity.slots()[0].ends_at)
    score = 5
