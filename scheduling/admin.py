from django.contrib import admin

from .models import (
    Attendance,
    Meeting,
    MeetingRequest,
    OverseasTable,
    PairScore,
    PoolInterpreter,
    Schedule,
    ScheduleRun,
    SchedulingSettings,
    Unavailability,
)


@admin.register(SchedulingSettings)
class SchedulingSettingsAdmin(admin.ModelAdmin):
    list_display = ("programme", "requests_open_at", "requests_close_at", "interpreter_mode")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("programme", "company", "target", "preference", "updated_at")
    list_filter = ("preference", "programme")
    list_select_related = ("programme", "company", "target")
    raw_id_fields = ("company", "target", "by")


@admin.register(PairScore)
class PairScoreAdmin(admin.ModelAdmin):
    list_display = ("programme", "overseas", "domestic", "adjustment", "blocked", "reason_kind")
    list_filter = ("blocked", "reason_kind", "programme")
    list_select_related = ("programme", "overseas", "domestic")
    raw_id_fields = ("overseas", "domestic", "by")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("activity", "company")
    list_select_related = ("activity", "company")
    raw_id_fields = ("activity", "company")


@admin.register(Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin):
    list_display = ("programme", "company", "interpreter", "starts_at", "ends_at", "reason")
    list_select_related = ("programme", "company", "interpreter")
    raw_id_fields = ("company", "interpreter", "by")


@admin.register(OverseasTable)
class OverseasTableAdmin(admin.ModelAdmin):
    list_display = ("programme", "number", "company", "interpreter", "language")
    list_select_related = ("programme", "company", "interpreter")
    raw_id_fields = ("company", "interpreter")


@admin.register(PoolInterpreter)
class PoolInterpreterAdmin(admin.ModelAdmin):
    list_display = ("programme", "user", "language")
    raw_id_fields = ("user",)


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "programme", "status", "created_at", "finished_at", "message")
    list_filter = ("status",)
    readonly_fields = ("job", "schedule", "timings")


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ("pk", "programme", "label", "status", "created_at", "published_at")
    list_filter = ("status",)
    readonly_fields = ("run", "quality", "instance", "slot_map")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("schedule", "slot", "table", "overseas", "domestic", "status", "origin")
    list_filter = ("status", "origin")
    list_select_related = ("schedule", "table", "overseas", "domestic")
    raw_id_fields = ("schedule", "overseas", "domestic", "activity", "table", "interpreter",
                     "adviser")  # fmt: skip
