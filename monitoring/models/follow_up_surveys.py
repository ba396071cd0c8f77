"""Surveys to the companies of a follow-up case, 3, 6 and 12 months after the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company

from .choices import RespondentKind
from .follow_ups import FollowUp
from .return_sales import ReturnSale


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
