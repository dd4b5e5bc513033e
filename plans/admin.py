from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Goal, JournalEntry, Milestone, Task, TimeBlock, Win


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("title", "member", "kind", "status", "start_date", "target_date")
    list_filter = ("kind", "status")
    search_fields = ("title", "member__email")
    raw_id_fields = ("member",)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "goal", "due_date", "completed_at")
    raw_id_fields = ("goal",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "goal", "due_date", "effort_hours", "activity", "status")
    list_filter = ("status", "activity")
    raw_id_fields = ("goal", "milestone")


@admin.register(TimeBlock)
class TimeBlockAdmin(admin.ModelAdmin):
    list_display = ("member", "weekday", "starts_at", "ends_at", "label")
    raw_id_fields = ("member",)


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ("member", "written_on", "goal")
    raw_id_fields = ("member", "goal")


@admin.register(Win)
class WinAdmin(admin.ModelAdmin):
    list_display = ("title", "member", "kind", "won_on")
    list_filter = ("kind",)
    raw_id_fields = ("member", "goal", "milestone")
