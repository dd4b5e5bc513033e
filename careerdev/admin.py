from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from careerdev.models import Delivery, ReminderSchedule, User

# The admin's own log-in form counts no failed attempts: staff log in through the site's
# log-in, with its rate limits, and come back.
admin.site.login = secure_admin_login(admin.site.login)


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("email",)
    list_display = ("email", "display_name", "current_role", "is_staff", "date_joined")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone", "current_role", "target_role")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = ("member", "topic", "enabled", "day", "month", "hour", "next_run_at")
    list_filter = ("topic", "enabled")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    search_fields = ("member__email",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "status", "send_after", "sent_at", "attempts")
    list_filter = ("status", "kind")
    list_select_related = ("member",)
    raw_id_fields = ("member", "schedule")
    search_fields = ("member__email", "address", "batch_key")
    readonly_fields = ("created_at", "claimed_at", "sent_at")
