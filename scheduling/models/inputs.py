"""The input: companies' meeting requests and advisers' pair scores (and blocks)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from programmes.models import Programme

User = settings.AUTH_USER_MODEL


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
