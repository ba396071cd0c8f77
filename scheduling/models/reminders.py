"""The reminder sent to a company that has not answered the meeting requests (once)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from programmes.models import Programme


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
