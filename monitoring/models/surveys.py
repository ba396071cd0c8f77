"""The private survey links of a meeting's three respondents, their answers and the reminders
sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from scheduling.models import Meeting

from .choices import RespondentKind

User = settings.AUTH_USER_MODEL


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
