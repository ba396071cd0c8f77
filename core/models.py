"""Users, the organisations they belong to, and background jobs."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from .scoping import ScopedQuerySet
from .storage import job_result_path, private_storage


class Organisation(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Implementing agency")
        COUNTERPART = "counterpart", _("Counterpart organisation")
        COMPANY = "company", _("Company")
        ADVISERS = "advisers", _("Advisers")
        INTERPRETERS = "interpreters", _("Interpreters and coordinators")
        MINISTRY = "ministry", _("Ministry")

    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(
        _("name in its own script"), max_length=200, blank=True, help_text=_("e.g. 中小機構")
    )
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_agency_staff(self) -> bool:
        """Programme staff of the implementing agency manage every programme."""
        if not self.is_authenticated or not self.is_active:
            return False
        if self.is_superuser:
            return True
        org = self.organisation
        return org is not None and org.kind == Organisation.Kind.AGENCY

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class JobQuerySet(ScopedQuerySet):
    def policy(self, user):
        """Agency staff see every job; everyone else only the jobs they started (an export's
        result holds rows only its starter may see)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_agency_staff:
            return self._chain()
        return self.filter(created_by=user)


class Job(models.Model):
    """A piece of work run by the Celery worker, with progress a person can watch."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Queued")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("job status", "Finished")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    kind = models.CharField(_("kind"), max_length=60)
    description = models.CharField(_("description"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Stored privately under a random name; result_filename is the name it is downloaded as.
    result_file = models.FileField(upload_to=job_result_path, storage=private_storage, blank=True)
    result_filename = models.CharField(_("file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    # Scoped by default (core/scoping.py): `.visible_to(user)` or `.unscoped(reason)`.
    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def download_name(self) -> str:
        """The result's own file name (files stored before result_filename: their stored one)."""
        return self.result_filename or self.result_file.name.rsplit("/", 1)[-1]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class ApiToken(models.Model):
    """A named API token of one user (core/api_tokens.py). Only its hash is stored; revoking
    keeps the row, so that the list shows what was revoked, when and by whom."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEventQuerySet(models.QuerySet):
    """Audit events are written once and never changed or removed by the application."""

    def update(self, **kwargs):
        raise AuditLogAppendOnly()

    def delete(self):
        raise AuditLogAppendOnly()

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogAppendOnly()

    def update_or_create(self, *args, **kwargs):
        raise AuditLogAppendOnly()

    update.queryset_only = True
    delete.queryset_only = True


class AuditLogAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""

    def __init__(self):
        super().__init__("The audit log is append-only: events cannot be changed or deleted.")


class AuditEvent(models.Model):
    """One thing that happened and matters for security: who, when, what, from where
    (core/audit.py writes them; docs/security.md, "Audit log"). Append-only: the application
    refuses to change or delete a row, and on PostgreSQL a trigger refuses it too (only the
    actor, or the object's type, set to nothing when the user or type is deleted). Never holds
    a secret: no password, token, session key or request body."""

    class Action(models.TextChoices):
        LOGIN = "login", pgettext_lazy("audit action", "Signed in")
        LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "Sign-in failed")
        LOGOUT = "logout", pgettext_lazy("audit action", "Signed out")
        ACCESS_REFUSED = "access_refused", pgettext_lazy("audit action", "Access refused")
        IMPORT = "import", pgettext_lazy("audit action", "Import")
        EXPORT = "export", pgettext_lazy("audit action", "Export")
        SCORE_CHANGE = "score_change", pgettext_lazy("audit action", "Scores changed")
        DECISION = "decision", pgettext_lazy("audit action", "Decision")
        SCHEDULE_PUBLISH = "schedule_publish", pgettext_lazy("audit action", "Schedule published")
        SCHEDULE_EDIT = "schedule_edit", pgettext_lazy("audit action", "Schedule edited")
        REPORT_DOWNLOAD = "report_download", pgettext_lazy("audit action", "Report downloaded")
        TOKEN_CREATED = "token_created", pgettext_lazy("audit action", "API token created")
        TOKEN_REVOKED = "token_revoked", pgettext_lazy("audit action", "API token revoked")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The user name at that moment (kept when the user is deleted); for a failed sign-in, the
    # name that was typed.
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("object type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    programme = models.CharField(_("programme"), max_length=60, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address requested"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.username or '-'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogAppendOnly()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogAppendOnly()
