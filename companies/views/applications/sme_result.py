"""The SME result as every applicant page shows it (also the company's own pages)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from ...models import Application, RuleSet, SizeClass
from ...services.eligibility import Check, reason_text


@dataclass
class SmeResult:
    """What a reader is shown of an SME result: fresh from a check, or as stored."""

    eligible: bool | None
    size_class: str = ""
    rule_set: RuleSet | None = None
    reasons: list[str] = field(default_factory=list)
    rate: dict | None = None
    checked_at: datetime | None = None
    missing: str = ""  # why no check could be made yet (fields to fill in)

    @property
    def size_label(self) -> str:
        return str(SizeClass(self.size_class).label) if self.size_class else ""

    @property
    def rate_text(self) -> str:
        if not self.rate:
            return ""
        rate = Decimal(format(Decimal(str(self.rate["rate"])).normalize(), "f"))
        text = _("1 %(from)s = %(rate)s %(to)s on %(date)s") % {
            "from": self.rate["currency"],
            "rate": formats.number_format(rate, use_l10n=True, force_grouping=True),
            "to": self.rate["to_currency"],
            "date": self.rate["date"],
        }
        if self.rate.get("source"):
            text += f" ({self.rate['source']})"
        return text

    @classmethod
    def from_check(cls, check: Check) -> "SmeResult":
        rate = check.rate
        return cls(
            eligible=check.eligible,
            size_class=check.size_class or "",
            rule_set=check.rule_set,
            reasons=[reason_text(item) for item in check.reasons()],
            rate={
                "currency": rate.currency,
                "to_currency": rate.to_currency,
                "rate": str(rate.rate),
                "date": rate.date.isoformat() if isinstance(rate.date, date) else rate.date,
                "source": rate.source,
            }
            if rate
            else None,
        )

    @classmethod
    def from_application(cls, application: Application) -> "SmeResult":
        rule_set = (
            RuleSet.objects.filter(name=application.rule_set_name).first()
            if application.rule_set_name
            else None
        )
        return cls(
            eligible=application.eligible,
            size_class=application.size_class,
            rule_set=rule_set,
            reasons=[reason_text(item) for item in application.eligibility_reasons or []],
            rate=application.exchange_rate,
            checked_at=application.eligibility_checked_at,
        )
