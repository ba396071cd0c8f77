"""Creating and changing a programme: its fields, validated (dates, time zone, sectors, its
activities still inside it), and a unique slug."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.models import User

from ..exceptions import ProgrammeError
from ..models import TIME_ZONE_CHOICES, Programme, Sector
from .common import _Errors

TIME_ZONES = {tz for tz, _label in TIME_ZONE_CHOICES} | {"UTC"}

PROGRAMME_FIELDS = (
    "kind", "title", "title_ja", "title_ru", "title_vi", "title_th", "description",
    "description_ja", "description_ru", "description_vi", "description_th", "partner_countries",
    "sectors", "time_zone", "start_date", "end_date", "slug",
)  # fmt: skip


def _unique_programme_slug(title: str, start: date | None) -> str:
    base = slugify(f"{title} {start.year if start else ''}")[:70] or "programme"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate_programme(programme: Programme) -> None:
    errors = _Errors()
    if programme.start_date and programme.end_date and programme.end_date < programme.start_date:
        errors.add("end_date", _("The last day cannot be before the first day."))
    dates = programme.start_date and programme.end_date
    if dates and (programme.end_date - programme.start_date).days > 366:
        errors.add("end_date", _("A programme cannot last more than a year."))
    if programme.time_zone not in TIME_ZONES:
        errors.add("time_zone", _("Unknown time zone “%(tz)s”.") % {"tz": programme.time_zone})
    unknown = [s for s in programme.sectors or [] if s not in Sector.values]
    if unknown:
        errors.add(
            "sectors",
            _("Unknown sector(s): %(sectors)s.") % {"sectors": ", ".join(map(str, unknown))},
        )
    if programme.pk and programme.start_date and programme.end_date and not errors.errors:
        for activity in programme.activities.all():
            start_day = programme.local(activity.starts_at).date()
            end_day = programme.local(activity.ends_at - timedelta(microseconds=1)).date()
            if start_day < programme.start_date or end_day > programme.end_date:
                errors.add(
                    "start_date" if start_day < programme.start_date else "end_date",
                    _("The activity “%(title)s” on %(day)s would fall outside the programme.")
                    % {"title": activity.title, "day": start_day.isoformat()},
                )
    errors.raise_if_any()
    try:
        programme.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ProgrammeError(_("Some fields are not valid."), errors=exc.message_dict) from exc


def programme_create(*, by: User, **fields) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown programme fields: {sorted(unknown)}")
    programme = Programme(created_by=by, **fields)
    if not programme.slug:
        programme.slug = _unique_programme_slug(programme.title, programme.start_date)
    _validate_programme(programme)
    with transaction.atomic():
        programme.save()
    return programme


def programme_update(programme: Programme, *, by: User, **fields) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown programme fields: {sorted(unknown)}")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.__dict__.pop("tzinfo", None)
        _validate_programme(programme)
        programme.save()
    return programme
