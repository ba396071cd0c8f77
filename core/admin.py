from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Job, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "contact_name", "contact_email")
    list_filter = ("kind", "country")
    search_fields = ("name", "name_local", "slug", "contact_name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff")
    list_filter = ("organisation__kind", "is_staff", "is_active")
    list_select_related = ("organisation",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("organisation", "language")}),
    )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "progress", "total", "created_by", "created_at")
    list_filter = ("kind", "status")
    # The result is private (core/storage.py): linked to the view that checks who asks.
    exclude = ("result_file",)
    readonly_fields = [f.name for f in Job._meta.fields if f.name != "result_file"] + ["download"]

    @admin.display(description=_("result"))
    def download(self, job):
        if not job.result_file:
            return "—"
        url = reverse("core:job.download", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, job.download_name)
