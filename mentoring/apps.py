from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_signed_up

        from mentoring import emails, programmes
        from mentoring.receivers import accept_invitation_on_signup, join_programmes_by_domain

        emails.register()
        programmes.register()
        user_signed_up.connect(accept_invitation_on_signup, dispatch_uid="mentoring-invitation")
        email_confirmed.connect(join_programmes_by_domain, dispatch_uid="mentoring-programmes")
        _pages_concerned()


def _pages_concerned() -> None:
    """Rows that members' cached pages show (careerdev/fragments.py): both sides of a
    mentorship see it, and each other's names."""
    from django.db.models import Q
    from django.db.models.signals import m2m_changed

    from careerdev.fragments import concerns, followers, members_changed
    from careerdev.models import User
    from mentoring.models import (
        Comment,
        FeedbackRequest,
        Invitation,
        MentorProfile,
        Mentorship,
        MentorshipRequest,
    )
    from mentoring.programme_models import Programme, ProgrammeMembership

    def partners(user: User) -> list[int]:
        pairs = Mentorship.objects.active().filter(Q(member=user) | Q(mentor=user))
        return [pk for pair in pairs.values_list("member", "mentor") for pk in pair]

    concerns(User, partners)
    # A mentor's pages show their mentees' progress.
    followers(lambda ids: Mentorship.objects.active().filter(member__in=ids).values("mentor_id"))
    concerns(Mentorship, lambda row: [row.member_id, row.mentor_id])
    concerns(MentorshipRequest, lambda row: [row.member_id, row.mentor_id])
    concerns(FeedbackRequest, lambda row: [row.mentorship.member_id, row.mentorship.mentor_id])
    concerns(Comment, lambda row: [row.owner_id, row.author_id])
    concerns(MentorProfile, lambda row: [row.user_id])
    concerns(Invitation, lambda row: [row.member_id])
    # The dashboard shows each programme a member is in, with its guidance and paths.
    concerns(ProgrammeMembership, lambda row: [row.member_id])
    concerns(Programme, lambda row: row.memberships.values_list("member_id", flat=True))

    def goals_shared(sender: type, instance: object, action: str, **kwargs: object) -> None:
        if action.startswith("post_") and isinstance(instance, Mentorship):
            members_changed([instance.member_id, instance.mentor_id])

    m2m_changed.connect(
        goals_shared, sender=Mentorship.goals.through, dispatch_uid="fragments-mentorship-goals"
    )
