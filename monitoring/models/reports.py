"""Ministry reports (PDF) of a programme or of the portfolio, and where their files go."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import private_storage, random_name
from programmes.models import Programme

User = settings.AUTH_USER_MODEL


def report_path(instance, filename: str) -> str:
    """upload_to of Report.file: private, under a random name."""
    return random_name("reports", filename)


class Report(models.Model):
    """A ministry report (PDF) of one programme or of the portfolio (optionally narrowed to a
    period, a programme kind and a partner country), built by a background job and kept.
    ``programmes`` are the programmes it covers: whoever may read all of them may download it.
    A report is READY only with its file; a failed build keeps no file."""

    class Scope(models.TextChoices):
        PROGRAMME = "programme", _("Programme report")
        PORTFOLIO = "portfolio", _("Portfolio report")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report status", "Queued")
        BUILDING = "building", pgettext_lazy("report status", "Building")
        READY = "ready", pgettext_lazy("report status", "Ready")
        FAILED = "failed", pgettext_lazy("report status", "Failed")

    scope = models.CharField(_("report"), max_length=12, choices=Scope.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    kind = models.CharField(_("programme kind"), max_length=20, blank=True)
    country = models.CharField(_("partner country"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+")
    file = models.FileField(upload_to=report_path, storage=private_storage, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""),
                name="report_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="programme") | models.Q(programme__isnull=False),
                name="report_programme_scope_has_programme",
            ),
        ]

    def __str__(self):
        return f"report #{self.pk} ({self.scope}, {self.language}, {self.status})"
