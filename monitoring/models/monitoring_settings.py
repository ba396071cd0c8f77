"""A programme's survey period and reminder rhythm."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


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
