"""Mentors name the occupations they held by catalogue code.

A free-text role that is exactly an occupation's title or alternate title becomes that
occupation; the others stay as written, shown on the profile but no longer matched.
"""

from django.db import migrations, models


def roles_to_occupations(apps, schema_editor):
    from mentoring.models import match_terms
    from assessments.occupations import catalogue
    from mentoring.occupations import HELD_MAX

    profiles = apps.get_model("mentoring", "MentorProfile")
    changed = []
    for profile in profiles.objects.only("pk", "roles", "expertise", "industries").iterator():
        codes, kept = [], []
        for role in profile.roles:
            occupation = catalogue().named(role)
            if occupation is None or len(codes) >= HELD_MAX:
                kept.append(role)
            elif occupation.code not in codes:
                codes.append(occupation.code)
        profile.occupations, profile.roles = codes, kept
        # The third part of the match terms was role words; it is occupation codes now.
        profile.match_terms = match_terms(profile.expertise, profile.industries, codes)
        changed.append(profile)
    profiles.objects.bulk_update(
        changed, ["occupations", "roles", "match_terms"], batch_size=1000
    )


def occupations_to_roles(apps, schema_editor):
    from mentoring.occupations import titles

    profiles = apps.get_model("mentoring", "MentorProfile")
    changed = []
    for profile in profiles.objects.only("pk", "roles", "occupations").iterator():
        names = [titles().get(code, code) for code in profile.occupations]
        profile.roles = [*names, *profile.roles]
        changed.append(profile)
    profiles.objects.bulk_update(changed, ["roles"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="mentorprofile",
            name="occupations",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="O*NET-SOC codes of the occupations held, from the occupation catalogue.",
            ),
        ),
        migrations.AlterField(
            model_name="mentorprofile",
            name="roles",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Other roles held, as written: shown, not matched.",
            ),
        ),
        migrations.RunPython(roles_to_occupations, occupations_to_roles),
    ]
