"""Monitoring data: a programme's survey settings, the private survey links of a meeting's
three respondents (the Japanese company, the overseas company, the interpreter), their answers,
the reminders sent, and each meeting's outcome level (derived by monitoring/levels.py, settled
by staff where the respondents disagree)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from core.storage import private_storage, random_name
from programmes.models import Programme
from scheduling.models import Meeting

User = settings.AUTH_USER_MODEL

LEVEL_MEANINGS = {
    1: _("Not interested in cooperation"),
    2: _("Interested, but only exchanged information"),
    3: _("Very interested; promised mutual company visits"),
    4: _("Probably a match on the spot"),
    5: _("Agreement signed on the spot"),
}


class RespondentKind(models.TextChoices):
    JAPANESE = "japanese", _("Japanese company")
    OVERSEAS = "overseas", _("Overseas company")
    INTERPRETER = "interpreter", _("Interpreter")


class Transaction(models.TextChoices):
    SALES = "sales", _("Sales")
    PURCHASE = "purchase", _("Purchase")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    INVESTMENT = "investment", _("Investment")
    LICENSING = "licensing", _("Licensing")
    OTHER = "other", pgettext_lazy("transaction", "Other")


class MonitoringSettings(models.Model):
    """How long a respondent may change an answer (days after the meeting ends) and how often
    the respondents who have not answered are reminded."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="monitoring_settings"
    )
    survey_days = models.PositiveSmallIntegerField(
        _("answers can be changed for (days after the meeting)"), default=14
    )
    reminder_days = models.PositiveSmallIntegerField(_("remind every (days)"), default=3)
    reminder_rounds = models.PositiveSmallIntegerField(_("reminders at most"), default=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(survey_days__gte=1), name="monitoring_survey_days_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_days__gte=1),
                name="monitoring_reminder_days_positive",
            ),
        ]

    def __str__(self):
        return f"monitoring settings of {self.programme_id}"

    @classmethod
    def get_for(cls, programme: Programme) -> "MonitoringSettings":
        found = cls.objects.filter(programme=programme).first()
        return found or cls(programme=programme)


class SurveyLink(models.Model):
    """One respondent's private link to one meeting's survey. The token in the URL is this
    row's id signed with the site's secret (monitoring/tokens.py): it cannot be guessed or
    forged, and the agenda can show it again. It works until ``expires_at`` (the meeting's end
    plus the programme's survey period)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="survey_links")
    respondent_kind = models.CharField(
        _("respondent"), max_length=12, choices=RespondentKind.choices
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, default="en")
    email = models.EmailField(_("e-mail"), blank=True)
    expires_at = models.DateTimeField(_("answers accepted until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "respondent_kind"]
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "respondent_kind"], name="survey_link_one_per_respondent"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(respondent_kind="interpreter")
                    & models.Q(user__isnull=False)
                    & models.Q(company__isnull=True)
                )
                | (
                    ~models.Q(respondent_kind="interpreter")
                    & models.Q(company__isnull=False)
                    & models.Q(user__isnull=True)
                ),
                name="survey_link_company_or_interpreter",
            ),
        ]

    def __str__(self):
        return f"survey {self.meeting_id}/{self.respondent_kind}"

    @property
    def respondent_name(self) -> str:
        if self.company_id:
            return self.company.display_name
        return self.user.display_name() if self.user_id else ""


class SurveyResponse(models.Model):
    """One respondent's answer about one meeting (one per respondent per meeting: the database
    refuses a second). ``transactions`` maps a transaction kind to "discussed" or "agreed"."""

    class Stage(models.TextChoices):
        DISCUSSED = "discussed", _("Discussed")
        AGREED = "agreed", _("Agreed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="survey_responses")
    link = models.OneToOneField(SurveyLink, on_delete=models.CASCADE, related_name="response")
    respondent_kind = models.CharField(
        _("respondent"), max_length=12, choices=RespondentKind.choices
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    took_place = models.BooleanField(_("the meeting took place"))
    level = models.PositiveSmallIntegerField(_("outcome level"), null=True, blank=True)
    transactions = models.JSONField(_("business transactions"), default=dict, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["meeting", "respondent_kind"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "respondent_kind"], name="survey_response_one_per_respondent"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="survey_response_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(took_place=False) | models.Q(level__isnull=False),
                name="survey_response_level_when_held",
            ),
            models.CheckConstraint(
                condition=(models.Q(estimated_value__isnull=True) & models.Q(currency=""))
                | (
                    models.Q(estimated_value__isnull=False)
                    & models.Q(currency__regex=r"^[A-Z]{3}$")
                ),
                name="survey_response_value_with_currency",
            ),
        ]

    def __str__(self):
        return f"answer {self.meeting_id}/{self.respondent_kind}: {self.level}"


class SurveyReminder(models.Model):
    """An e-mail about one survey link: round 0 is the invitation, then the reminders. The row
    is written once the e-mail went out, so a task run twice sends one e-mail per round."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="reminders")
    round = models.PositiveSmallIntegerField(_("round"))
    sent_at = models.DateTimeField(_("sent at"))
    address = models.EmailField(_("sent to"))

    class Meta:
        ordering = ["link", "round"]
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "round"], name="survey_reminder_once_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.link_id} round {self.round}"


