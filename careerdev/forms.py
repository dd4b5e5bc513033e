import calendar
from collections.abc import Mapping
from typing import ClassVar

from django import forms

from careerdev.models import ReminderSchedule, Topic, User, ordinal, time_zone_choices
from careerdev.reminders import ScheduleSetting, reminder_schedules_reschedule
from careerdev.validators import validate_single_line


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth adds e-mail and password)."""

    display_name = forms.CharField(
        max_length=80,
        label="Your name",
        help_text="How careerdev and your mentors address you.",
        validators=[validate_single_line],
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Reminders and due dates follow this time zone.",
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])
        # The default schedules were made when the account was, before its zone was known.
        reminder_schedules_reschedule(member=user)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "time_zone", "current_role", "target_role"]
        labels = {"display_name": "Your name"}


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this deletes my account and all my data, for good.",
        error_messages={"required": "Tick the box to confirm that you want everything deleted."},
    )


HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
DAYS = [(day, ordinal(day)) for day in range(1, 32)]
WEEKDAYS = list(enumerate(calendar.day_name))
MONTHS = [(month, calendar.month_name[month]) for month in range(1, 13)]
QUARTERS = [
    (1, "January, April, July and October"),
    (2, "February, May, August and November"),
    (3, "March, June, September and December"),
]
SHORT_MONTH_HELP = "In a shorter month, a later day means that month's last day."


def _choice(choices: list[tuple[int, str]], label: str, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(coerce=int, choices=choices, label=label, help_text=help_text)


def _switch(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        required=False, label=label, widget=forms.CheckboxInput(attrs={"role": "switch"})
    )


class ReminderSettingsForm(forms.Form):
    """Reflection reminders, the weekly digest and mentor notices. Times are local."""

    monthly_enabled = _switch("Remind me to reflect every month")
    monthly_day = _choice(DAYS, "Day of the month", SHORT_MONTH_HELP)
    monthly_hour = _choice(HOURS, "Time")
    quarterly_enabled = _switch("Remind me to reflect every quarter")
    quarterly_month = _choice(QUARTERS, "Months")
    quarterly_day = _choice(DAYS, "Day of the month", SHORT_MONTH_HELP)
    quarterly_hour = _choice(HOURS, "Time")
    yearly_enabled = _switch("Remind me to reflect every year")
    yearly_month = _choice(MONTHS, "Month")
    yearly_day = _choice(DAYS, "Day", "29 February means the 28th in other years.")
    yearly_hour = _choice(HOURS, "Time")
    digest_enabled = _switch("Send me a weekly digest of what is due and overdue")
    digest_day = _choice(WEEKDAYS, "Day of the week")
    digest_hour = _choice(HOURS, "Time")
    mentor_comments = _switch("E-mail me when a mentor comments")
    programme_checkins = _switch("E-mail me my programmes' check-ins")

    PREFIXES: ClassVar[dict[str, str]] = {
        Topic.REFLECTION_MONTHLY: "monthly",
        Topic.REFLECTION_QUARTERLY: "quarterly",
        Topic.REFLECTION_YEARLY: "yearly",
        Topic.WEEKLY_DIGEST: "digest",
    }

    def __init__(self, *args: object, in_programme: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not in_programme:
            # Only members of a programme get its check-ins: nothing to choose otherwise.
            del self.fields["programme_checkins"]

    @classmethod
    def initial_for(
        cls,
        schedules: Mapping[str, ReminderSchedule],
        mentor_comments: bool,
        programme_checkins: bool = True,
    ) -> dict[str, object]:
        initial: dict[str, object] = {
            "mentor_comments": mentor_comments,
            "programme_checkins": programme_checkins,
        }
        for topic, prefix in cls.PREFIXES.items():
            schedule = schedules[topic]
            month = (schedule.month - 1) % 3 + 1 if prefix == "quarterly" else schedule.month
            initial |= {
                f"{prefix}_enabled": schedule.enabled,
                f"{prefix}_day": schedule.day,
                f"{prefix}_hour": schedule.hour,
                f"{prefix}_month": month,
            }
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        month, day = cleaned.get("yearly_month"), cleaned.get("yearly_day")
        if month and day and day > calendar.monthrange(2024, month)[1]:  # 2024: a leap year
            self.add_error("yearly_day", f"{calendar.month_name[month]} has no {ordinal(day)}.")
        return cleaned

    def schedule_settings(self) -> dict[str, ScheduleSetting]:
        data = self.cleaned_data
        return {
            topic: ScheduleSetting(
                enabled=data[f"{prefix}_enabled"],
                day=data[f"{prefix}_day"],
                hour=data[f"{prefix}_hour"],
                month=data.get(f"{prefix}_month", 1),
            )
            for topic, prefix in self.PREFIXES.items()
        }
