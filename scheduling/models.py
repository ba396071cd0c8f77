"""Scheduling: meeting requests and adviser pair scores (the input), who is where when
(attendance, unavailability, overseas tables and interpreters), schedule runs (a Celery job each),
the schedules they produce and their meetings.

How these become the optimiser's instance is explained in docs/scheduling.md.

Times are stored in UTC and shown in the programme's time zone (``programme.local(dt)``).
A schedule's ``slot`` numbers are the optimiser's: slot ``t`` is slot ``t % slots_per_day`` of
meeting day ``t // slots_per_day`` (``Schedule.slot_map`` says which session and time each is).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from programmes.models import Activity, Programme, Table

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


class Preference(models.TextChoices):
    MUST = "must", _("Must meet")
    LIKE = "like", _("Would like to meet")
    NO = "no", _("Not interested")


class MeetingRequest(models.Model):
    """``company`` (a participant, either side) says how much it wants to meet ``target``
    (a participant of the other side)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="meeting_requests"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(
        Company, verbose_name=_("wants to meet"), on_delete=models.CASCADE, related_name="+"
    )
    preference = models.CharField(_("preference"), max_length=4, choices=Preference.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "company_id", "target_id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company", "target"], name="meeting_request_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(company=models.F("target")), name="meeting_request_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.company_id} → {self.target_id}: {self.preference}"


class PairScore(models.Model):
    """An adviser's adjustment of one pair's score (signed points, with a reason), or a block
    (the pair never meets). One row per pair; ``by`` is who changed it last."""

    class ReasonKind(models.TextChoices):
        EXPERIENCE = "experience", _("Overseas business experience")
        HISTORY = "history", _("Business history")
        FINANCE = "finance", _("Financial capacity")
        COMPETITOR = "competitor", _("Competitors")
        PRIOR_PARTNER = "prior_partner", _("Prior partners")
        OTHER = "other", pgettext_lazy("reason", "Other")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pair_scores")
    overseas = models.ForeignKey(
        Company, verbose_name=_("overseas company"), on_delete=models.CASCADE, related_name="+"
    )
    domestic = models.ForeignKey(
        Company, verbose_name=_("Japanese company"), on_delete=models.CASCADE, related_name="+"
    )
    adjustment = models.IntegerField(_("adjustment (points)"), default=0)
    blocked = models.BooleanField(_("blocked"), default=False)
    reason_kind = models.CharField(
        _("reason"), max_length=16, choices=ReasonKind.choices, default=ReasonKind.OTHER
    )
    reason = models.TextField(_("explanation"), blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "overseas_id", "domestic_id"]
        verbose_name = _("adviser pair score")
        verbose_name_plural = _("adviser pair scores")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "overseas", "domestic"], name="pair_score_unique"
            ),
        ]

    def __str__(self):
        return f"{self.overseas_id} × {self.domestic_id}: {self.adjustment:+d}"


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


class RequestReminder(models.Model):
    """A participant was reminded to answer the meeting requests (once per programme: the row
    is written when the e-mail went out, so a task run twice sends one e-mail)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="request_reminders"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    reminded_at = models.DateTimeField(_("reminded at"))
    address = models.EmailField(_("sent to"), blank=True)

    class Meta:
        ordering = ["programme", "-reminded_at"]
        verbose_name = _("meeting request reminder")
        verbose_name_plural = _("meeting request reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company"], name="request_reminder_once_per_company"
            ),
        ]

    def __str__(self):
        return f"{self.company_id} reminded {self.reminded_at:%Y-%m-%d}"
