from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.timesince import timesince

from careerdev.models import Delivery, ReminderSchedule, User
from careerdev.outbox import CLAIM_EXPIRES, STUCK_AFTER, deliveries_retry

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


CLAIM_MINUTES = int(CLAIM_EXPIRES.total_seconds() // 60)
STUCK_MINUTES = int(STUCK_AFTER.total_seconds() // 60)


class StuckFilter(admin.SimpleListFilter):
    title = "stuck"
    parameter_name = "stuck"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            (
                "yes",
                f"Claimed over {CLAIM_MINUTES} minutes ago, or pending "
                f"{STUCK_MINUTES} minutes past its time",
            )
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != "yes":
            return queryset
        now = timezone.now()
        return queryset.filter(
            pk__in=Delivery.objects.stuck(
                claimed_before=now - CLAIM_EXPIRES, due_before=now - STUCK_AFTER
            ).values("pk")
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "recipient",
        "status",
        "send_after",
        "overdue",
        "claimed_at",
        "sent_at",
        "attempts",
    )
    list_filter = (StuckFilter, "status", "kind")
    list_select_related = ("member",)
    raw_id_fields = ("member", "schedule")
    search_fields = ("member__email", "address", "batch_key", "message_id")
    readonly_fields = ("created_at", "claimed_at", "sent_at", "message_id")
    actions = ("send_again",)

    @admin.display(description="overdue by")
    def overdue(self, delivery: Delivery) -> str:
        """How long past its time an e-mail that has not gone out is."""
        unsent = (Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.FAILED)
        if delivery.status not in unsent or delivery.send_after > timezone.now():
            return ""
        return timesince(delivery.send_after)

    @admin.action(description="Send again now, under the same Message-ID")
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = deliveries_retry(delivery_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            f"{count} queued again. Sent deliveries, and claims under {CLAIM_MINUTES} minutes "
            "old, are left as they are.",
        )