class MeetingOutcome(models.Model):
    """A meeting's outcome level: derived from the answers by the rule in monitoring/levels.py
    (``rule`` names the case used), ``flagged`` when respondents differ by two levels or more;
    staff then settle it (``settled_level``, who, when, why). ``level`` is the one that counts."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="outcome")
    derived_level = models.PositiveSmallIntegerField(_("derived level"), null=True, blank=True)
    rule = models.CharField(_("rule used"), max_length=24, blank=True)
    flagged = models.BooleanField(_("respondents disagree"), default=False)
    settled_level = models.PositiveSmallIntegerField(_("settled level"), null=True, blank=True)
    settled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(derived_level__isnull=True)
                | models.Q(derived_level__gte=1, derived_level__lte=5),
                name="meeting_outcome_derived_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(settled_level__isnull=True)
                | models.Q(settled_level__gte=1, settled_level__lte=5, settled_at__isnull=False),
                name="meeting_outcome_settled_1_to_5",
            ),
        ]

    def __str__(self):
        return f"outcome of {self.meeting_id}: {self.level}"

    @property
    def level(self) -> int | None:
        return self.settled_level or self.derived_level

    @property
    def needs_settling(self) -> bool:
        return self.flagged and self.settled_level is None


class FollowUp(models.Model):
    """The follow-up case of a meeting whose outcome level (settled, else derived) is 3 or 4:
    opened by the outcome services (``follow_up_open_for``), then worked by staff: status over
    time, planned mutual visits, deal value with its currency, next contact date. Every change
    of status is kept as a note (``FollowUpNote``, append-only)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up status", "Open")
        CONTACTED = "contacted", _("Contacted")
        VISIT_MADE = "visit_made", _("Visit made")
        NEGOTIATING = "negotiating", _("Negotiating")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
        DROPPED = "dropped", _("Dropped")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="follow_up")
    opened_level = models.PositiveSmallIntegerField(_("level when opened"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    planned_visits = models.TextField(_("planned mutual visits"), blank=True)
    deal_value = models.DecimalField(
        _("deal value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    next_contact = models.DateField(_("next contact"), null=True, blank=True)
    reminded_for = models.DateField(_("reminder sent for the contact date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(deal_value__isnull=True) & models.Q(currency=""))
                | (models.Q(deal_value__isnull=False) & models.Q(currency__regex=r"^[A-Z]{3}$")),
                name="follow_up_value_with_currency",
            ),
            models.CheckConstraint(
                condition=models.Q(deal_value__isnull=True) | models.Q(deal_value__gte=0),
                name="follow_up_value_not_negative",
            ),
        ]

    def __str__(self):
        return f"follow-up of {self.meeting_id}: {self.status}"


class FollowUpNote(models.Model):
    """A dated note on a follow-up, by its author; a change of status is recorded here too
    (``status_from`` → ``status_to``). Notes are only ever added."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"))
    text = models.TextField(_("note"), blank=True)
    status_from = models.CharField(_("status before"), max_length=20, blank=True)
    status_to = models.CharField(_("status after"), max_length=20, blank=True)

    class Meta:
        ordering = ["follow_up", "written_at", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self):
        return f"note on {self.follow_up_id} at {self.written_at:%Y-%m-%d}"

    @property
    def status_from_label(self) -> str:
        return FollowUp.Status(self.status_from).label if self.status_from else ""

    @property
    def status_to_label(self) -> str:
        return FollowUp.Status(self.status_to).label if self.status_to else ""


class ReturnSale(models.Model):
    """Sales a Japanese participant reports after the event ("return sales"), per period, in the
    currency they were made in. Dashboards and reports convert them to the reporting currency
    at the stored dated rates (companies.ExchangeRate), naming the rate used."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="return_sales")
    company = models.ForeignKey(
        Company, verbose_name=_("Japanese company"), on_delete=models.PROTECT, related_name="+"
    )
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="return_sales",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["programme", "company", "period_start", "id"]
        verbose_name = _("return sales")
        verbose_name_plural = _("return sales")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company", "period_start", "period_end"],
                name="return_sale_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="return_sale_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="return_sale_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"),
                name="return_sale_currency_code",
            ),
        ]
        indexes = [models.Index(fields=["programme", "period_start"])]

    def __str__(self):
        period = f"{self.period_start}–{self.period_end}"
        return f"{self.company_id} {period}: {self.amount} {self.currency}"


class FollowUpSurvey(models.Model):
    """A short survey to one company of a follow-up case, 3, 6 or 12 months after the
    programme's last day (``months``; ``due_date`` is that day). The daily task e-mails it
    once it is due (``sent_at``); the company answers once through its private link
    (monitoring/tokens.py, its own salt) until ``expires_at``: where the case stands (a
    FollowUp status), a deal value with its currency, a comment and, for the Japanese company,
    its sales to the partner in the period the round covers (recorded as a ReturnSale,
    ``return_sale``). One answer per company per case per round: the database refuses a
    second row."""

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="surveys"
    )
    respondent_kind = models.CharField(
        _("respondent"),
        max_length=12,
        choices=[
            (RespondentKind.JAPANESE.value, RespondentKind.JAPANESE.label),
            (RespondentKind.OVERSEAS.value, RespondentKind.OVERSEAS.label),
        ],
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    months = models.PositiveSmallIntegerField(_("months after the programme"), choices=Months)
    language = models.CharField(_("language"), max_length=5, default="en")
    email = models.EmailField(_("e-mail"), blank=True)
    due_date = models.DateField(_("due on"))
    expires_at = models.DateTimeField(_("answers accepted until"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    status = models.CharField(
        _("where the case stands"), max_length=20, choices=FollowUp.Status.choices, blank=True
    )
    deal_value = models.DecimalField(
        _("deal value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    sales_amount = models.DecimalField(
        _("sales to the partner in the period"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    sales_currency = models.CharField(_("currency of the sales"), max_length=3, blank=True)
    return_sale = models.ForeignKey(
        ReturnSale,
        verbose_name=_("return sales"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up", "months", "respondent_kind"]
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "company", "months"],
                name="follow_up_survey_one_per_company_round",
            ),
            models.CheckConstraint(
                condition=models.Q(months__in=[3, 6, 12]), name="follow_up_survey_months"
            ),
            models.CheckConstraint(
                condition=(models.Q(answered_at__isnull=True) & models.Q(status=""))
                | (models.Q(answered_at__isnull=False) & ~models.Q(status="")),
                name="follow_up_survey_answer_has_status",
            ),
            models.CheckConstraint(
                condition=(models.Q(deal_value__isnull=True) & models.Q(currency=""))
                | (
                    models.Q(deal_value__isnull=False, deal_value__gte=0)
                    & models.Q(currency__regex=r"^[A-Z]{3}$")
                ),
                name="follow_up_survey_value_with_currency",
            ),
            models.CheckConstraint(
                condition=(models.Q(sales_amount__isnull=True) & models.Q(sales_currency=""))
                | (
                    models.Q(sales_amount__isnull=False, sales_amount__gte=0)
                    & models.Q(sales_currency__regex=r"^[A-Z]{3}$")
                    & models.Q(respondent_kind="japanese")
                ),
                name="follow_up_survey_sales_by_japanese_with_currency",
            ),
        ]
        indexes = [models.Index(fields=["due_date", "sent_at"])]

    def __str__(self):
        return f"follow-up survey {self.follow_up_id}/{self.respondent_kind}/{self.months}m"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


def report_path(instance, filename: str) -> str:
    """upload_to of Report.file: private, under a random name."""
    return random_name("reports", filename)


class Report(models.Model):
    """A ministry report (PDF) of one programme or of the portfolio (optionally narrowed to a
    period, a programme kind and a partner country), built by a background job and kept.
    ``programmes`` are the programmes it covers: whoever may read all of them may download it.
    A report is READY only with its file; a failed build keeps no file."""

    class Scope(models.TextChoices):
        PROGRAMME = "programme", _("Programme report")
        PORTFOLIO = "portfolio", _("Portfolio report")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report status", "Queued")
        BUILDING = "building", pgettext_lazy("report status", "Building")
        READY = "ready", pgettext_lazy("report status", "Ready")
        FAILED = "failed", pgettext_lazy("report status", "Failed")

    scope = models.CharField(_("report"), max_length=12, choices=Scope.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    kind = models.CharField(_("programme kind"), max_length=20, blank=True)
    country = models.CharField(_("partner country"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+")
    file = models.FileField(upload_to=report_path, storage=private_storage, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""),
                name="report_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="programme") | models.Q(programme__isnull=False),
                name="report_programme_scope_has_programme",
            ),
        ]

    def __str__(self):
        return f"report #{self.pk} ({self.scope}, {self.language}, {self.status})"
