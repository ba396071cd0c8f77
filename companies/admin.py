from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Application,
    ApplicationEvent,
    ApplicationForm,
    Company,
    ExchangeRate,
    ImportBatch,
    Question,
    RuleSet,
)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "local_name", "country", "sector", "employees", "merged_into")
    list_filter = ("country", "sector", "legal_form")
    search_fields = ("legal_name", "local_name", "latin_name", "registration_number")
    readonly_fields = ("normalised_name",)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ("kind", "by", "actor", "from_status", "to_status", "changes", "at")
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("company", "programme", "status", "eligible", "size_class", "counterpart")
    list_filter = ("programme", "status", "eligible", "source")
    search_fields = ("company__legal_name", "email")
    inlines = [ApplicationEventInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(ApplicationForm)
class ApplicationFormAdmin(admin.ModelAdmin):
    list_display = ("programme", "is_open", "deadline", "rule_set")
    inlines = [QuestionInline]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "valid_from", "valid_until", "builtin")
    list_filter = ("country", "builtin")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "to_currency", "rate", "date", "source")
    list_filter = ("currency", "to_currency")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "programme", "organisation", "status", "row_count", "created_at")
    list_filter = ("status",)
    # The file is private (core/storage.py): linked to the view that checks who asks.
    exclude = ("file",)
    readonly_fields = ("download",)

    @admin.display(description=_("uploaded file"))
    def download(self, batch):
        if not batch.file:
            return "—"
        url = reverse("companies:upload.download", args=[batch.programme.slug, batch.pk])
        return format_html('<a href="{}">{}</a>', url, batch.filename)
