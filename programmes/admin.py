from django.contrib import admin

from .models import Activity, Programme, ProgrammeOrganisation, ProgrammeRole, Table, Venue


class TableInline(admin.TabularInline):
    model = Table
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "start_date", "end_date", "time_zone")
    list_filter = ("kind", "status")
    search_fields = ("title", "title_ja", "title_ru", "slug")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "kind", "venue", "starts_at", "ends_at")
    list_filter = ("kind", "programme")
    list_select_related = ("programme", "venue")
    inlines = [TableInline]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country")
    search_fields = ("name", "city")


@admin.register(ProgrammeOrganisation)
class ProgrammeOrganisationAdmin(admin.ModelAdmin):
    list_display = ("programme", "organisation", "role", "invited_at")
    list_select_related = ("programme", "organisation")


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(admin.ModelAdmin):
    list_display = ("programme", "user", "role", "invited_at")
    list_select_related = ("programme", "user")
