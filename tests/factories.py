"""factory_boy factories for every model. Defaults build a valid, realistic object."""

from datetime import date, datetime, time

import factory
from django.utils.text import slugify

from core.models import Job, Organisation, User
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
