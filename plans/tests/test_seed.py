from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Attempt, CareerDirection
from assessments.summary import profile_summary
from careerdev.demo import DEMO_ACCOUNTS
from careerdev.models import User
from plans.models import Goal, GoalStatus, JournalEntry, Milestone, Reflection, Task, TimeBlock, Win

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_prints_the_demo_log_ins_and_gives_the_demo_member_a_full_plan():
    output = seed()

    for account in DEMO_ACCOUNTS:
        assert f"{account.email}  password: {account.password}" in output
    member = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    goals = Goal.objects.for_member(member)
    assert {goal.kind for goal in goals} == {"skills", "advancement", "change"}
    assert goals.filter(status=GoalStatus.ACHIEVED).count() == 1
    assert Task.objects.for_member(member).count() >= 15
    assert Win.objects.for_member(member).filter(kind="goal").exists()
    assert JournalEntry.objects.for_member(member).exists()
    assert TimeBlock.objects.for_member(member).count() == 2
    assert TimeBlock.objects.for_member(member).filter(goal__isnull=False).count() == 1
    reasons = set(
        Goal.history.filter(member_id=member.pk).values_list("history_change_reason", flat=True)
    )
    assert any(
        (reason or "").startswith("Changed target date: two weeks of on-call duty (monthly")
        for reason in reasons
    )
    assert Reflection.objects.for_member(member).completed().get().goal_changes.count() == 1


def test_the_demo_members_assessments_lead_to_the_goals_they_set():
    seed()
    seed()

    member = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    assert Attempt.objects.for_member(member).completed().count() == 5
    summary = profile_summary(member)
    assert summary.largest_skill_gaps(1)[0].slug == "operations-analysis"
    assert summary.interest_code.startswith("E")


def test_seed_demo_builds_members_with_plans_and_never_twice():
    seed("--members", "6")
    counts = (User.objects.count(), Goal.objects.count(), Task.objects.count())
    output = seed("--members", "6")

    assert "Created 0 members" in output
    assert (User.objects.count(), Goal.objects.count(), Task.objects.count()) == counts
    seeded = User.objects.filter(email__startswith="seed-")
    assert seeded.count() == 6
    for member in seeded:
        goals = Goal.objects.for_member(member)
        assert 2 <= goals.count() <= 4
        assert Task.objects.for_member(member).exists()
        assert member.emailaddress_set.get().verified
        assert Attempt.objects.for_member(member).completed().count() == 5


def test_seeded_history_milestones_and_wins_hang_together():
    seed("--members", "20")

    assert Goal.history.count() >= Goal.objects.count()
    for milestone in Milestone.objects.exclude(completed_at=None).select_related("goal"):
        assert not milestone.tasks.filter(status="open").exists()
        assert Win.objects.filter(milestone=milestone, member_id=milestone.goal.member_id).exists()
    for goal in Goal.objects.filter(status=GoalStatus.ACHIEVED):
        assert Win.objects.filter(goal=goal, kind="goal").exists()


def test_the_demo_member_has_a_target_role_so_the_fit_and_path_pages_show_content(client):
    seed()
    seed()
    member = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    client.force_login(member)

    direction = CareerDirection.objects.get(member=member)
    fit = client.get(reverse("assessments:fit")).content.decode()
    paths = client.get(reverse("plans:path_list")).content.decode()

    assert (direction.current_code, direction.target_code) == ("15-1232.00", "11-2021.00")
    assert member.target_role == "Marketing Managers"
    # Ranked with the demo member's own results: the list has occupations, not a prompt.
    assert "Take the interests assessment" not in fit
    assert fit.count('<li class="fit">') >= 10
    # Paths through the demo member's own roles come first.
    assert paths.index("Support technician to network architect") < paths.index(
        "Junior developer to lead developer"
    )
