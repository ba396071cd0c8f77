"""Companies, their applications to programmes, the application form with its programme-specific
questions, SME rule sets, exchange rates and counterpart uploads."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.storage import private_storage, random_name
from programmes.models import Programme, Translated

from .querysets import ApplicationQuerySet, ImportBatchQuerySet


class SmeSector(models.TextChoices):
    """One vocabulary that each country's SME rule set maps to its own sector groups."""

    MANUFACTURING = "manufacturing", _("Manufacturing")
    CONSTRUCTION = "construction", _("Construction")
    TRANSPORT = "transport", _("Transport")
    AGRICULTURE = "agriculture", _("Agriculture")
    WHOLESALE = "wholesale", _("Wholesale")
    RETAIL = "retail", _("Retail")
    SERVICES = "services", _("Services")
    SOFTWARE = "software", _("Software and information services")
    RUBBER = "rubber", _("Rubber products")
    INNS = "inns", _("Inns and hotels")
    OTHER = "other", pgettext_lazy("SME sector", "Other")


class LegalForm(models.TextChoices):
    COMPANY = "company", _("Company")
    SOLE_PROPRIETOR = "sole_proprietor", _("Sole proprietor")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


def _token() -> str:
    return secrets.token_urlsafe(24)


class Company(models.Model):
    """A company that applies to programmes. Japanese and overseas companies alike."""

    legal_name = models.CharField(_("legal name"), max_length=255)
    local_name = models.CharField(
        _("name in its own script"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 株式会社なにわ精工"),
    )
    latin_name = models.CharField(_("Latin transliteration"), max_length=255, blank=True)
    normalised_name = models.CharField(max_length=255, db_index=True, editable=False)
    registration_number = models.CharField(
        _("registration number"), max_length=50, blank=True, db_index=True
    )
    country = CountryField(_("country"))
    sector = models.CharField(_("sector"), max_length=20, choices=SmeSector.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.COMPANY
    )
    # The industries of programmes.models.Sector (auto parts, electronics...): the agency's
    # mailing lists by sector, used to invite Japanese companies to a programme.
    industries = models.JSONField(_("industries"), default=list, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    capital = models.DecimalField(
        _("paid-in capital"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    sales = models.DecimalField(
        _("annual sales"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    balance_sheet = models.DecimalField(
        _("balance-sheet total"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    figures_date = models.DateField(
        _("figures as of"),
        null=True,
        blank=True,
        help_text=_("e.g. the end of the last fiscal year"),
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    growth_rate = models.DecimalField(
        _("sales growth (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    exports = models.BooleanField(_("exports"), null=True, blank=True)
    imports = models.BooleanField(_("imports"), null=True, blank=True)
    overseas_trade = models.TextField(_("overseas trade experience"), blank=True)
    japanese_partner_experience = models.BooleanField(
        _("has worked with Japanese partners"), null=True, blank=True
    )
    japanese_support_programmes = models.TextField(
        _("Japanese support programmes attended"), blank=True
    )
    hiring_countries = CountryField(_("countries it hires from"), multiple=True, blank=True)
    business_profile = models.TextField(_("products and business"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("user organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company",
        help_text=_("The organisation whose members sign in as this company."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [models.Index(fields=["country", "normalised_name"])]

    def __str__(self):
        return self.legal_name

    @property
    def display_name(self) -> str:
        if self.local_name and self.local_name != self.legal_name:
            return f"{self.legal_name} ({self.local_name})"
        return self.legal_name


class RuleSet(models.Model):
    """An SME definition: per country, versioned, citing the law. The definition is data read by
    the pure engine in companies/eligibility/."""

    name = models.SlugField(_("name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 alpha-2 code, or EU for the EU rule")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    citation = models.TextField(_("legal source"))
    currency = models.CharField(_("currency of the thresholds"), max_length=3)
    definition = models.JSONField(_("definition"))
    builtin = models.BooleanField(_("shipped with the application"), default=False)
    programme_specific = models.BooleanField(_("programme-specific"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "-valid_from", "name"]
        verbose_name = _("SME rule set")
        verbose_name_plural = _("SME rule sets")

    def __str__(self):
        return self.title

    def as_data(self) -> dict:
        """The shape the pure engine reads."""
        return {
            "name": self.name,
            "title": self.title,
            "kind": "programme" if self.programme_specific else "law",
            "country": self.country,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "citation": self.citation,
            "currency": self.currency,
            "definition": self.definition,
        }


class ExchangeRate(models.Model):
    """1 unit of `currency` = `rate` units of `to_currency` on `date`. Managed by staff, never
    fetched live."""

    currency = models.CharField(_("currency"), max_length=3)
    to_currency = models.CharField(_("to currency"), max_length=3)
    rate = models.DecimalField(_("rate"), max_digits=24, decimal_places=10)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["currency", "to_currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "to_currency", "date"], name="exchange_rate_unique_per_day"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate} {self.to_currency} ({self.date})"


def default_form_languages() -> list[str]:
    return ["en", "ja", "ru"]


class ApplicationForm(Translated):
    """The public application form of one programme."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="application_form"
    )
    public_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    is_open = models.BooleanField(_("open for applications"), default=False)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name=_("SME rule set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forms",
        help_text=_("Leave empty to apply the law of each applicant's country."),
    )
    intro = models.TextField(_("introduction (English)"), blank=True)
    intro_ja = models.TextField(_("introduction (Japanese)"), blank=True)
    intro_ru = models.TextField(_("introduction (Russian)"), blank=True)
    intro_vi = models.TextField(_("introduction (Vietnamese)"), blank=True)
    intro_th = models.TextField(_("introduction (Thai)"), blank=True)
    languages = models.JSONField(
        _("form languages"),
        default=default_form_languages,
        help_text=_("The languages the public form and the applicants' pages are offered in."),
    )

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")

    def __str__(self):
        return str(self.programme)

    @property
    def offered_languages(self) -> list[str]:
        """The form's languages in the project's order (English if none is valid)."""
        chosen = set(self.languages or [])
        return [code for code, _name in settings.LANGUAGES if code in chosen] or ["en"]

    def accepts_changes(self, now=None) -> bool:
        now = now or timezone.now()
        return self.deadline is None or now <= self.deadline


class Question(Translated):
    """A programme-specific question staff add to the form without code."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes / no")

    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("question (English)"), max_length=300)
    title_ja = models.CharField(_("question (Japanese)"), max_length=300, blank=True)
    title_ru = models.CharField(_("question (Russian)"), max_length=300, blank=True)
    title_vi = models.CharField(_("question (Vietnamese)"), max_length=300, blank=True)
    title_th = models.CharField(_("question (Thai)"), max_length=300, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice questions: one per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["form", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("application status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        ELIGIBLE = "eligible", pgettext_lazy("application status", "Eligible")
        INELIGIBLE = "ineligible", pgettext_lazy("application status", "Not eligible")
        SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
        SELECTED = "selected", pgettext_lazy("application status", "Selected")
        WAITLISTED = "waitlisted", pgettext_lazy("application status", "Waitlisted")
        REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    class Source(models.TextChoices):
        FORM = "form", _("Application form")
        UPLOAD = "upload", _("Counterpart upload")
        STAFF = "staff", _("Entered by staff")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="applications"
    )
    counterpart = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("counterpart organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The organisation that put this applicant forward and owns the row."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    email = models.EmailField(_("applicant e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    access_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The SME result, as last assessed; the rate used is stored with it.
    eligible = models.BooleanField(_("SME"), null=True, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    rule_set_name = models.CharField(_("SME rule set"), max_length=80, blank=True)
    eligibility_reasons = models.JSONField(default=list, blank=True)
    exchange_rate = models.JSONField(
        _("exchange rate used"), null=True, blank=True, help_text=_("currency, rate, date, source")
    )
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Scoped by default (core/scoping.py): `.visible_to(user)` or `.unscoped(reason)`.
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "company__legal_name", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company"], name="application_one_per_company"
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.programme}"


class ApplicationEvent(models.Model):
    """The audit trail: who changed what, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")
        IMPORTED = "imported", _("Imported")
        ELIGIBILITY = "eligibility", _("SME result")
        MERGED = "merged", _("Company merged")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.CharField(
        _("by"), max_length=200, help_text=_("Who, as shown in the trail (kept if the user goes).")
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.application_id}: {self.kind} by {self.actor}"


def import_file_path(instance, filename: str) -> str:
    """upload_to of ImportBatch.file: a name nobody can guess."""
    return random_name("imports", filename)


class ImportBatch(models.Model):
    """One uploaded applicant list: previewed first, applied only when confirmed."""

    class Status(models.TextChoices):
        READING = "reading", pgettext_lazy("import status", "Reading")
        PREVIEW = "preview", pgettext_lazy("import status", "Ready to confirm")
        APPLYING = "applying", pgettext_lazy("import status", "Importing")
        APPLIED = "applied", pgettext_lazy("import status", "Imported")
        FAILED = "failed", pgettext_lazy("import status", "Failed")
        DISCARDED = "discarded", pgettext_lazy("import status", "Discarded")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Stored privately under a random name (core/storage.py); `filename` is the original name,
    # the one the file is downloaded as.
    file = models.FileField(upload_to=import_file_path, storage=private_storage, blank=True)
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READING
    )
    message = models.TextField(blank=True)
    notices = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    update_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    # Scoped by default (core/scoping.py): `.visible_to(user)` or `.unscoped(reason)`.
    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("applicant upload")
        verbose_name_plural = _("applicant uploads")

    def __str__(self):
        return self.filename


class ImportRow(models.Model):
    class Action(models.TextChoices):
        NEW = "new", pgettext_lazy("import row", "New")
        UPDATE = "update", pgettext_lazy("import row", "Update")
        UNCHANGED = "unchanged", pgettext_lazy("import row", "Unchanged")
        ERROR = "error", pgettext_lazy("import row", "Error")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    data = models.JSONField(default=dict)
    errors = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique_number"),
        ]

    def __str__(self):
        return f"row {self.number}: {self.action}"
