"""Staff's writes of the scheduling settings (the request window, caps and minimums, the
interpreter mode) and withdrawing an absence. Attendance and adding absences are in inputs.py."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from programmes.models import Programme

from ..exceptions import InputRefused
from ..models import SchedulingSettings, Unavailability

SETTINGS_FIELDS = (
    "requests_open_at",
    "requests_close_at",
    "overseas_max_per_day",
    "domestic_min_meetings",
    "domestic_max_meetings",
    "interpreter_mode",
)


def scheduling_settings_save(programme: Programme, *, by: User, **fields) -> SchedulingSettings:
    """Change some of the programme's scheduling settings (SETTINGS_FIELDS); refused with what
    is wrong by field, nothing saved."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise InputRefused(errors={name: [_("Not a setting.")] for name in sorted(unknown)})
    with transaction.atomic():
        settings, _created = SchedulingSettings.objects.select_for_update().get_or_create(
            programme=programme
        )
        for name, value in fields.items():
            setattr(settings, name, value)
        errors: dict[str, list[str]] = {}
        opens, closes = settings.requests_open_at, settings.requests_close_at
        if opens and closes and closes <= opens:
            errors["requests_close_at"] = [_("Requests must close after they open.")]
        if settings.overseas_max_per_day == 0:
            errors["overseas_max_per_day"] = [
                _("At least 1, or empty for as many as the session has slots.")
            ]
        low, high = settings.domestic_min_meetings, settings.domestic_max_meetings
        if high is not None and low is not None and high < low:
            errors["domestic_max_meetings"] = [
                _("The most meetings (%(high)s) cannot be fewer than the least (%(low)s).")
                % {"high": high, "low": low}
            ]
        if settings.interpreter_mode not in SchedulingSettings.InterpreterMode.values:
            errors["interpreter_mode"] = [_("Choose one of the interpreter modes.")]
        if errors:
            raise InputRefused(_("The scheduling settings were not saved."), errors=errors)
        settings.save()
    return settings


def unavailability_delete(unavailability: Unavailability, *, by: User) -> None:
    """Withdraw an absence: the company (or interpreter) is available again then."""
    unavailability.delete()
