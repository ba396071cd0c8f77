"""Who is where when: attendance of activities, unavailability, overseas tables, the
interpreter pool."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from programmes.models import Activity, Programme

User = settings.AUTH_USER_MODEL


class Attendance(models.Model):
    """A company attends an activity (seminar, visit, reception, or a business-meeting session).
    Attending a non-meeting activity removes the overlapping slots from its availability; the
    venues' cities of everything it attends are the cities it meets in (docs/scheduling.md)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        ordering = ["activity", "company_id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["activity", "company"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.company_id} @ {self.activity_id}"


class Unavailability(models.Model):
    """A company (or, for a pooled interpreter, ``interpreter``) is away from ``starts_at`` to
    ``ends_at`` (UTC). Exactly one of company / interpreter is set."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="unavailabilities"
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    interpreter = models.ForeignKey(
        User,
        verbose_name=_("interpreter"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("away from"))
    ends_at = models.DateTimeField(_("away until"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "starts_at", "id"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="unavailability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(models.Q(company__isnull=False) & models.Q(interpreter__isnull=True))
                | (models.Q(company__isnull=True) & models.Q(interpreter__isnull=False)),
                name="unavailability_company_or_interpreter",
            ),
        ]

    def __str__(self):
        return f"{self.company_id or self.interpreter_id}: {self.starts_at}–{self.ends_at}"


class OverseasTable(models.Model):
    """An overseas company's table: the same ``number`` in every business-meeting session
    (``programmes.Table`` of that number in each session), with its interpreter in table mode and
    the ``language`` it needs interpreted (pool mode; empty = brings its own)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="overseas_tables"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("overseas company"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("table number"))
    interpreter = models.ForeignKey(
        User,
        verbose_name=_("interpreter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(
        _("language to interpret"),
        max_length=8,
        blank=True,
        help_text=_("e.g. vi, th, ru; used with a shared interpreter pool."),
    )

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("overseas company's table")
        verbose_name_plural = _("overseas companies' tables")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company"], name="overseas_table_one_per_company"
            ),
            models.UniqueConstraint(
                fields=["programme", "number"], name="overseas_table_unique_number"
            ),
            models.UniqueConstraint(
                fields=["programme", "interpreter"],
                condition=models.Q(interpreter__isnull=False),
                name="overseas_table_one_per_interpreter",
            ),
        ]

    def __str__(self):
        return f"{self.number}: {self.company_id}"


class PoolInterpreter(models.Model):
    """An interpreter of the shared pool (interpreter mode "pool") and the language they
    interpret; their absences are Unavailability rows with ``interpreter`` set."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pool_interpreters"
    )
    user = models.ForeignKey(
        User, verbose_name=_("interpreter"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)

    class Meta:
        ordering = ["programme", "language", "user_id"]
        verbose_name = _("pool interpreter")
        verbose_name_plural = _("pool interpreters")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="pool_interpreter_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} ({self.language})"
