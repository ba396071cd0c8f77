"""Each meeting's outcome level: derived from the answers, settled by staff where the
respondents disagree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduling.models import Meeting

User = settings.AUTH_USER_MODEL


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
