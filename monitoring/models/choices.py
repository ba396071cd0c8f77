"""The outcome levels' meanings, who answers a meeting's survey, and the kinds of business
transaction."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
