"""Follow-up cases of promising meetings and their append-only notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scheduling.models import Meeting

User = settings.AUTH_USER_MODEL


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
