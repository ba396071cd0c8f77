"""Assessment and selection of participants: the round's settings, the criteria advisers score
against, declared conflicts of interest, who reviews which application, the scores, and the
decision on each applicant with the company's answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Application, Company
from programmes.models import Programme, Translated


class Assessment(models.Model):
    """One per programme: how many reviews each application gets, the selection target and
    whether the round is locked (scores and assignments frozen)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="assessment")
    reviews_per_application = models.PositiveSmallIntegerField(
        _("reviews per application"), default=2
    )
    target_min = models.PositiveSmallIntegerField(_("companies to select: at least"), default=10)
    target_max = models.PositiveSmallIntegerField(_("companies to select: at most"), default=20)
    disagreement = models.DecimalField(
        _("large disagreement from"),
        max_digits=5,
        decimal_places=1,
        default=20,
        help_text=_("Points out of 100 between the highest and the lowest adviser total."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_max__gte=models.F("target_min")),
                name="assessment_target_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(reviews_per_application__gte=1),
                name="assessment_at_least_one_review",
            ),
        ]

    def __str__(self):
        return str(self.programme)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Criterion(Translated):
    """What advisers score, on a scale, with a weight and an optional threshold below which an
    applicant fails the criterion whatever its total. Some are filled from the application."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Scored by advisers")
        SALES = "sales", _("Annual sales (bands)")
        GROWTH = "growth_rate", _("Growth rate (bands)")
        YEARS = "years_in_business", _("Years in business (bands)")
        EMPLOYEES = "employees", _("Employees (bands)")
        JAPANESE_PARTNERS = (
            "japanese_partner_experience",
            _("Experience with Japanese partners (yes / no)"),
        )
        EXPORTS = "exports", _("Exports (yes / no)")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name (English)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    guidance = models.TextField(_("guidance (English)"), blank=True)
    guidance_ja = models.TextField(_("guidance (Japanese)"), blank=True)
    guidance_ru = models.TextField(_("guidance (Russian)"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    threshold = models.DecimalField(
        _("threshold score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "An applicant whose score is below this fails the criterion, whatever its total."
        ),
    )
    source = models.CharField(
        _("filled from"), max_length=32, choices=Source.choices, default=Source.MANUAL
    )
    # {"bands": [["0", "1"], ["100000000", "3"]], "currency": "JPY"} or {"yes": "0", "no": "5"}
    auto_rule = models.JSONField(_("rule"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.localized("name")

    @property
    def display_guidance(self) -> str:
        return self.localized("guidance")

    @property
    def is_automatic(self) -> bool:
        return self.source != self.Source.MANUAL


class Conflict(models.Model):
    """An adviser's declared conflict of interest with a company: never assigned to it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="conflicts")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "adviser__username", "company__legal_name"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "adviser", "company"], name="conflict_unique"
            ),
        ]

    def __str__(self):
        return f"{self.adviser} × {self.company}"


class ConflictWithdrawal(models.Model):
    """A conflict of interest that was withdrawn, kept on record: who declared it and why, who
    withdrew it and when. Rows are only ever added."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="conflict_withdrawals"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adviser"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared at"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "-withdrawn_at", "-id"]
        verbose_name = _("withdrawn conflict of interest")
        verbose_name_plural = _("withdrawn conflicts of interest")

    def __str__(self):
        return f"{self.adviser} × {self.company} (withdrawn)"


class Assignment(models.Model):
    """One adviser reviews one application: the scores hang off it, with a recommendation."""

    class Method(models.TextChoices):
        MANUAL = "manual", _("By hand")
        AUTO = "auto", _("Automatically")

    class Recommendation(models.TextChoices):
        SELECT = "select", pgettext_lazy("recommendation", "Select")
        MAYBE = "maybe", pgettext_lazy("recommendation", "Maybe")
        REJECT = "reject", pgettext_lazy("recommendation", "Reject")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    method = models.CharField(_("assigned"), max_length=10, choices=Method.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    completed_at = models.DateTimeField(_("complete since"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "application__company__legal_name", "adviser__username"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "adviser"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.adviser} → {self.application}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """Staff's decision on one applicant, why, and the company's answer to it. Every change is
    also kept in the application's trail (companies.ApplicationEvent)."""

    class Outcome(models.TextChoices):
        SELECT = "select", pgettext_lazy("decision", "Select")
        WAITLIST = "waitlist", pgettext_lazy("decision", "Waitlist")
        REJECT = "reject", pgettext_lazy("decision", "Reject")

    class Response(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed participation")
        DECLINED = "declined", _("Declined")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    override_reason = models.TextField(_("why decided with reviews missing"), blank=True)
    invited = models.BooleanField(
        _("invited from the registry"), default=False,
        help_text=_("A Japanese company invited by staff rather than assessed."),
    )  # fmt: skip
    waitlist_rank = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    promoted = models.BooleanField(_("promoted from the waiting list"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    notified_at = models.DateTimeField(_("company told at"), null=True, blank=True)
    response = models.CharField(
        _("company's answer"), max_length=10, choices=Response.choices, blank=True
    )
    response_note = models.CharField(_("note"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["application__programme", "outcome", "waitlist_rank", "id"]
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")

    def __str__(self):
        return f"{self.application}: {self.outcome}"


class FrozenFacts(models.Model):
    """The automatic scores of one application as they stood when the round was locked, with
    the facts and the exchange rates they were read from: while the round is locked the
    ranking and the reviews read these, not the live company record or a newer rate.
    Unlocking deletes them.

    facts: {"<criterion id>": {"value": ..., "score": "3" or null, and what the value was read
    from: "sales", "currency", "rate", "rate_date", "inverse" (sales), "founded", "start"
    (years in business)}}."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="frozen_facts"
    )
    frozen_at = models.DateTimeField(_("frozen at"))
    rates_on = models.DateField(_("exchange rates as of"))
    facts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("frozen automatic scores")
        verbose_name_plural = _("frozen automatic scores")

    def __str__(self):
        return f"{self.application} (frozen {self.frozen_at:%Y-%m-%d})"
