"""Schedule runs (a Celery job each), the schedules they produce and their meetings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from programmes.models import Activity, Programme, Table

User = settings.AUTH_USER_MODEL


class ScheduleRun(models.Model):
    """One optimiser run: queued as a Celery job (``job`` shows its progress) or run from the
    command line (no job). On success ``schedule`` is the draft it stored; on failure ``message``
    says why and nothing else changed. ``timings`` holds seconds per phase
    (build, solve, validate, save)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("run status", "Queued")
        RUNNING = "running", pgettext_lazy("run status", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("run status", "Finished")
        FAILED = "failed", pgettext_lazy("run status", "Failed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="schedule_runs")
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), default=60)
    message = models.TextField(_("message"), blank=True)
    schedule = models.ForeignKey(
        "Schedule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    timings = models.JSONField(_("seconds per phase"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self):
        return f"run #{self.pk} ({self.status})"


class Schedule(models.Model):
    """A set of meetings for a programme: a draft from a run, at most one published per
    programme, earlier published ones superseded.

    ``quality`` (from the run, see scheduling/quality.py): objective, upper_bound, ratio,
    status, meetings, per_company {overseas, domestic: {min, mean, max}}, no_meeting,
    under_minimum and unmet_must (lists with "why"). ``instance`` is the optimiser instance that
    was solved (docs/optimizer.md format; ids are stable codes). ``slot_map`` maps the instance
    back to the programme: {"slots": [{"slot", "activity", "index", "starts_at", "ends_at"}],
    "companies": {code: company id}, "tables": {overseas code: table number}}."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("schedule status", "Draft")
        PUBLISHED = "published", pgettext_lazy("schedule status", "Published")
        SUPERSEDED = "superseded", pgettext_lazy("schedule status", "Superseded")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="schedules")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    run = models.ForeignKey(
        ScheduleRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("label"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quality = models.JSONField(_("quality"), default=dict, blank=True)
    instance = models.JSONField(default=dict, blank=True)
    slot_map = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="published"),
                name="schedule_one_published_per_programme",
            ),
        ]

    def __str__(self):
        return self.label or f"schedule #{self.pk}"


ACTIVE_MEETING = models.Q(status__in=["planned", "held"])


class Meeting(models.Model):
    """One meeting of a schedule: the overseas company at its table in a business-meeting
    session (``activity``), the Japanese company visiting it, in optimiser slot ``slot``
    (``starts_at``/``ends_at`` UTC). Only planned and held meetings occupy a slot: the database
    refuses a second active meeting of the same company, table or interpreter in a slot, and a
    pair meeting twice in a schedule."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
        HELD = "held", pgettext_lazy("meeting status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")
        NO_SHOW = "no_show", pgettext_lazy("meeting status", "No-show")

    class Origin(models.TextChoices):
        OPTIMISER = "optimiser", _("Optimiser")
        MANUAL = "manual", _("By hand")
        REPAIR = "repair", _("Repair")

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="meetings")
    overseas = models.ForeignKey(
        Company, verbose_name=_("overseas company"), on_delete=models.PROTECT, related_name="+"
    )
    domestic = models.ForeignKey(
        Company, verbose_name=_("Japanese company"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("session"), on_delete=models.RESTRICT, related_name="meetings"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.RESTRICT, related_name="meetings"
    )
    slot = models.PositiveIntegerField(_("slot"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    interpreter = models.ForeignKey(
        User,
        verbose_name=_("interpreter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adviser = models.ForeignKey(
        User,
        verbose_name=_("adviser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.OPTIMISER
    )
    score = models.IntegerField(_("score"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["schedule", "slot", "table__number", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "slot", "overseas"],
                condition=ACTIVE_MEETING,
                name="meeting_overseas_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["schedule", "slot", "domestic"],
                condition=ACTIVE_MEETING,
                name="meeting_domestic_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["schedule", "slot", "table"],
                condition=ACTIVE_MEETING,
                name="meeting_table_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["schedule", "slot", "interpreter"],
                condition=ACTIVE_MEETING & models.Q(interpreter__isnull=False),
                name="meeting_interpreter_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["schedule", "overseas", "domestic"],
                condition=ACTIVE_MEETING,
                name="meeting_pair_once",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["schedule", "overseas"], name="meeting_schedule_overseas"),
            models.Index(fields=["schedule", "domestic"], name="meeting_schedule_domestic"),
            models.Index(fields=["schedule", "interpreter"], name="meeting_schedule_interp"),
        ]

    def __str__(self):
        return f"{self.overseas_id} × {self.domestic_id} @ {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.HELD)
