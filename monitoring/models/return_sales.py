"""Sales a Japanese participant reports after the event, per period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from programmes.models import Programme

from .follow_ups import FollowUp

User = settings.AUTH_USER_MODEL


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
