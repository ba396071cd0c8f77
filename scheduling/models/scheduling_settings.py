"""A programme's scheduling settings: the request window, caps and minimums, interpreters,
weights."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

User = settings.AUTH_USER_MODEL


class SchedulingSettings(models.Model):
    """One per programme: when requests are open, caps and minimums, interpreters, weights.

    ``requests_open_at`` / ``requests_close_at`` are UTC; forms enter and show them in the
    programme's time zone. Empty caps fall back to the sessions' own figures (see
    docs/scheduling.md). ``get_for(programme)`` returns the saved row or unsaved defaults."""

    class InterpreterMode(models.TextChoices):
        TABLE = "table", _("One interpreter per overseas table")
        POOL = "pool", _("A shared pool of interpreters per language")

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="scheduling_settings"
    )
    requests_open_at = models.DateTimeField(_("requests open at"), null=True, blank=True)
    requests_close_at = models.DateTimeField(_("requests close at"), null=True, blank=True)
    overseas_max_per_day = models.PositiveSmallIntegerField(
        _("meetings per day for an overseas company, at most"),
        null=True,
        blank=True,
        help_text=_("Empty: as many as the session has slots."),
    )
    domestic_min_meetings = models.PositiveSmallIntegerField(
        _("meetings for every Japanese company, at least"), default=2
    )
    domestic_max_meetings = models.PositiveSmallIntegerField(
        _("meetings for a Japanese company, at most"),
        null=True,
        blank=True,
        help_text=_("Empty: no cap beyond its free slots."),
    )
    interpreter_mode = models.CharField(
        _("interpreters"),
        max_length=10,
        choices=InterpreterMode.choices,
        default=InterpreterMode.TABLE,
    )
    must_points = models.PositiveSmallIntegerField(_("points for “must meet”"), default=10)
    like_points = models.PositiveSmallIntegerField(_("points for “would like to meet”"), default=4)
    mutual_bonus = models.PositiveSmallIntegerField(_("bonus when both sides ask"), default=2)
    base_points = models.PositiveSmallIntegerField(
        _("points for a pair nobody asked for"),
        default=0,
        help_text=_("0: only pairs that somebody asked for, or an adviser scored, can meet."),
    )
    adviser_weight = models.PositiveSmallIntegerField(
        _("weight of an adviser's adjustment"), default=1
    )
    fairness_weight = models.DecimalField(
        _("weight of the minimums"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("0 ignores the minimums; 1 values a missing minimum like the best meeting."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheduling settings")
        verbose_name_plural = _("scheduling settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requests_close_at__isnull=True)
                | models.Q(requests_open_at__isnull=True)
                | models.Q(requests_close_at__gt=models.F("requests_open_at")),
                name="scheduling_requests_close_after_open",
            ),
        ]

    def __str__(self):
        return str(self.programme)

    @classmethod
    def get_for(cls, programme: Programme) -> "SchedulingSettings":
        found = cls.objects.filter(programme=programme).first()
        return found or cls(programme=programme)
