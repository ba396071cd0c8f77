from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, AuditEvent, Job, Organisation, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users (the API tokens page); here they are only listed and
    revoked. Nothing here can show a token: only its hash is stored."""

    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "key_prefix")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        if not request.user.is_agency_staff:
            self.message_user(request, _("Only agency staff may revoke tokens."), "error")
            return
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token, by=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read only: nobody adds, changes or deletes an event here (the model and,
    on PostgreSQL, the database refuse it as well). Staff filter and export it at /audit/."""

    list_display = ("at", "username", "action", "object_repr", "programme", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "object_repr", "programme", "path")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
