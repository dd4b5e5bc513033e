from django import forms

from careerdev.models import User, time_zone_choices


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth adds e-mail and password)."""

    display_name = forms.CharField(
        max_length=80, label="Your name", help_text="How careerdev and your mentors address you."
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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "time_zone", "current_role", "target_role"]
        labels = {"display_name": "Your name"}
